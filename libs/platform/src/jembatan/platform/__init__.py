"""Jembatan platform."""
