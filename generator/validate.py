"""Validation of the whole registry: load, check each file, check across files, build the model.

Every problem of every file is collected in one run; a broken file is a list
of diagnostics, never an exception that stops the others from being checked.
"""

from __future__ import annotations

import datetime as dt
import gc
import math
import multiprocessing
import os
import re
import unicodedata
from collections import ChainMap
from collections.abc import Iterable, Iterator, Mapping, MutableMapping
from concurrent.futures import ProcessPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypeGuard
from urllib.parse import urlsplit

from generator import countries, lookalike, schema
from generator.cpus import processes
from generator.dates import DateError, PartialDate
from generator.diagnostics import DOCUMENT, Diagnostic
from generator.loader import Document, Mark, Node, locate, parse, read, to_data
from generator.model import Cluster, Label, Level, Location, Members, Registry, Sector, Source

SCHEMA_LINE = "# yaml-language-server: $schema=../../../generator/schemas/cluster.schema.json"
"""First line of every record, so that editors check it as people type."""

RECORD_SUFFIX = ".yml"
ID_PATTERN = re.compile(r"[a-z0-9]+(-[a-z0-9]+)*\Z")


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


class _Record:
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


class _File(_Record):
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
        value = self.get(*where)
        if value is None or isinstance(value, bool) or not isinstance(value, (str, int)):
            return None
        try:
            return PartialDate.parse(value)
        except DateError as exc:
            if isinstance(value, str) and not value[:4].isdigit():
                return None  # wrong form: the schema has said so already
            self.report(where, str(exc), "check the day and month")
            return None


class _Summary(_Record):
    """What the checks across records need of a file checked in another process: its data and where its
    id, aliases and name are (its node tree stays behind: sending it would cost more than reading it)."""

    def __init__(self, file: _File) -> None:
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


def _vocabulary(root: Path, name: str, result: Result) -> list[dict[str, Any]]:
    path = root / f"{name}.yml"
    document = read(path, display_path(path))
    result.files += 1
    result.errors.extend(document.errors)
    if document.root is None:
        if not document.errors:
            result.errors.append(Diagnostic(document.path, 1, 1, DOCUMENT, "file is empty"))
        return []
    data = to_data(document.root)
    problems = schema.check(name, data, document.root, document.path)
    result.errors.extend(problems)
    entries = data.get(name) if isinstance(data, dict) and not problems else None
    if not isinstance(entries, list):
        return []
    seen: set[str] = set()
    for index, entry in enumerate(entries):
        if entry["id"] in seen:
            mark = locate(document.root, (name, index, "id"))
            result.errors.append(
                Diagnostic(
                    document.path, mark.line, mark.column, f"{name}[{index}].id", f"`{entry['id']}` is listed twice"
                )
            )
        seen.add(entry["id"])
    return entries


def load_levels(root: Path, result: Result) -> dict[str, Level]:
    levels = [
        Level(
            id=e["id"],
            name=e["name"],
            motto=e["motto"],
            rank=rank,
            default_validity_months=e["default_validity_months"],
            colour=e["colour"],
            description=e["description"],
            source=e["source"],
        )
        for rank, e in enumerate(_vocabulary(root, "levels", result), start=1)
    ]
    return {level.id: level for level in levels}


def load_sectors(root: Path, result: Result) -> dict[str, Sector]:
    sectors = [Sector(e["id"], e["name"], e["description"]) for e in _vocabulary(root, "sectors", result)]
    return {sector.id: sector for sector in sorted(sectors, key=lambda s: s.name)}


