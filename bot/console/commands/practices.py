"""Console commands of practices (to be written: see issue 4)."""
