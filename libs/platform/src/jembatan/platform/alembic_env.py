"""The body of every service's Alembic `env.py`: migrate on the connection the service hands over."""

from __future__ import annotations

from alembic import context


def run(version_table: str = "alembic_version") -> None:
    connection = context.config.attributes.get("connection")
    if connection is None:
        raise RuntimeError("run migrations through Database.migrate(), which passes the connection")
    context.configure(
        connection=connection, target_metadata=None, render_as_batch=True, version_table=version_table
    )
    with context.begin_transaction():
        context.run_migrations()
