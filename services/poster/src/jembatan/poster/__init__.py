"""Jembatan poster."""
