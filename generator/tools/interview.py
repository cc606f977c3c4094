"""The questions of ``python -m generator new``: each answer checked as it is given, and asked again while wrong.

An answer comes from its option or, in a terminal, from the person typing. Either way it is
read (:mod:`generator.tools.scaffold`), put into the record, and the record is checked by the
validator's :class:`~generator.records.validate.Checker`; the findings that concern that answer are
told in the option's terms. Without a terminal nothing is asked: every finding is collected.
"""

from __future__ import annotations

import dataclasses
import shlex
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import TextIO

from generator.records.diagnostics import Diagnostic
from generator.records.model import Sector
from generator.records.validate import Checker
from generator.tools.scaffold import (
    SOURCE_DETAILS,
    AddedLabels,
    NewLabel,
    NewRecord,
    Unreadable,
    choice,
    coordinates,
    country_code,
    explain,
    schema_choices,
    sector_ids,
    slug,
)

MAX_ANSWERS = 3
"""Answers a question takes before ``new`` gives up, so that a script fed the wrong input stops."""

Ask = Callable[[str], str]


class GaveUp(Exception):
    """The same question was answered wrongly too often, or input ended: nothing is written."""


@dataclass(frozen=True)
class Question:
    option: str
    prompt: str
    fields: tuple[str, ...]
    """Where in the record the answer goes: the validator's findings there are about it."""
    required: bool = True
    help: str = ""


NAME = Question("--name", "Name of the cluster organisation", ("name", "id"), help="as it presents itself")
ID = Question("--id", "Id", ("id",), help="lowercase letters a-z and digits, words joined by hyphens")
COUNTRY = Question("--country", "Country", ("country",), help="ISO code or English name, such as DE or Germany")
SECTORS = Question("--sectors", "Sectors", ("sectors",), help="ids, names or their beginnings, comma-separated")
CITY = Question("--city", "City", ("city",), required=False)
COORDINATES = Question(
    "--latitude/--longitude",
    "Coordinates of the city or office",
    ("location",),
    required=False,
    help="latitude, longitude in decimal degrees, such as 53.5511, 9.9937",
)
WEBSITE = Question("--website", "Website", ("website",), required=False, help="https://...")
LEVEL = Question("--level", "Level", ("labels[0].level",))
AWARDED = Question("--awarded", "Awarded", ("labels[0].awarded",), help="YYYY, YYYY-MM or YYYY-MM-DD")
VALID_UNTIL = Question(
    "--valid-until", "Valid until", ("labels[0].valid_until",), required=False, help="only as the document states it"
)
AWARDED_BY = Question("--awarded-by", "Awarded by", ("labels[0].awarded_by",), required=False)
SOURCE = Question(
    "--source",
    "Source",
    ("labels[0].source",),
    help="address of the document that records the award: a press release or list, not a home page",
)
TITLE = Question("--title", "Document's title", ("labels[0].source.title",), required=False, help="as published")
PUBLISHER = Question(
    "--publisher", "Publisher", ("labels[0].source.publisher",), required=False, help="who published the document"
)
PUBLISHED = Question(
    "--published",
    "Published",
    ("labels[0].source.published",),
    required=False,
    help="the document's date, YYYY-MM-DD; not the award's",
)
LANGUAGE = Question(
    "--language", "Language", ("labels[0].source.language",), required=False, help="of the document: en, de, pt-PT ..."
)
QUOTE = Question(
    "--quote",
    "Quotation",
    ("labels[0].source.quote",),
    required=False,
    help="the document's sentence that states the award, copied in its language",
)
LABEL_OPTIONS = ("level", "awarded", "valid_until", "awarded_by", "source", *SOURCE_DETAILS)
"""The options of one label, by the name of their ``given`` key."""


def sector_list(sectors: Iterable[Sector]) -> str:
    entries = list(sectors)
    width = max((len(s.id) for s in entries), default=0)
    return "\n".join(f"  {s.id:<{width}}  {s.name}" for s in entries)


def _touches(field: str, fields: tuple[str, ...]) -> bool:
    return any(field == f or field.startswith((f + ".", f + "[")) for f in fields)


