"""The application layer: what the window and the command line work on, in plain Python (no Qt)."""