def record_files(root: Path, result: Result) -> list[Path]:
    """Every record under ``clusters/``, reporting what is in the wrong place, has the wrong ending,
    or is not what it says: links and special files are refused without following them."""
    clusters = root / "clusters"
    found: list[Path] = []
    if not clusters.is_dir() or clusters.is_symlink():
        return found

    def refuse(path: Path, message: str, hint: str) -> None:
        result.errors.append(Diagnostic(display_path(path), 1, 1, DOCUMENT, message, hint))

    for folder, folders, files in os.walk(clusters, followlinks=False):
        here = Path(folder)
        for name in sorted(folders):
            if (here / name).is_symlink():
                refuse(here / name, "folder is a symbolic link", "commit the records themselves, in a real folder")
        folders[:] = sorted(n for n in folders if not n.startswith(".") and not (here / n).is_symlink())
        for name in sorted(files):
            path = here / name
            if name.startswith("."):
                continue
            depth = len(path.relative_to(clusters).parts)
            suffix = path.suffix
            if suffix.lower() in (".yml", ".yaml") and suffix != RECORD_SUFFIX:
                refuse(path, f"records end in .yml, not {suffix}", f"rename it to {path.stem}.yml")
            elif suffix == RECORD_SUFFIX and depth != 2:
                refuse(
                    path,
                    "record is not in a country folder",
                    "move it to registry/clusters/<country code in lowercase>/<id>.yml",
                )
            elif suffix == RECORD_SUFFIX:
                found.append(path)
    return sorted(found)


def _is_number(value: object) -> TypeGuard[float]:
    return isinstance(value, (int, float)) and not isinstance(value, bool)


_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")


def _check_text(file: _File, value: Any, where: tuple[str | int, ...]) -> None:
    """Control characters have no place in a record: they hide text or break the pages that show it.
    Nor have numbers that are not finite (``.nan``, ``.inf``): no JSON file can carry them."""
    if isinstance(value, float) and not math.isfinite(value):
        file.report(where, f"`{value}` is not a finite number", "write the number itself, such as 87 or 53.55")
    elif isinstance(value, str):
        found = _CONTROL.search(value)
        if found:
            file.report(where, f"contains the control character U+{ord(found.group()):04X}", "delete it")
        invisible = next((i for i, char in enumerate(value) if unicodedata.category(char) == "Cf"), None)
        if invisible is not None:
            char = value[invisible]
            file.report(
                where,
                f"contains the invisible character U+{ord(char):04X} ({unicodedata.name(char, 'format character')})"
                f" at character {invisible + 1}",
                "delete it: it changes how the text looks or reads without being seen",
            )
    elif isinstance(value, dict):
        for key, item in value.items():
            _check_text(file, item, (*where, key))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            _check_text(file, item, (*where, index))


def _check_url(file: _File, where: tuple[str | int, ...], *, cited: bool = False) -> None:
    """A web address: no credentials in it, and https where the site offers it.

    A ``cited`` address is kept as the document was found (http included): another
    scheme can be another document.
    """
    value = file.get(*where)
    if not isinstance(value, str):
        return
    parts = urlsplit(value)
    if parts.scheme in ("http", "https") and parts.hostname and "." in parts.hostname:
        if parts.username or parts.password:
            file.report(where, "web address carries a user name or password", "remove the part before @")
        if parts.scheme == "http" and not cited:
            file.report(where, "web address uses http://", "use https:// if the site offers it", warning=True)


