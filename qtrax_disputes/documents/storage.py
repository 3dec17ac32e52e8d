"""Files kept by their SHA-256 under one directory, never removed while a row may need them.

A file is streamed to a temporary file in the same directory tree (so the final move is an
atomic rename on one filesystem), hashed and sniffed on the way, and only then moved to
``root/ab/cdef…``. Identical content is kept once, so one file may serve requests that know
nothing of each other: a request that fails does not remove what it stored, because another
request may have just reused it. Files no row uses are left to ``collect``, which removes
only those untouched for a grace period longer than any request: storing or reusing a file
touches it, so a request still in flight always finds its files in place.
"""

from __future__ import annotations

import hashlib
import os
import secrets
import tempfile
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

from .sniff import describe, sniff

CHUNK = 64 * 1024
TMP = "tmp"
UPLOAD_PREFIX = "upload-"
QUARANTINE_PREFIX = "gc-"


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


def _touch(path: Path) -> bool:
    """Mark ``path`` as just used; False when it is not there (or no longer), or when this
    process may not change its time (a file restored by another user): the caller then
    replaces it with its own copy of the same bytes, which is as good."""
    try:
        os.utime(path)
    except (FileNotFoundError, PermissionError):
        return False
    return True


def _older_than(path: Path, cutoff: float) -> bool:
    try:
        return path.stat().st_mtime < cutoff
    except FileNotFoundError:
        return False


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

    def collect(self, candidates: Iterable[str], cutoff: float) -> list[str]:
        """Remove each candidate file untouched since ``cutoff`` (a time.time() value).

        The caller has found that no committed row uses the candidates, and took ``cutoff``
        (now minus the grace period) before it looked: a request that stores or reuses a file
        touches it first, so one still in flight has touched it after the cutoff.
        """
        return [sha for sha in candidates if self._remove_if_untouched(sha, cutoff)]

    def _remove_if_untouched(self, sha256: str, cutoff: float) -> bool:
        if not self.untouched_since(sha256, cutoff):
            return False
        final = self.path_for(sha256)
        # Moved aside first, then judged: a request that reuses the file between the check
        # above and the move has touched it (seen below, and it goes back); one that comes
        # after the move finds no file and stores its own copy.
        aside = self._tmp_dir() / f"{QUARANTINE_PREFIX}{sha256}-{secrets.token_hex(4)}"
        aside.parent.mkdir(parents=True, exist_ok=True)
        try:
            os.rename(final, aside)
        except FileNotFoundError:
            return False
        if _older_than(aside, cutoff):
            aside.unlink(missing_ok=True)
            return True
        _put_back(aside, final)
        return False

    def untouched_since(self, sha256: str, cutoff: float) -> bool:
        return _older_than(self.path_for(sha256), cutoff)

    def restore_set_aside(self) -> int:
        """Put back files a collector killed mid-way left set aside: it had not decided yet."""
        restored = 0
        for aside in self._tmp_files(QUARANTINE_PREFIX):
            sha256 = aside.name[len(QUARANTINE_PREFIX):].split("-", 1)[0]
            try:
                final = self.path_for(sha256)
            except MissingFile:
                continue
            restored += _put_back(aside, final)
        return restored

    def collect_temporary(self, cutoff: float) -> int:
        """Remove uploads' temporary files older than ``cutoff``: a killed worker's leftovers."""
        removed = 0
        for partial in self._tmp_files(UPLOAD_PREFIX):
            if _older_than(partial, cutoff):
                partial.unlink(missing_ok=True)
                removed += 1
        return removed

    def unwritable(self) -> str | None:
        """Why a new file could not be stored now, or None when one can."""
        try:
            tmp_dir = self._tmp_dir()
            tmp_dir.mkdir(parents=True, exist_ok=True)
            with tempfile.TemporaryFile(dir=tmp_dir, prefix="probe-") as probe:
                probe.write(b"probe")
                probe.flush()
                os.fsync(probe.fileno())
        except OSError as exc:
            return f"the upload folder cannot be written ({exc.strerror or type(exc).__name__})"
        return None

    def _tmp_dir(self) -> Path:
        return self.root / TMP

    def _tmp_files(self, prefix: str) -> list[Path]:
        tmp_dir = self._tmp_dir()
        if not tmp_dir.is_dir():
            return []
        return [p for p in tmp_dir.iterdir() if p.name.startswith(prefix) and p.is_file()]

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
        """The files one request stores. Kept when the request fails (see the module's note):
        the rows are what a failure undoes, and ``collect`` removes what no row uses."""
        yield StorageTransaction(self)


def _put_back(aside: Path, final: Path) -> bool:
    # A copy stored meanwhile at ``final`` holds the same bytes; replacing it loses nothing.
    try:
        final.parent.mkdir(parents=True, exist_ok=True)
        os.replace(aside, final)
    except FileNotFoundError:
        return False
    return True


class StorageTransaction:
    def __init__(self, storage: Storage):
        self.storage = storage

    def put(self, stream: BinaryIO, *, max_bytes: int,
            allowed_types: frozenset[str] | None = None) -> StoredFile:
        try:
            return self._put(stream, max_bytes, allowed_types)
        except OSError as exc:
            # A full disk or an unwritable folder: the person is told; nothing is kept.
            raise StorageError("the file could not be stored just now (the server's storage "
                               "is full or unavailable). Nothing was saved; please try again "
                               "later.") from exc

    def reuse(self, sha256: str) -> bool:
        """Use a file already stored (a held upload's) for a row about to be written: touching
        it keeps ``collect`` away until the row is committed. False when it is gone."""
        try:
            return _touch(self.storage.path_for(sha256))
        except MissingFile:
            return False

    def _put(self, stream: BinaryIO, max_bytes: int,
             allowed_types: frozenset[str] | None) -> StoredFile:
        tmp_dir = self.storage._tmp_dir()
        tmp_dir.mkdir(parents=True, exist_ok=True)
        digest = hashlib.sha256()
        size = 0
        fd, tmp_name = tempfile.mkstemp(dir=tmp_dir, prefix=UPLOAD_PREFIX)
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
            # Touching the stored copy is what keeps ``collect`` away from it until this
            # request's row is committed; if it has just been collected, store ours.
            if _touch(final):
                return StoredFile(sha, size, media_type, created=False)
            final.parent.mkdir(parents=True, exist_ok=True)
            os.replace(tmp_path, final)
            return StoredFile(sha, size, media_type, created=True)
        finally:
            tmp_path.unlink(missing_ok=True)
