"""Files kept by their SHA-256 under one directory, written so a failed request leaves none.

A file is streamed to a temporary file in the same directory tree (so the final move is an
atomic rename on one filesystem), hashed and sniffed on the way, and only then moved to
``root/ab/cdef…``. A transaction remembers the files it created; if the block it guards
fails (the database commit included), they are removed again. Identical content is kept once.
"""

from __future__ import annotations

import hashlib
import os
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

from .sniff import describe, sniff

CHUNK = 64 * 1024


class StorageError(Exception):
    """A file refused; ``message`` is meant for the person who chose it."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


class MissingFile(StorageError):
    pass


@dataclass(frozen=True)
class StoredFile:
    sha256: str
    size: int
    media_type: str
    created: bool  # False when identical content was already stored


def _mb(n: int) -> str:
    return f"{n / (1024 * 1024):.0f} MB" if n >= 1024 * 1024 else f"{n} bytes"


class Storage:
    def __init__(self, root: str | os.PathLike):
        self.root = Path(root)

    def path_for(self, sha256: str) -> Path:
        if len(sha256) != 64 or any(c not in "0123456789abcdef" for c in sha256):
            raise MissingFile("No such file.")
        return self.root / sha256[:2] / sha256[2:]

    def exists(self, sha256: str) -> bool:
        return self.path_for(sha256).is_file()

    def open(self, sha256: str) -> BinaryIO:
        try:
            return self.path_for(sha256).open("rb")
        except FileNotFoundError as exc:
            raise MissingFile("The stored file is missing.") from exc

    def delete(self, sha256: str) -> None:
        self.path_for(sha256).unlink(missing_ok=True)

    def stored_hashes(self) -> Iterator[str]:
        if not self.root.is_dir():
            return
        for folder in self.root.iterdir():
            if folder.is_dir() and len(folder.name) == 2:
                for item in folder.iterdir():
                    if item.is_file():
                        yield folder.name + item.name

    @contextmanager
    def transaction(self) -> Iterator[StorageTransaction]:
        tx = StorageTransaction(self)
        try:
            yield tx
        except BaseException:
            tx.rollback()
            raise


class StorageTransaction:
    def __init__(self, storage: Storage):
        self.storage = storage
        self.created: list[Path] = []

    def put(self, stream: BinaryIO, *, max_bytes: int,
            allowed_types: frozenset[str] | None = None) -> StoredFile:
        try:
            return self._put(stream, max_bytes, allowed_types)
        except OSError as exc:
            # A full disk or an unwritable folder: the person is told; nothing is kept.
            raise StorageError("the file could not be stored just now (the server's storage "
                               "is full or unavailable). Nothing was saved; please try again "
                               "later.") from exc

    def _put(self, stream: BinaryIO, max_bytes: int,
             allowed_types: frozenset[str] | None) -> StoredFile:
        tmp_dir = self.storage.root / "tmp"
        tmp_dir.mkdir(parents=True, exist_ok=True)
        digest = hashlib.sha256()
        size = 0
        fd, tmp_name = tempfile.mkstemp(dir=tmp_dir, prefix="upload-")
        tmp_path = Path(tmp_name)
        try:
            with os.fdopen(fd, "w+b") as out:
                while block := stream.read(CHUNK):
                    size += len(block)
                    if size > max_bytes:
                        raise StorageError(f"the file is larger than the {_mb(max_bytes)} "
                                           "limit for one file.")
                    digest.update(block)
                    out.write(block)
                if size == 0:
                    raise StorageError("the file is empty.")
                out.flush()
                os.fsync(out.fileno())
                media_type = sniff(out)
            if allowed_types is not None and media_type not in allowed_types:
                accepted = ", ".join(sorted(describe(t) for t in allowed_types))
                raise StorageError(f"this is not an accepted type of file (accepted: {accepted}; "
                                   "the content is checked, not the name).")
            sha = digest.hexdigest()
            final = self.storage.path_for(sha)
            if final.exists():
                tmp_path.unlink()
                return StoredFile(sha, size, media_type, created=False)
            final.parent.mkdir(parents=True, exist_ok=True)
            os.replace(tmp_path, final)
            self.created.append(final)
            return StoredFile(sha, size, media_type, created=True)
        finally:
            tmp_path.unlink(missing_ok=True)

    def rollback(self) -> None:
        for path in self.created:
            path.unlink(missing_ok=True)
        self.created.clear()
