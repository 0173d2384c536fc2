"""Text renderers of the core's results for the console (and the CLI)."""
