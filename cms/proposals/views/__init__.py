"""What the proposal index page serves: browsing, writing and taking part. Every write goes
through dialogue.proposals.services; permissions are asked with has_perm."""
