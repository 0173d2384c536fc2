"""Référentiel and tool advisor: which families of digital usage and tools fit a need."""
