"""What a file really is, read from its first bytes and never from its name."""

from __future__ import annotations

import posixpath
import zipfile
from typing import BinaryIO

PDF = "application/pdf"
PNG = "image/png"
JPEG = "image/jpeg"
TEXT = "text/plain"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
EML = "message/rfc822"
MSG = "application/vnd.ms-outlook"

DEFAULT_ALLOWED = frozenset({PDF, PNG, JPEG, TEXT, DOCX})

LABELS = {
    PDF: "PDF", PNG: "PNG image", JPEG: "JPEG image", TEXT: "plain text",
    DOCX: "Word document (DOCX)", EML: "email (EML)", MSG: "Outlook message (MSG)",
}

# The names a file of each type is saved under. The first is used when the uploader's name
# ends otherwise: a browser or desktop picks the program that opens a download by its
# extension, so `page.html` holding text must arrive as `page.txt`, never as a page.
EXTENSIONS: dict[str, tuple[str, ...]] = {
    PDF: (".pdf",), PNG: (".png",), JPEG: (".jpg", ".jpeg", ".jpe"), TEXT: (".txt",),
    DOCX: (".docx",), EML: (".eml",), MSG: (".msg",),
}
UNKNOWN_EXTENSION = ".bin"

HEAD_BYTES = 8192
_EMAIL_HEADERS = (b"from:", b"received:", b"return-path:", b"message-id:", b"date:",
                  b"mime-version:", b"delivered-to:", b"subject:", b"to:")


def _is_text(head: bytes) -> bool:
    if not head or b"\x00" in head:
        return False
    # The head may end inside a multi-byte character: allow up to three cut bytes.
    for cut in range(4):
        try:
            text = head[: len(head) - cut].decode("utf-8")
        except UnicodeDecodeError:
            continue
        controls = sum(1 for ch in text if ord(ch) < 32 and ch not in "\t\n\r\f")
        return controls == 0
    return False


def _zip_kind(handle: BinaryIO) -> str | None:
    handle.seek(0)
    try:
        with zipfile.ZipFile(handle) as archive:
            names = set(archive.namelist())
    except (zipfile.BadZipFile, OSError, ValueError):
        return None
    if "[Content_Types].xml" in names and "word/document.xml" in names:
        return DOCX
    return "application/zip"


def sniff(handle: BinaryIO) -> str:
    """The media type of a seekable file, judged by its content (octet-stream if unknown)."""
    handle.seek(0)
    head = handle.read(HEAD_BYTES)
    handle.seek(0)
    if head.startswith(b"%PDF-"):
        return PDF
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return PNG
    if head.startswith(b"\xff\xd8\xff"):
        return JPEG
    if head.startswith(b"PK\x03\x04"):
        kind = _zip_kind(handle)
        handle.seek(0)
        return kind or "application/octet-stream"
    if head.startswith(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"):
        return MSG
    if head.startswith((b"MZ", b"\x7fELF", b"\xcf\xfa\xed\xfe", b"#!")):
        return "application/x-executable"
    if _is_text(head):
        first = head.lstrip().split(b"\n", 1)[0].lower()
        if first.startswith(_EMAIL_HEADERS):
            return EML
        return TEXT
    return "application/octet-stream"


def describe(media_type: str) -> str:
    return LABELS.get(media_type, media_type)


def download_name(name: str, media_type: str) -> str:
    """``name`` with the extension of the type its bytes were judged to be."""
    stem, extension = posixpath.splitext(name)
    allowed = EXTENSIONS.get(media_type, (UNKNOWN_EXTENSION,))
    if extension.lower() in allowed:
        return name
    return (stem or "document") + allowed[0]
