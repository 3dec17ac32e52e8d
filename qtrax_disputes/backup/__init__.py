"""Backups: a whole instance (database rows, uploaded files, stored reports) in one folder.

``flask backup create PATH`` writes a logical, dialect-neutral dump (one JSON Lines file per
table) plus copies of the files and a manifest with their SHA-256; ``flask backup restore
PATH`` puts it back into an empty database at the same schema revision. A backup taken from
SQLite restores into PostgreSQL and the other way round.
"""

from .archive import BackupError, create_backup, restore_backup

__all__ = ["BackupError", "create_backup", "restore_backup"]
