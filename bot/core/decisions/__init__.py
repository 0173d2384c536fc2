"""Asynchronous board decisions: motions, polls, meeting polls, register and audit."""
