"""The database's own parts: column types, SQLite's connection set-up, the model registry
and the migration filters."""
