"""Jembatan devstack."""
