"""Diagnostics: what validation found, where, and how to report it."""

from __future__ import annotations

import json
import unicodedata
from collections.abc import Iterable
from dataclasses import asdict, dataclass
from typing import Literal

Severity = Literal["error", "warning"]

DOCUMENT = "(document)"
"""Field name used when a problem concerns the whole file rather than one field."""


def _unprintable(char: str) -> bool:
    """Control characters, line and paragraph separators, invisible format characters, and code
    points a terminal has no glyph for: noncharacters (U+FFFE), unassigned ones and lone surrogates."""
    return (
        char < " "
        or "\x7f" <= char <= "\x9f"
        or char in "\u2028\u2029"
        or unicodedata.category(char) in ("Cf", "Cn", "Cs")
    )


def _escape(char: str) -> str:
    code = ord(char)
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}" if code < 0x10000 else f"\\U{code:08x}"


def printable(text: str) -> str:
    """Text for a terminal or a log: control characters (ESC, BEL, line breaks, C1 codes), line and
    paragraph separators, invisible format characters (bidi controls), noncharacters, unassigned
    code points and lone surrogates written as escapes such as
    ``\\x1b``, so that record text or a file name can neither rewrite what the screen shows nor start
    another line of the report."""
    if text.isascii() and text.isprintable():
        return text
    return "".join(_escape(char) if _unprintable(char) else char for char in text)


@dataclass(frozen=True, slots=True, order=True)
class Diagnostic:
    """One problem in one file, at one position (line and column count from 1)."""

    path: str
    line: int
    column: int
    field: str
    message: str
    hint: str = ""
    severity: Severity = "error"

    def text(self) -> str:
        """One line, whatever the path, field or message hold (see :func:`printable`)."""
        hint = f" ({self.hint})" if self.hint else ""
        return printable(f"{self.path}:{self.line}:{self.column}: {self.field}: {self.message}{hint}")


def _github_escape(value: str, *, property_value: bool = False) -> str:
    """A workflow command's data: ``%``, line breaks and, in a property, ``:`` and ``,`` escaped as GitHub
    reads them, so that no text can end the command or start another; control characters as escapes."""
    value = printable(value.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A"))
    if property_value:
        value = value.replace(":", "%3A").replace(",", "%2C")
    return value


def format_text(errors: Iterable[Diagnostic], warnings: Iterable[Diagnostic]) -> str:
    lines = [d.text() for d in sorted(errors)]
    warning_lines = [d.text() for d in sorted(warnings)]
    if warning_lines:
        if lines:
            lines.append("")
        lines.append("warnings:")
        lines.extend(warning_lines)
    return "\n".join(lines)


def format_github(errors: Iterable[Diagnostic], warnings: Iterable[Diagnostic]) -> str:
    """Workflow commands, so that GitHub shows each problem on its line of the pull request."""
    lines = []
    for d in [*sorted(errors), *sorted(warnings)]:
        hint = f" ({d.hint})" if d.hint else ""
        props = ",".join(
            [
                f"file={_github_escape(d.path, property_value=True)}",
                f"line={d.line}",
                f"col={d.column}",
                f"title={_github_escape(d.field, property_value=True)}",
            ]
        )
        lines.append(f"::{d.severity} {props}::{_github_escape(d.message + hint)}")
    return "\n".join(lines)


def format_json(errors: Iterable[Diagnostic], warnings: Iterable[Diagnostic], files: int) -> str:
    return json.dumps(
        {
            "files": files,
            "errors": [asdict(d) for d in sorted(errors)],
            "warnings": [asdict(d) for d in sorted(warnings)],
        },
        allow_nan=False,
        indent=2,
        ensure_ascii=False,
    ).translate(_JSON_INVISIBLE)


_JSON_INVISIBLE = {code: f"\\u{code:04x}" for code in [*range(0x7F, 0xA0), 0x2028, 0x2029]}
"""What JSON may hold raw but a terminal would act on (C1 codes) or read as a line break: escaped."""


REPORTERS = {"text": format_text, "github": format_github}
