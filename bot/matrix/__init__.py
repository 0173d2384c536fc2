"""The Matrix adapter: a matrix-nio client that parses events and renders the core's answers."""
