"""The server harness shared by tests/integration/, tests/e2e/ and bench/ (see servers.py)."""