class Interview:
    """Fills a :class:`NewRecord` from options and, when ``ask`` is given, from answers typed in a terminal."""

    def __init__(
        self,
        checker: Checker,
        root: Path,
        record: NewRecord | AddedLabels,
        *,
        ask: Ask | None,
        out: TextIO,
        target: Path | None = None,
    ) -> None:
        self.checker = checker
        self.root = root
        self.record = record
        self.ask = ask
        self.out = out
        self._target = target
        self.accepted: dict[str, str] = {}
        """The options answered so far (the organisation's and the first label's), as they were answered:
        what a person who stops can give the next run, so that no answer is typed twice."""
        self.problems: list[str] = []
        """Without a terminal: every finding, in the order of the questions."""
        self.notes: list[str] = []
        self.refused: set[str] = set()
        """Options whose value was refused: the whole record's later findings about them add nothing."""

    @property
    def derived_id(self) -> bool:
        return not self.record.id

    def target(self) -> Path:
        if self._target is not None:
            return self._target
        folder = self.record.country.lower() or "xx"
        return self.root / "clusters" / folder / f"{self.record.record_id() or 'new'}.yml"

    def findings(self, record: NewRecord | AddedLabels, fields: tuple[str, ...] = ()) -> tuple[list[str], list[str]]:
        """The validator's errors and warnings on ``record`` (those at ``fields`` only, if given), as options."""
        result = self.checker.check(record.text(), self.target())

        def told(found: list[Diagnostic]) -> list[str]:
            return [
                explain(d, derived_id=self.derived_id, labels=len(record.labels))
                for d in found
                if not fields or _touches(d.field, fields)
            ]

        return told(result.errors), told(result.warnings)

    def tell(self, text: str) -> None:
        print(text, file=self.out)

    def settle(
        self, question: Question, given: str | None, take: Callable[[str], str], label: NewLabel | None = None
    ) -> None:
        """Take the option's value (or, in a terminal, ask for it) until the validator finds nothing wrong with it.

        ``take`` puts an answer into the record and returns how it was read, to be shown (``Germany: DE``)."""
        answer = given
        for attempt in range(1, MAX_ANSWERS + 1):
            if answer is None:
                if self.ask is None:
                    return
                answer = self._ask(self.ask, question)
            errors, warnings = self._check(question, answer, take, label)
            if not errors:
                if answer and (label is None or label is self.record.labels[0]):
                    self.accepted[question.option] = answer
                for warning in warnings:
                    (self.tell if self.ask else self.notes.append)(f"{'  ' if self.ask else ''}warning: {warning}")
                return
            if self.ask is None:
                self.problems.extend(errors)
                self.refused.add(question.option)
                return
            for error in errors:
                self.tell(f"  {error}")
            if attempt == MAX_ANSWERS:
                raise GaveUp(f"{question.option}: still wrong after {MAX_ANSWERS} answers")
            answer = None

    @staticmethod
    def _ask(ask: Ask, question: Question) -> str:
        extra = "; Enter to skip" if not question.required else ""
        shown = f" ({question.help}{extra})" if question.help else " (Enter to skip)" if extra else ""
        try:
            return ask(f"{question.prompt}{shown} [{question.option}]: ").strip()
        except EOFError:
            raise GaveUp(f"{question.option}: no answer (the input ended)") from None

    def _check(
        self, question: Question, answer: str, take: Callable[[str], str], label: NewLabel | None
    ) -> tuple[list[str], list[str]]:
        if not answer and question.required:
            help_text = f"; {question.help}" if question.help else ""
            take("")
            return [f"{question.option}: an answer is needed{help_text}"], []
        try:
            shown = take(answer)
        except Unreadable as exc:
            return [f"{question.option}: {exc}"], []
        candidate = dataclasses.replace(self.record, labels=[label]) if label else self.record
        # A name that gives no id answers for the name alone: the id is asked for next.
        fields = question.fields if candidate.record_id() else tuple(f for f in question.fields if f != "id")
        if label is not None:  # the label's place once written: last of a new record's, among an existing one's
            at = f"labels[{candidate.index_of(candidate.labels[0])}]"
            fields = tuple(f.replace("labels[0]", at) for f in fields)
        errors, warnings = self.findings(candidate, fields)
        if shown and not errors and self.ask is not None:
            self.tell(f"  {shown}")
        return errors, warnings

    def resume(self, command: str) -> str:
        """The command that gives the next run every answer accepted so far."""
        parts = [command]
        for option, answer in self.accepted.items():
            if option == COORDINATES.option:
                latitude, longitude = coordinates(answer)
                parts += [f"--latitude {latitude}", f"--longitude {longitude}"]
            else:
                parts.append(f"{option} {shlex.quote(answer)}")
        return " ".join(parts)

    def confirm(self, question: str) -> bool:
        """A yes-or-no question; Enter, or no terminal to ask in, means the answer in capitals of
        ``[Y/n]`` or ``[y/N]``."""
        default = "[Y/n]" in question
        if self.ask is None:
            return default
        for _ in range(MAX_ANSWERS):
            try:
                answer = self.ask(question).strip().casefold()
            except EOFError:
                raise GaveUp("no answer (the input ended)") from None
            if not answer:
                return default
            if answer in ("y", "yes", "n", "no"):
                return answer.startswith("y")
            self.tell("  answer y or n")
        raise GaveUp(f"no yes or no after {MAX_ANSWERS} answers")


