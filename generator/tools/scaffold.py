"""A new record, written from what its author states, and checked before it is kept.

The answers are read as people type them (``GOLD``, ``de``, ``Germany``, a sector's
name) and turned into what a record holds; whether they are right is decided by the
validator alone, whose findings are told in the command line's own terms
(``--country``, not ``country``; ``--source``, not ``labels[0].source``).
"""

from __future__ import annotations

import datetime as dt
import os
import re
import shlex
import unicodedata
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from generator.records import countries, schema
from generator.records.checks import SCHEMA_LINE
from generator.records.dates import DateError, add_months, parse_label_date
from generator.records.diagnostics import Diagnostic
from generator.records.model import Level, Sector, sectors_matching

_LETTERS = str.maketrans(
    {
        "ß": "ss",
        "ẞ": "SS",
        "Æ": "AE",
        "æ": "ae",
        "Œ": "OE",
        "œ": "oe",
        "Ø": "O",
        "ø": "o",
        "Ł": "L",
        "ł": "l",
        "Đ": "D",
        "đ": "d",
        "Ð": "D",
        "ð": "d",
        "Þ": "TH",
        "þ": "th",
        "Ħ": "H",
        "ħ": "h",
        "\u0131": "i",  # dotless i
    }
)
"""Latin letters that Unicode does not decompose into a base letter and a mark, written as the
usual ASCII spelling (``Przemysłowy`` as ``przemyslowy``, ``Straße`` as ``strasse``)."""


def slug(name: str) -> str:
    """An id from a name: ``Énergie & Co. Österreich`` becomes ``energie-co-osterreich``.

    Letters of other scripts (Greek, Cyrillic) are dropped: a name written only in them gives
    no id, and the author chooses one."""
    decomposed = unicodedata.normalize("NFKD", name.translate(_LETTERS))
    ascii_text = decomposed.encode("ascii", "ignore").decode("ascii")
    return re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")[:80].rstrip("-")


SOURCE_DETAILS = ("title", "publisher", "published", "language", "quote")
"""What a label's document is, besides its address, in the order records write it."""


@dataclass
class NewLabel:
    """One award as its author states it; empty fields are left out of the file."""

    level: str = ""
    awarded: str = ""
    valid_until: str = ""
    awarded_by: str = ""
    source: str = ""
    title: str = ""
    publisher: str = ""
    published: str = ""
    language: str = ""
    quote: str = ""

    def data(self) -> dict[str, Any]:
        label: dict[str, Any] = {}
        for key in ("level", "awarded", "valid_until", "awarded_by"):
            if getattr(self, key):
                label[key] = getattr(self, key)
        about = {key: getattr(self, key) for key in SOURCE_DETAILS if getattr(self, key)}
        if self.source and about:
            label["source"] = {"url": self.source, **about}
        elif self.source or about:
            label["source"] = self.source or about
        return label

    def start(self) -> dt.date:
        """The award's first possible day, for listing labels oldest first (undated ones last)."""
        start = label_start(self.awarded) if self.awarded else None
        return start if start is not None else dt.date.max


@dataclass
class NewRecord:
    """What the author gives for a new record; empty fields are left out of the file."""

    name: str = ""
    country: str = ""
    sectors: list[str] = field(default_factory=list)
    labels: list[NewLabel] = field(default_factory=list)
    id: str = ""
    city: str = ""
    region: str = ""
    website: str = ""
    latitude: float | None = None
    longitude: float | None = None
    checked: dt.date = field(default_factory=lambda: dt.datetime.now(dt.UTC).date())
    """The day the author looked for the organisation's awards: today."""

    def record_id(self) -> str:
        return self.id or slug(self.name)

    def index_of(self, label: NewLabel) -> int:
        return sorted(self.labels, key=NewLabel.start).index(label)

    def data(self) -> dict[str, Any]:
        record: dict[str, Any] = {}
        for key, value in (("id", self.record_id()), ("name", self.name), ("country", self.country)):
            if value:
                record[key] = value
        for key in ("region", "city"):
            if getattr(self, key):
                record[key] = getattr(self, key)
        if self.latitude is not None and self.longitude is not None:
            record["location"] = {"latitude": self.latitude, "longitude": self.longitude}
        if self.sectors:
            record["sectors"] = list(self.sectors)
        if self.website:
            record["website"] = self.website
        if self.labels:
            record["labels"] = [label.data() for label in sorted(self.labels, key=NewLabel.start)]
        record["checked"] = self.checked.isoformat()
        return record

    def text(self) -> str:
        body = yaml.dump(
            self.data(), Dumper=_Dumper, allow_unicode=True, sort_keys=False, default_flow_style=False, width=100
        )
        return f"{SCHEMA_LINE}\n{body}"


