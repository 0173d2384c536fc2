"""Coopilote: community-of-practice and decision bot for the social economy."""

__version__ = "0.1.0"
