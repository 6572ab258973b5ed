"""Opinion map pages: reading a map, downloading it, and the staff pages that make,
recompute and annotate maps."""
