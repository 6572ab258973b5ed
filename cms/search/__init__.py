"""Site-wide search: pages, pilots, organisations, proposals and sessions (see services.py)."""
