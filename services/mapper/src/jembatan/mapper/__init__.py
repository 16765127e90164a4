"""Jembatan mapper."""
