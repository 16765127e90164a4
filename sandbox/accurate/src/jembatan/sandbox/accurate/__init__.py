"""Jembatan accurate."""
