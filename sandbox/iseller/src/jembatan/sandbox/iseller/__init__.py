"""Jembatan iseller."""
