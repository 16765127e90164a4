from jembatan.platform.alembic_env import run

run()
