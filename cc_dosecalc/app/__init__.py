"""The application layer: what the window and the command line do, in plain Python (no Qt)."""
