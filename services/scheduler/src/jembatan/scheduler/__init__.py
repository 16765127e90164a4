"""Jembatan scheduler."""