def _check_record(
    file: _File,
    record_path: Path,
    levels: Mapping[str, Level],
    sectors: Mapping[str, Sector],
    build_date: dt.date,
) -> None:
    data = file.data
    if not isinstance(data, dict):
        return
    _check_text(file, data, ())
    if file.document.first_line != SCHEMA_LINE:
        file.report(
            (), "first line does not name the record schema", f"make the first line `{SCHEMA_LINE}`", warning=True
        )

    record_id = data.get("id")
    if isinstance(record_id, str) and ID_PATTERN.match(record_id) and record_id != record_path.stem:
        file.report(
            ("id",),
            f"id `{record_id}` differs from the file name `{record_path.name}`",
            f"rename the file to {record_id}.yml, or set `id: {record_path.stem}`",
        )
    country = data.get("country")
    if isinstance(country, str):
        if country in countries.MISTAKEN_CODES:
            right, why = countries.MISTAKEN_CODES[country]
            file.report(("country",), f"`{country}` is not an ISO 3166-1 code", f"{why}: write `country: {right}`")
        elif country.isupper() and len(country) == 2 and country not in countries.names():
            file.report(
                ("country",),
                f"`{country}` is not an ISO 3166-1 alpha-2 country code",
                "see the ISO 3166-1 list, e.g. DE, FR, ES",
            )
        folder = record_path.parent.name
        if folder != country.lower():
            file.report(
                ("country",),
                f"country `{country}` does not match the folder `{folder}/`",
                f"move the file to registry/clusters/{country.lower()}/ or correct the country",
            )

    sector_ids = data.get("sectors")
    if isinstance(sector_ids, list):
        for index, sector in enumerate(sector_ids):
            if isinstance(sector, str) and sector not in sectors and sector:
                file.report(
                    ("sectors", index),
                    f"unknown sector `{schema.visible(sector)}`",
                    schema.did_you_mean(sector, list(sectors)),
                )

    location = data.get("location")
    if isinstance(location, dict) and isinstance(country, str):
        lat, lon = location.get("latitude"), location.get("longitude")
        if _is_number(lat) and _is_number(lon) and -90 <= lat <= 90 and -180 <= lon <= 180:
            inside = countries.contains(country, lat, lon)
            if inside is False:
                swapped = abs(lon) <= 90 and countries.contains(country, lon, lat)
                file.report(
                    ("location",),
                    f"{lat}, {lon} lies outside {countries.name(country)}",
                    "latitude and longitude look swapped"
                    if swapped
                    else f"correct the coordinates, or the country if the organisation is not in {country}",
                )

    for url_field in ("website", "eccp"):
        _check_url(file, (url_field,))
    _check_url(file, ("members", "source"), cited=True)

    members = data.get("members")
    if isinstance(members, dict):
        reported = file.date("members", "reported")
        if reported and reported.first_day() > build_date:
            file.report(
                ("members", "reported"),
                f"{reported} is after today ({build_date})",
                "give the date the count was reported",
            )
        parts = {k: members.get(k) for k in ("companies", "research", "other")}
        total = members.get("total")
        numbers = [v for v in parts.values() if isinstance(v, int) and not isinstance(v, bool)]
        if isinstance(total, int) and sum(numbers) > total:
            file.report(
                ("members", "total"),
                f"companies, research and other add up to {sum(numbers)}, more than the total {total}",
                "check the counts",
            )
        smes, companies = members.get("smes"), members.get("companies")
        if isinstance(smes, int) and isinstance(companies, int) and smes > companies:
            file.report(
                ("members", "smes"),
                f"{smes} SMEs is more than {companies} companies",
                "SMEs are counted among the companies",
            )

    labels = data.get("labels")
    if isinstance(labels, list):
        _check_labels(file, labels, levels, build_date)
    _check_checked(file, build_date)

    aliases = data.get("aliases")
    if isinstance(aliases, list) and isinstance(record_id, str) and record_id in aliases:
        file.report(
            ("aliases", aliases.index(record_id)), "an alias repeats the record's own id", "list only former ids"
        )


CHECKED_WARN_AFTER_DAYS = 365
"""A record not looked at for newer awards for longer than this is reported, as a warning."""


def _check_checked(file: _File, build_date: dt.date) -> None:
    value = file.get("checked")
    if not isinstance(value, str):
        return
    try:
        checked = dt.date.fromisoformat(value)
    except ValueError:
        if re.fullmatch(r"\d{4}-\d{2}-\d{2}", value):  # the right form, but not on the calendar
            file.report(("checked",), f"`{value}` is not on the calendar", "check the day and month")
        return
    if checked > build_date:
        file.report(("checked",), f"{value} is after today ({build_date})", "give the day you last looked")
    elif (build_date - checked).days > CHECKED_WARN_AFTER_DAYS:
        file.report(
            ("checked",),
            f"the record was last checked on {value}, more than a year ago",
            "look for newer awards of this organisation, update its labels, then set `checked:` to today",
            warning=True,
        )


