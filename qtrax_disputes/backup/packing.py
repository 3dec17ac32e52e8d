"""A backup as one compressed file, sealed with a key file or not, and back as a folder.

``backup create`` builds the backup folder (archive.py) and, when PATH names an archive, packs
it: ``NAME.tar.gz`` is compressed (gzip), ``NAME.tar.gz.enc`` is compressed and then sealed
with ``--key-file`` (sealing.py). A PATH with neither ending is written as a folder, the form
of backups before archives, which ``restore`` reads as it always did.
"""

from __future__ import annotations

import os
import shutil
import tarfile
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from qtrax_disputes.core.progress import each

from .archive import BackupError
from .sealing import SealError, is_sealed, read_key, seal, unseal

ARCHIVE_SUFFIXES = (".tar.gz", ".tgz")
SEALED_SUFFIX = ".enc"
FOLDER, ARCHIVE, SEALED = "folder", "archive", "sealed"


def target_kind(path: Path, key_file: Path | None) -> str:
    name = path.name
    if name.endswith(SEALED_SUFFIX):
        if key_file is None:
            raise BackupError(f"{name} ends in {SEALED_SUFFIX}, a sealed backup: give the key "
                              "to seal it with, --key-file KEYFILE (`flask backup keygen "
                              "KEYFILE` makes one).")
        return SEALED
    if key_file is not None:
        raise BackupError("a backup sealed with --key-file is named NAME.tar.gz.enc; "
                          f"{name} does not say it is sealed.")
    return ARCHIVE if name.endswith(ARCHIVE_SUFFIXES) else FOLDER


def key_from(key_file: Path | None) -> bytes | None:
    if key_file is None:
        return None
    try:
        return read_key(key_file)
    except SealError as exc:
        raise BackupError(str(exc)) from None


def pack(folder: Path, target: Path, key: bytes | None) -> None:
    """Write ``folder`` as a .tar.gz (sealed when ``key`` is given) at ``target``, atomically."""
    members = sorted(p for p in folder.rglob("*") if p.is_file())
    fd, tmp_name = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.partial-")
    os.close(fd)
    tmp = Path(tmp_name)
    try:
        with tarfile.open(tmp, "w:gz", compresslevel=6) as tar:
            for member in each(members, "packing   ", len(members)):
                tar.add(member, arcname=member.relative_to(folder).as_posix(), recursive=False)
        if key is not None:
            sealed = tmp.with_name(tmp.name + ".sealed")
            try:
                with tmp.open("rb") as src, sealed.open("wb") as out:
                    seal(src, out, key)
                    out.flush()
                    os.fsync(out.fileno())
                os.replace(sealed, tmp)
            finally:
                sealed.unlink(missing_ok=True)
        os.replace(tmp, target)
    finally:
        tmp.unlink(missing_ok=True)


@contextmanager
def opened(path: Path, key_file: Path | None) -> Iterator[Path]:
    """The backup at ``path`` as a folder: itself, or its archive unpacked into a temporary
    folder that is removed afterwards."""
    if path.is_dir():
        yield path
        return
    if not path.is_file():
        raise BackupError(f"{path} does not exist; give the folder or file `backup create` "
                          "wrote.")
    work = Path(tempfile.mkdtemp(prefix="qtrax-restore-"))
    try:
        archive = path
        if is_sealed(path):
            if key_file is None:
                raise BackupError(f"{path.name} is sealed: give the key file it was sealed "
                                  "with, --key-file KEYFILE.")
            key = key_from(key_file)
            assert key is not None
            archive = work / "backup.tar.gz"
            try:
                with path.open("rb") as src, archive.open("wb") as out:
                    unseal(src, out, key)
            except SealError as exc:
                raise BackupError(str(exc)) from None
        folder = work / "backup"
        try:
            with tarfile.open(archive, "r:gz") as tar:
                members = tar.getmembers()
                for member in each(members, "unpacking ", len(members)):
                    tar.extract(member, folder, filter="data")
        except (tarfile.TarError, EOFError, OSError) as exc:
            raise BackupError(f"{path.name} cannot be unpacked ({exc}); it is not a backup "
                              "archive or it is damaged. Nothing was restored.") from None
        yield folder
    finally:
        shutil.rmtree(work, ignore_errors=True)
