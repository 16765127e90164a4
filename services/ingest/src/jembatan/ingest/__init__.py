"""Jembatan ingest."""