def _check_source(file: _File, where: tuple[str | int, ...], build_date: dt.date) -> None:
    """A source is the document that records the award: never a site's home page."""
    value = file.get(*where)
    if isinstance(value, dict):
        for key in ("url", "archived"):
            _check_document_url(file, (*where, key))
        published = file.date(*where, "published")
        if published is not None and published.first_day() > build_date:
            file.report((*where, "published"), f"{published} is after today ({build_date})", "check the date")
        quote = value.get("quote")
        if isinstance(quote, str) and quote != " ".join(quote.split()):
            file.report(
                (*where, "quote"),
                "the quotation has line breaks or repeated spaces",
                "write it on one line, as it reads in the document",
                warning=True,
            )
    else:
        _check_document_url(file, where)


def _check_document_url(file: _File, where: tuple[str | int, ...]) -> None:
    _check_url(file, where, cited=True)
    value = file.get(*where)
    if not isinstance(value, str):
        return
    parts = urlsplit(value)
    if parts.scheme in ("http", "https") and parts.hostname and parts.path in ("", "/") and not parts.query:
        file.report(
            where,
            f"`{value}` is a site's home page, not the document that records the award",
            "give the address of the press release, announcement or list that states the award",
        )


def _check_labels(file: _File, labels: list[Any], levels: Mapping[str, Level], build_date: dt.date) -> None:
    previous: tuple[int, PartialDate] | None = None
    for index, label in enumerate(labels):
        if not isinstance(label, dict):
            continue
        awarded = file.date("labels", index, "awarded")
        valid_until = file.date("labels", index, "valid_until")
        if "source" in label:
            _check_source(file, ("labels", index, "source"), build_date)
        elif not label.get("note"):
            file.report(
                ("labels", index),
                "the label cites no source, so it is shown as not documented",
                "add `source:` with the address of the document that records the award; "
                "if none can be found, say in `note:` what is known",
            )
        if awarded is not None:
            if awarded.first_day() > build_date:
                file.report(
                    ("labels", index, "awarded"),
                    f"award date {awarded} is after today ({build_date})",
                    "list an award only once it has been made",
                )
            if previous is not None and awarded.first_day() < previous[1].first_day():
                file.report(
                    ("labels", index, "awarded"),
                    f"award of {awarded} is listed after the award of {previous[1]} (labels[{previous[0]}])",
                    "list labels oldest first",
                )
            previous = (index, awarded)
            if label.get("awarded_by") == "EUCLES" and awarded.last_day() < dt.date(2020, 12, 1):
                file.report(
                    ("labels", index, "awarded_by"),
                    f"EUCLES was created in December 2020, after this award of {awarded}",
                    "labels before then were awarded by ESCA",
                    warning=True,
                )
        if (
            awarded is None
            and valid_until is not None
            and previous is not None
            and valid_until.last_day() < previous[1].first_day()
        ):
            file.report(
                ("labels", index, "valid_until"),
                f"valid until {valid_until}, before the award of {previous[1]} listed above it (labels[{previous[0]}])",
                "list labels oldest first; a label that ended earlier goes above the later award",
            )
        if awarded is not None and valid_until is not None and valid_until.last_day() <= awarded.first_day():
            file.report(
                ("labels", index, "valid_until"),
                f"valid until {valid_until}, which is not after the award date {awarded}",
                "check both dates; they may be swapped",
            )
        if "awarded" not in label and "valid_until" not in label and not label.get("note"):
            file.report(
                ("labels", index),
                "neither `awarded` nor `valid_until` is given, so the label's status cannot be shown",
                "add the date the source gives, even just the year; if it gives none, say so in `note:`",
            )


def _cross_record(files: list[tuple[_Record, Path]], result: Result) -> None:
    """Ids and aliases name one record each across the whole registry, and no name looks like another."""
    names = _Names()
    for file, _path in files:
        names.add(file)


