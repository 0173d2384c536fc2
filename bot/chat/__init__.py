"""The chat layer shared by every platform: neutral replies (more to come: commands, forms)."""
