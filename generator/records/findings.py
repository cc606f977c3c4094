"""A record file as the checks see it: its data, where each of its fields is, and where its problems go.

:class:`RecordFile` is a file being checked here; :class:`Summary` is what the checks across records need
of a file checked in another process. Imports the loader, the schema's field paths, dates and diagnostics.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from generator.records import schema
from generator.records.dates import DateError, LabelDate, PartialDate, parse_label_date
from generator.records.diagnostics import DOCUMENT, Diagnostic
from generator.records.loader import Document, Mark, Node, locate, to_data
from generator.records.model import Registry


@dataclass
class Result:
    """What validation found; ``registry`` is set only when there are no errors."""

    errors: list[Diagnostic] = field(default_factory=list)
    warnings: list[Diagnostic] = field(default_factory=list)
    files: int = 0
    registry: Registry | None = None

    @property
    def ok(self) -> bool:
        return not self.errors


def display_path(path: Path) -> str:
    """A path as people and CI annotations want it: relative to the working folder where possible."""
    try:
        relative = os.path.relpath(path)
    except ValueError:  # pragma: no cover - other drive on Windows
        return path.as_posix()
    return Path(relative).as_posix() if not relative.startswith("..") else path.as_posix()


class Record:
    """A record file as the checks across records see it: its data, where its fields are, and where
    its problems go."""

    data: Any
    result: Result

    @property
    def path(self) -> str:
        raise NotImplementedError

    def mark(self, where: tuple[str | int, ...], *, key: bool = False) -> Mark:
        raise NotImplementedError

    def report(
        self,
        where: tuple[str | int, ...],
        message: str,
        hint: str = "",
        *,
        warning: bool = False,
        key: bool = False,
    ) -> None:
        mark = self.mark(where, key=key)
        diagnostic = Diagnostic(
            self.path,
            mark.line,
            mark.column,
            schema.field_path(where) if where else DOCUMENT,
            message,
            hint,
            "warning" if warning else "error",
        )
        (self.result.warnings if warning else self.result.errors).append(diagnostic)

    def get(self, *where: str | int) -> Any:
        value: Any = self.data
        for step in where:
            if isinstance(step, str) and isinstance(value, dict):
                value = value.get(step)
            elif isinstance(step, int) and isinstance(value, list) and 0 <= step < len(value):
                value = value[step]
            else:
                return None
        return value


class RecordFile(Record):
    """One file being checked: its document, its data, and where its problems go."""

    def __init__(self, document: Document, result: Result) -> None:
        self.document = document
        self.root: Node | None = document.root
        self.data = to_data(document.root)
        self.result = result

    @property
    def path(self) -> str:
        return self.document.path

    def mark(self, where: tuple[str | int, ...], *, key: bool = False) -> Mark:
        return locate(self.root, where, key=key)

    def date(self, *where: str | int) -> PartialDate | None:
        """The date at a field, reporting one that is not on the calendar; None if absent or wrong."""
        found = self._date(where, spans=False)
        assert found is None or isinstance(found, PartialDate)
        return found

    def label_date(self, *where: str | int) -> LabelDate | None:
        """A label's date at a field, which may also be an interval (``2024-07/2024-09``)."""
        return self._date(where, spans=True)

    def _date(self, where: tuple[str | int, ...], *, spans: bool) -> LabelDate | None:
        value = self.get(*where)
        if value is None or isinstance(value, bool) or not isinstance(value, (str, int)):
            return None
        try:
            return parse_label_date(value) if spans else PartialDate.parse(value)
        except DateError as exc:
            if exc.form:
                return None  # wrong form: the schema has said so already
            self.report(where, str(exc), exc.hint)
            return None


class Summary(Record):
    """What the checks across records need of a file checked in another process: its data and where its
    id, aliases and name are (its node tree stays behind: sending it would cost more than reading it)."""

    def __init__(self, file: RecordFile) -> None:
        self.data = file.data
        self.result = file.result
        self._path = file.path
        fields: list[tuple[str | int, ...]] = [("id",), ("name",)]
        aliases = file.get("aliases")
        if isinstance(aliases, list):
            fields.extend(("aliases", index) for index in range(len(aliases)))
        self.marks = {where: file.mark(where) for where in fields}

    @property
    def path(self) -> str:
        return self._path

    def mark(self, where: tuple[str | int, ...], *, key: bool = False) -> Mark:
        return self.marks[where]

    def __getstate__(self) -> dict[str, Any]:
        return {name: value for name, value in self.__dict__.items() if name != "result"}
