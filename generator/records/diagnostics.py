"""Diagnostics: what validation found, where, and how to report it."""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import asdict, dataclass
from typing import Literal

Severity = Literal["error", "warning"]

DOCUMENT = "(document)"
"""Field name used when a problem concerns the whole file rather than one field."""


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
        hint = f" ({self.hint})" if self.hint else ""
        return f"{self.path}:{self.line}:{self.column}: {self.field}: {self.message}{hint}"


def _github_escape(value: str, *, property_value: bool = False) -> str:
    value = value.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")
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
    )


REPORTERS = {"text": format_text, "github": format_github}
