"""One input file as the readers see it, and the checks every text reader shares.

Size is checked before reading (a 50 MB dump is rejected unread); bytes are decoded as UTF-8, else
as the encoding the file declares, else as charset_normalizer's best guess, with a warning.
"""

from __future__ import annotations

import codecs
import logging
import re
from dataclasses import dataclass
from pathlib import Path

import charset_normalizer

from chorus.errors import InputError
from chorus.settings import Settings

log = logging.getLogger(__name__)

BINARY_SNIFF_BYTES = 8192
"""NUL bytes in the first 8 KiB mark a binary file (the rule git and grep use)."""
MAX_CONTROL_SHARE = 0.01
"""Decoded text with more than 1% control characters (tabs and newlines aside) is not prose."""

_DECLARED_RE = re.compile(rb"""(?:charset|encoding)\s*=\s*["']?([A-Za-z0-9_.:-]{2,40})""")
_CONTROL_RE = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


@dataclass(frozen=True, slots=True)
class Source:
    """A file to read: where it is, how the user named it, and its default article id."""

    path: Path
    shown: str
    """The path as given (or under the folder as given): `Article.path`."""
    ident: str
    """Path relative to the input root, posix-style: the article id when the data has none."""


def read_bytes(source: Source, settings: Settings) -> bytes:
    """Return the file's bytes, refusing one over `settings.max_file_bytes` without reading it."""
    try:
        size = source.path.stat().st_size
        if size > settings.max_file_bytes:
            raise InputError(
                source.shown,
                f"file is too large ({size} bytes; max_file_bytes is {settings.max_file_bytes})",
            )
        return source.path.read_bytes()
    except OSError as exc:
        raise InputError(source.shown, f"cannot read file: {exc.strerror or exc}") from exc


def read_text(source: Source, settings: Settings) -> tuple[str, str | None]:
    """Return the decoded text of a file and a warning when it was not UTF-8."""
    return decode(read_bytes(source, settings), source.shown)


def decode(data: bytes, where: str) -> tuple[str, str | None]:
    """Decode `data` as text: UTF-8, else its declared encoding, else the best guess.

    Raises:
        InputError: the data is empty, binary, or fits no text encoding.
    """
    if not data.strip():
        raise InputError(where, "empty file")
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return _checked(data.decode("utf-16", errors="strict"), where), None
    if b"\x00" in data[:BINARY_SNIFF_BYTES]:
        raise InputError(where, "binary file, not text")
    try:
        return _checked(data.decode("utf-8-sig"), where), None
    except UnicodeDecodeError:
        pass
    declared = _declared_encoding(data)
    if declared:
        try:
            text = data.decode(declared)
            return _checked(text, where), f"not UTF-8; decoded as declared {declared}"
        except (UnicodeDecodeError, LookupError):
            log.debug("%s: declared encoding %s does not fit", where, declared)
    best = charset_normalizer.from_bytes(data).best()
    if best is None:
        raise InputError(where, "not valid UTF-8 and no other text encoding fits")
    return _checked(str(best), where), f"not UTF-8; decoded as {best.encoding} (guessed)"


def _declared_encoding(data: bytes) -> str | None:
    match = _DECLARED_RE.search(data[:2048])
    if not match:
        return None
    name = match.group(1).decode("ascii")
    try:
        return codecs.lookup(name).name
    except LookupError:
        return None


def _checked(text: str, where: str) -> str:
    if not text.strip():
        raise InputError(where, "empty file")
    if len(_CONTROL_RE.findall(text)) > MAX_CONTROL_SHARE * len(text):
        raise InputError(where, "binary file, not text")
    return text
