"""What the tests share: the server harness of tests/integration/, tests/e2e/ and bench/
(servers.py), and signed-in Django test clients (clients.py)."""
