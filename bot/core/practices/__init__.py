"""Bonnes pratiques: structured practice records and their French full-text search."""
