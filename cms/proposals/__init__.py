"""The public face of co-creation proposals (dialogue.proposals): index, pages, feed, forms."""