_TOP_KEY = re.compile(r"^[A-Za-z_][\w-]*:")
_CHECKED = re.compile(r"^checked:[^\n#]*", re.MULTILINE)


def label_start(value: object) -> dt.date | None:
    """The first possible day of a label's ``awarded`` as a record writes it; None if there is none."""
    try:
        return parse_label_date(value).first_day() if value is not None else None
    except DateError:
        return None


class NotAppendable(ValueError):
    """A record whose ``labels:`` is not written as a block list: the new label is added by hand."""


@dataclass
class AddedLabels:
    """An existing record with new labels put among its labels in date order (a renewal goes last), in
    the record's own indentation; every other line of the file stays as it is, and ``checked:`` becomes
    today. It answers the same questions as :class:`NewRecord`, so the same interview fills it."""

    original: str
    id: str
    country: str
    existing: list[dt.date]
    """The day each existing label began, at the earliest, in file order (see :meth:`of`)."""
    labels: list[NewLabel] = field(default_factory=list)
    checked: dt.date = field(default_factory=lambda: dt.datetime.now(dt.UTC).date())

    @classmethod
    def of(cls, original: str, data: dict[str, Any], levels: Mapping[str, Level], *, checked: dt.date) -> AddedLabels:
        """The record of text ``original``, read as ``data``. Each existing label began on its award; a list
        row that gives only the end began no earlier than the end less the level's longest validity; a label
        with neither is taken to begin where the label above it did."""
        existing: list[dt.date] = []
        for label in data["labels"]:
            start = label_start(label.get("awarded"))
            end = label_start(label.get("valid_until"))
            level = levels.get(label.get("level", ""))
            if start is None and end is not None and level is not None:
                start = add_months(end, -level.validity_months[1])
            existing.append(start if start is not None else (existing[-1] if existing else dt.date.min))
        return cls(original, data["id"], data["country"], existing, checked=checked)

    def record_id(self) -> str:
        return self.id

    def index_of(self, label: NewLabel) -> int:
        """Where ``label`` stands among the record's labels once written."""
        before = sum(day <= label.start() for day in self.existing)
        return before + sum(other.start() <= label.start() for other in self.labels if other is not label)

    def _items(self) -> tuple[list[str], int, list[int], int]:
        """The file's lines, the indentation of its label items, the line index where each item starts,
        and the index of the line after the last one."""
        lines = self.original.splitlines(keepends=True)
        start = next((i for i, line in enumerate(lines) if line.rstrip() == "labels:"), None)
        if start is None:
            raise NotAppendable("its `labels:` is not a list written one label per `- ` line")
        end = next((i for i in range(start + 1, len(lines)) if _TOP_KEY.match(lines[i])), len(lines))
        while end > start + 1 and not lines[end - 1].strip():
            end -= 1  # blank lines after the list stay after it
        items = [i for i in range(start + 1, end) if lines[i].lstrip().startswith("- ")]
        indents = {len(lines[i]) - len(lines[i].lstrip()) for i in items}
        if not items or len(indents) != 1 or len(items) != len(self.existing):
            raise NotAppendable("its `labels:` list could not be read item by item")
        return lines, indents.pop(), items, end

    def text(self) -> str:
        lines, indent, items, end = self._items()
        insertions: dict[int, list[str]] = {}
        for label in sorted(self.labels, key=NewLabel.start):
            # After every existing label that began on or before it: a renewal goes last.
            later = [i for i, day in zip(items, self.existing, strict=True) if day > label.start()]
            at = later[0] if later else end
            body = yaml.dump(
                [label.data()], Dumper=_Dumper, allow_unicode=True, sort_keys=False, default_flow_style=False, width=100
            )
            insertions.setdefault(at, []).extend(" " * indent + line + "\n" for line in body.splitlines())
        out = []
        for index, line in enumerate(lines):
            out.extend(insertions.get(index, []))
            out.append(line)
        if len(lines) in insertions:  # the list ends the file
            if out and not out[-1].endswith("\n"):
                out[-1] += "\n"
            out.extend(insertions[len(lines)])
        text = "".join(out)
        if _CHECKED.search(text):
            return _CHECKED.sub(f"checked: {self.checked.isoformat()}", text, count=1)
        return text + ("" if text.endswith("\n") else "\n") + f"checked: {self.checked.isoformat()}\n"


