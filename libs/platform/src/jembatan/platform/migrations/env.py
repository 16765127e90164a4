from jembatan.platform.alembic_env import run

run(version_table="platform_alembic_version")
