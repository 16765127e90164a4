"""In-memory storage: tables of records per database, and the sandbox-wide registry."""