class _Dumper(yaml.SafeDumper):
    """Dates written plain (``checked: 2026-11-25``), as in every record: the registry reads YAML 1.2,
    where they are text, so the quotes YAML 1.1 would want add nothing."""


_Dumper.yaml_implicit_resolvers = {
    first: [(tag, rule) for tag, rule in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for first, resolvers in yaml.SafeDumper.yaml_implicit_resolvers.items()
}


class Unreadable(ValueError):
    """An answer that cannot be read as what its option takes (an unknown country name, an ambiguous
    sector): said in the option's terms before the validator is asked."""


def country_code(text: str) -> tuple[str, str]:
    """The code a country answer stands for, and how it was read: two letters are a code in any case
    (``de`` is ``DE``; the validator judges it), a longer answer an English name (``Germany``)."""
    answer = text.strip()
    if len(answer) == 2 or not answer:
        return answer.upper(), ""
    codes = countries.codes_for_name(answer)
    if len(codes) == 1:
        return codes[0], f"{countries.name(codes[0])}: {codes[0]}"
    if codes:
        choices = ", ".join(f"{countries.name(c)} ({c})" for c in codes[:8])
        raise Unreadable(f"`{schema.visible(answer)}` could be {choices}; type more of the name, or the code")
    close = countries.close_names(answer)
    hint = f"did you mean {close[0]}?" if close else "use ISO 3166-1 alpha-2, e.g. DE, or the English name"
    raise Unreadable(f"`{schema.visible(answer)}` is not a country code or an English country name ({hint})")


def choice(text: str, allowed: Sequence[str]) -> str:
    """An answer among the schema's values in any case (``GOLD`` is ``gold``); otherwise as typed, for the
    validator to refuse with its did-you-mean."""
    answer = text.strip()
    return next((value for value in allowed if value.casefold() == answer.casefold()), answer)


def schema_choices(*where: str) -> list[str]:
    """The values the record schema allows at a place of its label definition, such as ``level``."""
    node: Any = schema.schema("cluster")["$defs"]["label"]["properties"]
    for step in where:
        node = node[step]
    return [str(value) for value in node["enum"]]


def sector_ids(text: str, sectors: Mapping[str, Sector]) -> list[str]:
    """Sector ids from a comma-separated answer; each part an id, a name (any case) or the start of
    either that names one sector, or the start of a word of its name or of a translation (``tour``).
    A part that matches nothing is kept for the validator to refuse."""
    ids = []
    for part in (p.strip() for p in text.split(",")):
        if not part:
            continue
        key = part.casefold()
        exact = [s.id for s in sectors.values() if key in (s.id, s.name.casefold())]
        starting = sorted({s.id for s in sectors.values() if s.id.startswith(key) or s.name.casefold().startswith(key)})
        starting = starting or sorted(sectors_matching(part, sectors.values()))
        if exact or len(starting) == 1:
            ids.append((exact or starting)[0])
        elif starting:
            raise Unreadable(
                f"`{schema.visible(part)}` could be {', '.join(starting)}; type more of the id or the name"
            )
        else:
            ids.append(part)
    return ids


def coordinates(text: str) -> tuple[float, float]:
    """``53.5511, 9.9937``: latitude and longitude in decimal degrees."""
    parts = [p for p in re.split(r"[,;\s]+", text.strip()) if p]
    try:
        if len(parts) == 2:
            return float(parts[0]), float(parts[1])
    except ValueError:
        pass
    raise Unreadable(
        f"`{schema.visible(text.strip())}` is not a latitude and a longitude; write them in decimal degrees,"
        " latitude first, separated by a comma, such as 53.5511, 9.9937"
    )


FIELD_OPTIONS = {
    "id": "--id",
    "name": "--name",
    "country": "--country",
    "region": "--region",
    "city": "--city",
    "location": "--latitude/--longitude",
    "location.latitude": "--latitude",
    "location.longitude": "--longitude",
    "sectors": "--sectors",
    "website": "--website",
    "checked": "--build-date",
    "labels": "--level",
    "level": "--level",
    "awarded": "--awarded",
    "valid_until": "--valid-until",
    "awarded_by": "--awarded-by",
    "source": "--source",
    "source.url": "--source",
    "source.title": "--title",
    "source.publisher": "--publisher",
    "source.published": "--published",
    "source.language": "--language",
    "source.quote": "--quote",
}
"""Each field a record made by ``new`` can hold, by its path in the record (label fields without the
``labels[n].`` before them), and the option that gives it."""

_LABEL_FIELD = re.compile(r"labels\[(\d+)\]\.?(.*)")
_FIELD_CODE = re.compile(r"`([a-z_]+):(?: ([^`]*))?`")
_LABEL_INDEX = re.compile(r"labels\[(\d+)\]")


def option(field_path: str, *, derived_id: bool = False) -> tuple[str, int | None]:
    """The option of a field path (``labels[1].source.url`` is ``--source``, of label 1, counted from 0)."""
    label = _LABEL_FIELD.match(field_path)
    key = label.group(2) or "labels" if label else re.sub(r"\[\d+\]", "", field_path)
    if key == "id" and derived_id:
        return "--name", None
    return FIELD_OPTIONS.get(key, FIELD_OPTIONS.get(key.split(".")[0], "--" + key.replace("_", "-"))), (
        int(label.group(1)) if label else None
    )


def _in_option_terms(text: str) -> str:
    """``write `country: GR``` as ``write `--country GR```; ``(labels[0])`` as ``(label 1)``."""

    def option_code(match: re.Match[str]) -> str:
        key, value = match.group(1), (match.group(2) or "").strip("[]")
        if key not in FIELD_OPTIONS:
            return match.group(0)
        return f"`{FIELD_OPTIONS[key]}{' ' + shlex.quote(value.replace(', ', ',')) if value else ''}`"

    text = _FIELD_CODE.sub(option_code, text)
    return _LABEL_INDEX.sub(lambda m: f"label {int(m.group(1)) + 1}", text)


def explain(diagnostic: Diagnostic, *, derived_id: bool = False, labels: int = 1) -> str:
    """A validator finding as the command line says it: ``--country: `XX` is not ... (hint)``."""
    name, label = option(diagnostic.field, derived_id=derived_id)
    where = f" (label {label + 1})" if label is not None and labels > 1 else ""
    message, hint = _in_option_terms(diagnostic.message), _in_option_terms(diagnostic.hint)
    if derived_id and diagnostic.field == "id":
        message = f"the id made from it: {message}"
        if "is also the id of" in message:
            hint = "if it is this organisation, edit that record instead; otherwise choose another id with --id"
    return f"{name}{where}: {message}" + (f" ({hint})" if hint else "")


def write_whole(path: Path, text: str) -> None:
    """``text`` as the file ``path``: the whole file or none of it (written beside it, then moved over it),
    never through a symbolic link."""
    staging = path.with_name(f".{path.name}.writing")
    descriptor = os.open(staging, os.O_WRONLY | os.O_CREAT | os.O_TRUNC | os.O_NOFOLLOW, 0o644)
    with open(descriptor, "w", encoding="utf-8") as handle:
        handle.write(text)
    os.replace(staging, path)
