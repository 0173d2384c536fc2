"""Practice tables (to be written: see issue 4)."""
