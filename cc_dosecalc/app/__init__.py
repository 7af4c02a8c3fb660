"""The application layer: what the window and the records work on, without Qt."""