def fill(interview: Interview, given: dict[str, str | None]) -> None:
    """Every question in order: the organisation, then its labels (in a terminal, as many as there are)."""
    record, sectors = interview.record, interview.checker.sectors
    assert isinstance(record, NewRecord)
    if interview.ask is not None:
        interview.tell(
            "A new record for the registry. Each answer is checked as you give it; Enter skips what is"
            " optional,\nCtrl-C stops without writing anything."
        )

    def take_name(text: str) -> str:
        record.name = text
        if record.id or not text:
            return ""
        if not slug(text):
            if interview.ask is None:
                raise Unreadable("no id can be made from this name (it has no letters a-z or digits); give --id")
            return "no id can be made from this name; you will be asked for one"
        return f"id: {slug(text)}"

    def take_id(text: str) -> str:
        record.id = text
        return ""

    def take_country(text: str) -> str:
        record.country, shown = country_code(text)
        return shown

    def take_sectors(text: str) -> str:
        record.sectors = sector_ids(text, sectors)
        return ", ".join(f"{s} ({sectors[s].name})" for s in record.sectors if s in sectors)

    def take_coordinates(text: str) -> str:
        record.latitude, record.longitude = coordinates(text) if text else (None, None)
        return ""

    if given["id"] is not None:
        interview.settle(ID, given["id"], take_id)
    name_question = NAME if interview.derived_id else dataclasses.replace(NAME, fields=("name",))
    interview.settle(name_question, given["name"], take_name)
    if not record.record_id() and interview.ask is not None:
        interview.settle(ID, None, take_id)
    interview.settle(COUNTRY, given["country"], take_country)
    if interview.ask is not None and given["sectors"] is None:
        interview.tell("Sectors (id, name):\n" + sector_list(sectors.values()))
    interview.settle(SECTORS, given["sectors"], take_sectors)
    interview.settle(CITY, given["city"], _setter(record, "city"))
    interview.settle(COORDINATES, given["coordinates"], take_coordinates)
    interview.settle(WEBSITE, given["website"], _setter(record, "website"))

    fill_labels(interview, given)


def _setter(target: object, name: str, read: Callable[[str], str] = str.strip) -> Callable[[str], str]:
    def take(text: str) -> str:
        setattr(target, name, read(text))
        return ""

    return take


def fill_labels(interview: Interview, given: dict[str, str | None], *, heading: str = "Label") -> None:
    """The questions of each label, the first from the options; in a terminal, as many labels as there are."""
    record = interview.record
    levels = schema_choices("level")
    awarded_by = schema_choices("awarded_by")
    level_question = dataclasses.replace(LEVEL, help=", ".join(levels))
    by_question = dataclasses.replace(AWARDED_BY, help=" or ".join(awarded_by))
    from_options = True
    while True:
        label = NewLabel()
        record.labels.append(label)
        if interview.ask is not None:
            interview.tell(f"{heading} {len(record.labels)}")
        options = given if from_options else dict.fromkeys(given)
        interview.settle(level_question, options["level"], _setter(label, "level", lambda t: choice(t, levels)), label)
        interview.settle(AWARDED, options["awarded"], _setter(label, "awarded"), label)
        interview.settle(VALID_UNTIL, options["valid_until"], _setter(label, "valid_until"), label)
        interview.settle(
            by_question, options["awarded_by"], _setter(label, "awarded_by", lambda t: choice(t, awarded_by)), label
        )
        interview.settle(SOURCE, options["source"], _setter(label, "source"), label)
        for question in (TITLE, PUBLISHER, PUBLISHED, LANGUAGE, QUOTE):
            key = question.option[2:]
            interview.settle(question, options.get(key), _setter(label, key), label)
        from_options = False
        if not interview.confirm("Another label of this organisation? [y/N]: "):
            return
