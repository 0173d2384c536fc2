"""Console commands of decisions (to be written: see issue 3)."""
