"""Encrypting a backup archive with a key file: AES-256-GCM in chunks, so a backup of any size
is sealed and opened without holding it in memory.

The key file holds 32 random bytes as URL-safe base64 on one line (`flask backup keygen`).
A sealed file is ``MAGIC`` and an 8-byte random nonce prefix, then chunks, each
``flag (1 byte) | length (4 bytes) | ciphertext``: chunk *i* is sealed under the prefix and
*i* as its nonce, with the magic and its flag (1 = last) as associated data, so a chunk that
is altered, moved, dropped or cut off at the end is refused, not silently restored.
"""

from __future__ import annotations

import base64
import binascii
import os
import secrets
import struct
from pathlib import Path
from typing import BinaryIO

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM

MAGIC = b"QTRAXBK1"
CHUNK = 1024 * 1024
_HEAD = struct.Struct(">BI")


class SealError(Exception):
    """The key file is unusable or does not open this backup; ``str()`` says which."""


def new_key_file(path: Path) -> None:
    """Write a new random key to ``path`` (owner-only); never over an existing file."""
    key = base64.urlsafe_b64encode(secrets.token_bytes(32)).decode("ascii")
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        raise SealError(f"{path} already exists; a key file is never overwritten (backups "
                        "sealed with it could no longer be opened).") from None
    with os.fdopen(fd, "w") as out:
        out.write(key + "\n")


def read_key(path: Path) -> bytes:
    try:
        text = path.read_text(encoding="ascii").strip()
    except (OSError, UnicodeDecodeError) as exc:
        raise SealError(f"the key file {path} cannot be read ({exc}).") from None
    try:
        key = base64.urlsafe_b64decode(text.encode("ascii"))
    except (binascii.Error, ValueError):
        key = b""
    if len(key) != 32:
        raise SealError(f"{path} is not a backup key file (expected 32 bytes in base64, as "
                        "`flask backup keygen` writes).")
    return key


def is_sealed(path: Path) -> bool:
    with path.open("rb") as fh:
        return fh.read(len(MAGIC)) == MAGIC


def seal(source: BinaryIO, target: BinaryIO, key: bytes) -> None:
    aead, prefix = AESGCM(key), secrets.token_bytes(8)
    target.write(MAGIC + prefix)
    index, block = 0, source.read(CHUNK)
    while True:
        following = source.read(CHUNK) if block else b""
        last = not following
        sealed = aead.encrypt(prefix + struct.pack(">I", index), block, MAGIC + bytes([last]))
        target.write(_HEAD.pack(last, len(sealed)) + sealed)
        if last:
            return
        index, block = index + 1, following


def unseal(source: BinaryIO, target: BinaryIO, key: bytes) -> None:
    if source.read(len(MAGIC)) != MAGIC:
        raise SealError("this file is not a sealed backup.")
    aead, prefix, index = AESGCM(key), source.read(8), 0
    while True:
        head = source.read(_HEAD.size)
        if len(head) < _HEAD.size:
            raise SealError("the sealed backup is cut short; it cannot be restored.")
        last, length = _HEAD.unpack(head)
        try:
            block = aead.decrypt(prefix + struct.pack(">I", index), source.read(length),
                                 MAGIC + bytes([last]))
        except InvalidTag:
            if index == 0:
                raise SealError("this key does not open the backup: it was sealed with "
                                "another key file (or altered). Nothing was restored.") from None
            raise SealError("the sealed backup was altered; nothing was restored.") from None
        target.write(block)
        if last:
            if source.read(1):
                raise SealError("the sealed backup has data after its end; it was altered.")
            return
        index += 1
