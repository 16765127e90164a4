"""A faithful Accurate Online emulator with real double-entry books (demo, tests, benchmarks only)."""
