"""Jembatan contracts."""
