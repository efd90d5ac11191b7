"""Alembic environment: runs on the connection claimtrack hands it (see ``store.migrate``)."""

from alembic import context

from claimtrack.store.models import SQLModel

config = context.config
target_metadata = SQLModel.metadata

connection = config.attributes.get("connection")
if connection is None:  # pragma: no cover - only when someone runs the alembic CLI by hand
    raise SystemExit("run migrations through claimtrack (open_database), not the alembic CLI")

context.configure(
    connection=connection,
    target_metadata=target_metadata,
    render_as_batch=connection.dialect.name == "sqlite",
)
with context.begin_transaction():
    context.run_migrations()