class _Names:
    """The ids, aliases and name skeletons of the records added so far; each record added is checked
    against those before it. ``overlay`` checks one more record without changing what is kept."""

    def __init__(
        self,
        owners: MutableMapping[str, tuple[_Record, tuple[str | int, ...]]] | None = None,
        skeletons: MutableMapping[str, _Record] | None = None,
    ) -> None:
        self.owners = owners if owners is not None else {}
        self.skeletons = skeletons if skeletons is not None else {}

    def overlay(self) -> _Names:
        return _Names(ChainMap({}, self.owners), ChainMap({}, self.skeletons))

    def add(self, file: _Record) -> None:
        self._lookalike(file)
        data = file.data if isinstance(file.data, dict) else {}
        names: list[tuple[str, tuple[str | int, ...]]] = []
        if isinstance(data.get("id"), str):
            names.append((data["id"], ("id",)))
        aliases = data.get("aliases")
        if isinstance(aliases, list):
            names.extend((a, ("aliases", i)) for i, a in enumerate(aliases) if isinstance(a, str))
        for name, where in names:
            if name in self.owners:
                first, first_where = self.owners[name]
                if first is file:
                    continue  # an alias equal to the own id is reported by the record's own checks
                mark = first.mark(first_where)
                kind = "id" if where == ("id",) else "alias"
                file.report(
                    where,
                    f"{kind} `{name}` is already used by {first.path}:{mark.line}",
                    "every id and alias must be unique; choose another",
                )
            else:
                self.owners[name] = (file, where)

    def _lookalike(self, file: _Record) -> None:
        """Both records of a pair are told, each naming the other: a pull request sees it on its own file."""
        name = file.get("name")
        if not isinstance(name, str):
            return
        first = self.skeletons.setdefault(lookalike.skeleton(name), file)
        if first is not file and first.get("name") != name:
            for one, other in ((file, first), (first, file)):
                mark = other.mark(("name",))
                one.report(
                    ("name",),
                    f"looks the same as the name in {other.path}:{mark.line} but is written with other characters",
                    "type the name with the letters the organisation uses; another organisation needs another name",
                )


def _source(value: Any) -> Source | None:
    if value is None:
        return None
    if isinstance(value, str):
        return Source(url=value)
    return Source(
        url=value["url"],
        title=value.get("title"),
        publisher=value.get("publisher"),
        published=PartialDate.parse(value["published"]) if "published" in value else None,
        language=value.get("language"),
        archived=value.get("archived"),
        quote=value.get("quote"),
    )


def _build_cluster(data: dict[str, Any], path: str, levels: Mapping[str, Level]) -> Cluster:
    labels = [
        Label(
            level=entry["level"],
            awarded=PartialDate.parse(entry["awarded"]) if "awarded" in entry else None,
            valid_until=PartialDate.parse(entry["valid_until"]) if "valid_until" in entry else None,
            default_validity_months=levels[entry["level"]].default_validity_months,
            awarded_by=entry.get("awarded_by"),
            score=entry.get("score"),
            certificate=entry.get("certificate"),
            source=_source(entry.get("source")),
            note=entry.get("note"),
        )
        for entry in data["labels"]
    ]
    members = data.get("members")
    location = data.get("location")
    return Cluster(
        id=data["id"],
        name=data["name"],
        country=data["country"],
        sectors=tuple(data["sectors"]),
        labels=tuple(labels),
        path=path,
        acronym=data.get("acronym"),
        legal_name=data.get("legal_name"),
        website=data.get("website"),
        description=data.get("description"),
        region=data.get("region"),
        city=data.get("city"),
        location=Location(float(location["latitude"]), float(location["longitude"]), location.get("precision", "city"))
        if location
        else None,
        members=Members(
            total=members["total"],
            reported=PartialDate.parse(members["reported"]),
            companies=members.get("companies"),
            smes=members.get("smes"),
            research=members.get("research"),
            other=members.get("other"),
            source=members.get("source"),
        )
        if members
        else None,
        eccp=data.get("eccp"),
        aliases=tuple(data.get("aliases", ())),
        founded=data.get("founded"),
        checked=dt.date.fromisoformat(data["checked"]) if "checked" in data else None,
        former_names=tuple(data.get("former_names", ())),
    )


