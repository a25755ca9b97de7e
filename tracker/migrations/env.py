"""Alembic environment: always run with a connection handed over by tracker.storage.database."""
from alembic import context

from tracker.storage.schema import metadata

connection = context.config.attributes.get("connection")
if connection is None:
    raise RuntimeError("run migrations through `flask --app tracker db upgrade`")
context.configure(connection=connection, target_metadata=metadata, render_as_batch=True)
context.run_migrations()