def find_root(path: Path) -> Path | None:
    """The registry folder (the one holding levels.yml) at or above ``path``."""
    for candidate in [path, *path.parents] if path.is_dir() else path.parents:
        if (candidate / "levels.yml").is_file():
            return candidate
    return None


@contextmanager
def _without_gc() -> Iterator[None]:
    """Pause the cyclic garbage collector: the node trees hold no cycles, and at
    10,000 records its repeated passes over them took half of the run."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def check_record(
    document: Document,
    record_path: Path,
    levels: Mapping[str, Level],
    sectors: Mapping[str, Sector],
    build_date: dt.date,
    result: Result,
) -> _File:
    """Check one record file on its own (schema and the rules that need only this file)."""
    result.files += 1
    result.errors.extend(document.errors)
    file = _File(document, result)
    if document.root is not None:
        if not isinstance(file.data, dict):
            file.report((), f"expected a group of fields, found {schema.describe(file.data)}", "start with `id: ...`")
        else:
            result.errors.extend(schema.check("cluster", file.data, document.root, document.path))
            _check_record(file, record_path, levels, sectors, build_date)
    return file


def _check_file(
    path: Path, levels: Mapping[str, Level], sectors: Mapping[str, Sector], build_date: dt.date, result: Result
) -> _File:
    """Read one record file from disk and check it on its own."""
    return check_record(read(path, display_path(path)), path, levels, sectors, build_date, result)


@dataclass
class Memo:
    """What each record file's own checks found in an earlier run, by the file's size, time and inode.

    ``mkdocs serve`` keeps one, so an edit re-reads the files that changed; the checks
    across records (unique ids, look-alike names) run over all of them every time.
    """

    context: tuple[Any, ...] | None = None
    files: dict[Path, tuple[tuple[int, int, int], _File, list[Diagnostic], list[Diagnostic], Cluster | None]] = field(
        default_factory=dict
    )


def validate(root: Path, *, build_date: dt.date, only: Iterable[Path] = (), memo: Memo | None = None) -> Result:
    with _without_gc():
        return _validate(root, build_date=build_date, only=only, memo=memo)


def _validate(root: Path, *, build_date: dt.date, only: Iterable[Path] = (), memo: Memo | None = None) -> Result:
    """Check the registry at ``root``; with ``only``, report just the problems of those files.

    The whole registry is read either way, since ids and aliases must be unique across it.
    """
    result = Result()
    levels = load_levels(root, result)
    sectors = load_sectors(root, result)
    checked: list[tuple[_Record, Path]] = []
    if memo is not None and memo.context != (build_date, levels, sectors, result.errors):
        memo.context, memo.files = (build_date, levels, sectors, list(result.errors)), {}
    paths = record_files(root, result)
    if memo is None and len(paths) >= PARALLEL_FROM and processes() > 1:
        paths, checked = [], _check_in_parallel(paths, levels, sectors, build_date, result)
    for path in paths:
        earlier = memo.files.get(path) if memo is not None else None
        key = _file_key(path) if memo is not None else (0, 0, 0)
        if earlier is not None and earlier[0] == key:
            _key, file, errors, warnings, _cluster = earlier
            file.result = result
            result.files += 1
            result.errors.extend(errors)
            result.warnings.extend(warnings)
        else:
            errors_before, warnings_before = len(result.errors), len(result.warnings)
            file = _check_file(path, levels, sectors, build_date, result)
            if memo is not None:
                found = (result.errors[errors_before:], result.warnings[warnings_before:])
                memo.files[path] = (key, file, *found, None)
        checked.append((file, path))
    if memo is not None:
        for gone in memo.files.keys() - {path for _file, path in checked}:
            del memo.files[gone]
    _cross_record(checked, result)

    complete = not result.errors
    only = list(only)
    if only:
        wanted = {display_path(p.resolve()) for p in only} | {display_path(p) for p in only}
        result.errors = [d for d in result.errors if d.path in wanted]
        result.warnings = [d for d in result.warnings if d.path in wanted]
    result.errors.sort()
    result.warnings.sort()
    if complete:
        # Record files are never links (record_files refuses them): each one's path in the repository
        # is the registry folder's, resolved once, and the file's own below it.
        folder = root.resolve()
        in_repository = folder.relative_to(folder.parent)
        clusters = []
        for record, path in checked:
            earlier = memo.files.get(path) if memo is not None else None
            if earlier is not None and earlier[4] is not None:
                clusters.append(earlier[4])
                continue
            cluster = _build_cluster(record.data, (in_repository / path.relative_to(root)).as_posix(), levels)
            if memo is not None and earlier is not None:
                memo.files[path] = (*earlier[:4], cluster)
            clusters.append(cluster)
        result.registry = Registry(tuple(sorted(clusters, key=lambda c: c.id)), levels, sectors)
    return result


PARALLEL_FROM = 2000
"""Records from which a validation without a memo shares them out among as many processes as processors."""


def _check_in_parallel(
    paths: list[Path], levels: Mapping[str, Level], sectors: Mapping[str, Sector], build_date: dt.date, result: Result
) -> list[tuple[_Record, Path]]:
    """Each record's own checks, the files in runs, one run per processor: this process checks the first run
    while forked ones check the others; their problems and summaries come back in order."""
    count = processes()
    size = -(-len(paths) // count)
    runs = [paths[start : start + size] for start in range(0, len(paths), size)]
    checked: list[tuple[_Record, Path]] = []
    with ProcessPoolExecutor(len(runs) - 1, mp_context=multiprocessing.get_context("fork")) as pool:
        others = [pool.submit(_check_run, run, levels, sectors, build_date) for run in runs[1:]]
        for path in runs[0]:
            checked.append((_check_file(path, levels, sectors, build_date, result), path))
        for future, run in zip(others, runs[1:], strict=True):
            for (summary, errors, warnings), path in zip(future.result(), run, strict=True):
                summary.result = result
                result.files += 1
                result.errors.extend(errors)
                result.warnings.extend(warnings)
                checked.append((summary, path))
    return checked


def _check_run(
    paths: list[Path], levels: Mapping[str, Level], sectors: Mapping[str, Sector], build_date: dt.date
) -> list[tuple[_Summary, list[Diagnostic], list[Diagnostic]]]:
    out = []
    with _without_gc():
        for path in paths:
            found = Result()
            file = _check_file(path, levels, sectors, build_date, found)
            out.append((_Summary(file), found.errors, found.warnings))
    return out


def _file_key(path: Path) -> tuple[int, int, int]:
    """Size, time and inode: an edit, even one that keeps the size, changes the time; a replaced file, the inode."""
    try:
        found = path.lstat()
    except OSError:
        return (-1, -1, -1)
    return (found.st_size, found.st_mtime_ns, found.st_ino)


class Checker:
    """The registry's rules, loaded once, for records not yet written: ``new`` checks each answer with them.

    A record checked here meets the same rules as one in the registry, the whole-registry ones included
    (its id unique, its name unlike the others), and its problems come back as the same diagnostics.
    """

    def __init__(self, root: Path, *, build_date: dt.date) -> None:
        self.build_date = build_date
        self.vocabulary = Result()
        self.levels = load_levels(root, self.vocabulary)
        self.sectors = load_sectors(root, self.vocabulary)
        self._others = Result()
        self._names = _Names()
        with _without_gc():
            for path in record_files(root, self._others):
                self._names.add(_File(read(path, display_path(path)), self._others))

    def check(self, text: str, path: Path) -> Result:
        """Every problem of the record ``text`` were it saved at ``path``; other records' problems are left out."""
        result = Result()
        with _without_gc():
            document = parse(display_path(path), text.encode("utf-8"))
            file = check_record(document, path, self.levels, self.sectors, self.build_date, result)
            self._names.overlay().add(file)
        self._others.errors.clear()
        self._others.warnings.clear()
        result.errors.sort()
        result.warnings.sort()
        return result
