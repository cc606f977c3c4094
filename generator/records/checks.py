"""The rules one record file must meet on its own: its schema, its text, its addresses, its dates and labels.

Each problem is reported at its file, line, column and field, and checking goes on; a record that meets every
rule becomes a typed :class:`~generator.records.model.Cluster`. Imports the other record modules only.
"""

from __future__ import annotations

import datetime as dt
import math
import re
from collections.abc import Mapping
from pathlib import Path
from typing import Any, TypeGuard

import langcodes

from generator.records import characters, countries, schema, webaddress
from generator.records.dates import DateSpan, LabelDate, add_months
from generator.records.findings import RecordFile, Result
from generator.records.loader import Document
from generator.records.model import Level, Sector, sectors_matching
from generator.records.webaddress import AddressError, WebAddress

SCHEMA_LINE = "# yaml-language-server: $schema=../../../generator/schemas/cluster.schema.json"
"""First line of every record, so that editors check it as people type."""


ID_PATTERN = re.compile(r"[a-z0-9]+(-[a-z0-9]+)*\Z")


def _is_number(value: object) -> TypeGuard[float]:
    return isinstance(value, (int, float)) and not isinstance(value, bool)


def _listed(value: object) -> list[object]:
    return value if isinstance(value, list) else []


def _unknown(sector: object, sectors: Mapping[str, Sector]) -> bool:
    """A sector the sector check refuses (and names the likeliest meant)."""
    return isinstance(sector, str) and bool(sector) and sector not in sectors


def _sector_hint(typed: str, sectors: Mapping[str, Sector]) -> str:
    """The sectors a word of whose name or translations the text begins, else the closest id."""
    named = sectors_matching(typed, sectors.values())
    if 1 <= len(named) <= 3:
        return " or ".join(f"`{i}` ({sectors[i].name})" for i in named).join(("did you mean ", "?"))
    return schema.did_you_mean(typed, list(sectors))


def _check_text(file: RecordFile, value: Any, where: tuple[str | int, ...]) -> None:
    """Characters no output can carry have no place in a record (see :mod:`generator.records.characters`).
    Nor have numbers that are not finite (``.nan``, ``.inf``): no JSON file can carry them."""
    if isinstance(value, float) and not math.isfinite(value):
        file.report(where, f"`{value}` is not a finite number", "write the number itself, such as 87 or 53.55")
    elif isinstance(value, str):
        for message, hint in characters.unfit(value):
            file.report(where, message, hint)
    elif isinstance(value, dict):
        for key, item in value.items():
            _check_text(file, item, (*where, key))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            _check_text(file, item, (*where, index))


_LANGUAGE_FORM = re.compile(schema.schema("cluster")["$defs"]["source"]["properties"]["language"]["pattern"])
"""The schema's form of a language tag; the registry of real subtags (langcodes carries it) decides the rest."""
_URL_FORM = re.compile(schema.schema("cluster")["$defs"]["url"]["pattern"])
"""The schema's form of a web address: a value not in that form is reported by the schema alone."""


def _check_url(file: RecordFile, where: tuple[str | int, ...], *, cited: bool = False) -> WebAddress | None:
    """A web address, parsed by :func:`webaddress.parse` and reported at its field where it cannot be taken;
    an http address where https would do is a warning.

    A ``cited`` address is kept as the document was found (http included): another
    scheme can be another document.
    """
    value = file.get(*where)
    if not isinstance(value, str) or not _URL_FORM.match(value):
        return None
    try:
        address = webaddress.parse(value)
    except AddressError as exc:
        file.report(where, str(exc), exc.hint)
        return None
    if address.parts.scheme == "http" and not cited:
        file.report(where, "web address uses http://", "use https:// if the site offers it", warning=True)
    return address


def _check_record(
    file: RecordFile,
    record_path: Path,
    levels: Mapping[str, Level],
    sectors: Mapping[str, Sector],
    build_date: dt.date,
) -> None:
    data = file.data
    if not isinstance(data, dict):
        return
    _check_text(file, data, ())
    former = data.get("former_names")
    shown: list[tuple[tuple[str | int, ...], object, str]] = [
        ((name,), data.get(name), "write it in letters, as the organisation writes it")
        for name in characters.READABLE_FIELDS
    ]
    if isinstance(former, list):
        shown += [
            (("former_names", i), text, "write it in letters, as the organisation wrote it")
            for i, text in enumerate(former)
        ]
    for where, text, hint in shown:
        if isinstance(text, str) and text.strip() and not characters.readable(text):
            file.report(where, "holds no letter or digit that shows (only symbols, emoji or blank characters)", hint)
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
            if _unknown(sector, sectors):
                file.report(
                    ("sectors", index),
                    f"unknown sector `{schema.visible(sector)}`",
                    _sector_hint(sector, sectors),
                )

    location = data.get("location")
    if isinstance(location, dict) and isinstance(country, str):
        lat, lon = location.get("latitude"), location.get("longitude")
        if _is_number(lat) and _is_number(lon) and -90 <= lat <= 90 and -180 <= lon <= 180:
            inside = countries.contains(country, lat, lon)
            if inside is False:
                swapped = abs(lon) <= 90 and countries.contains(country, lon, lat)
                there = None if swapped else countries.country_at(lat, lon)
                file.report(
                    ("location",),
                    f"{lat}, {lon} lies "
                    + (f"in {countries.name(there)}, " if there else "")
                    + f"outside {countries.name(country)}",
                    "latitude and longitude look swapped"
                    if swapped
                    else f"correct the coordinates, or the country if the organisation is not in {country}",
                )

    for url_field in ("website", "eccp"):
        _check_url(file, (url_field,))
    _check_url(file, ("members", "source"), cited=True)
    _check_url(file, ("city_source", "url"), cited=True)
    if "city_source" in data and "city" not in data:
        file.report(
            ("city_source",),
            "`city_source` names the document for a city, but the record gives no `city`",
            "add `city:` with the city the document states, or remove `city_source`",
        )

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
    _check_corrections(file, build_date)

    aliases = data.get("aliases")
    claimed = [(record_id, ("id",))] + (
        [(alias, ("aliases", index)) for index, alias in enumerate(aliases)] if isinstance(aliases, list) else []
    )
    for address, where in claimed:
        if isinstance(address, str) and address in RESERVED_IDS:
            file.report(
                where,
                f"`{address}` names one of the site's own pages ({RESERVED_IDS[address]}), not a record",
                "choose another id",
            )
    if isinstance(aliases, list) and isinstance(record_id, str) and record_id in aliases:
        file.report(
            ("aliases", aliases.index(record_id)), "an alias repeats the record's own id", "list only former ids"
        )


FIRST_LABELS = dt.date(2009, 1, 1)
"""The European Cluster Excellence Initiative began in 2009: no label, nor any document of one, is older."""
LONGEST_AHEAD_MONTHS = 48
"""How far after the build date a label may end: no label lasts more than three years, and a renewal before
the end adds at most three years to a period that has not ended, so four years is beyond any real end."""


def _check_span(
    file: RecordFile, where: tuple[str | int, ...], date: LabelDate, what: str, latest: dt.date, after: str
) -> bool:
    """Whether ``date`` lies between the initiative's first labels and ``latest``; reports it where it does not.
    Every date an output writes comes from this span, so no output's date arithmetic can leave the calendar."""
    if date.last_day() < FIRST_LABELS:
        file.report(
            where,
            f"{what} {date} is before 2009, when the European Cluster Excellence Initiative began",
            "check the year",
        )
        return False
    if (date.end if isinstance(date, DateSpan) else date).first_day() > latest:
        file.report(where, f"{what} {date} is {after}", "check the year")
        return False
    return True


RESERVED_IDS = {
    "index": "clusters/ is the list of all clusters",
    "page": "clusters/page/2/ and on continue that list",
}
"""Ids the site's own pages use under clusters/: a record with one would hide or replace them."""

CHECKED_WARN_AFTER_DAYS = 365
"""A record not looked at for newer awards for longer than this is reported, as a warning."""


def _check_day(file: RecordFile, where: tuple[str | int, ...], hint: str, build_date: dt.date) -> dt.date | None:
    """A full date on the calendar and not after the build date, else reported."""
    value = file.get(*where)
    if not isinstance(value, str):
        return None
    try:
        day = dt.date.fromisoformat(value)
    except ValueError:
        if re.fullmatch(r"\d{4}-\d{2}-\d{2}", value):  # the right form, but not on the calendar
            file.report(where, f"`{value}` is not on the calendar", "check the day and month")
        return None
    if day > build_date:
        file.report(where, f"{value} is after today ({build_date})", hint)
        return None
    return day


def _check_checked(file: RecordFile, build_date: dt.date) -> None:
    checked = _check_day(file, ("checked",), "give the day you last looked", build_date)
    if checked is not None and (build_date - checked).days > CHECKED_WARN_AFTER_DAYS:
        file.report(
            ("checked",),
            f"the record was last checked on {checked.isoformat()}, more than a year ago",
            "look for newer awards of this organisation, update its labels, then set `checked:` to today",
            warning=True,
        )


def _check_corrections(file: RecordFile, build_date: dt.date) -> None:
    corrections = file.get("corrections")
    for index in range(len(corrections) if isinstance(corrections, list) else 0):
        _check_day(file, ("corrections", index, "date"), "give the day of the correction", build_date)


def _check_source(file: RecordFile, where: tuple[str | int, ...], build_date: dt.date) -> None:
    """A source is the document that records the award: never a site's home page."""
    value = file.get(*where)
    if isinstance(value, dict):
        for key in ("url", "archived"):
            _check_document_url(file, (*where, key))
        published = file.date(*where, "published")
        if published is not None:
            _check_span(
                file, (*where, "published"), published, "publication date", build_date, f"after today ({build_date})"
            )
        language = value.get("language")
        if isinstance(language, str) and _LANGUAGE_FORM.match(language) and not langcodes.tag_is_valid(language):
            file.report(
                (*where, "language"),
                f"`{language}` is not a language tag: its subtags are not in the IANA language subtag registry",
                "give the document's language as a code such as `de`, `fr` or `pt-PT`",
            )
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


def _check_document_url(file: RecordFile, where: tuple[str | int, ...]) -> None:
    address = _check_url(file, where, cited=True)
    if address is not None and address.is_home_page:
        file.report(
            where,
            f"`{address.text}` is a site's home page, not the document that records the award",
            "give the address of the press release, announcement or list that states the award",
        )


def _newest_first_of_order(dates: list[LabelDate | None]) -> bool:
    """Whether the first label is the newest award and the others are in order: one label put at the top."""
    dated = [d for d in dates if d is not None]
    if len(dated) < 2 or dates[0] is None:
        return False
    rest = [d.first_day() for d in dated[1:]]
    return rest == sorted(rest) and all(dated[0].first_day() >= day for day in rest)


def _check_labels(file: RecordFile, labels: list[Any], levels: Mapping[str, Level], build_date: dt.date) -> None:
    previous: tuple[int, LabelDate] | None = None
    top_reported = False
    # Each award date read once: the order checks below look at all of them.
    dates = [
        file.label_date("labels", i, "awarded") if isinstance(label, dict) else None for i, label in enumerate(labels)
    ]
    for index, label in enumerate(labels):
        if not isinstance(label, dict):
            continue
        awarded = dates[index]
        if awarded is not None and awarded.last_day() < FIRST_LABELS:
            _check_span(file, ("labels", index, "awarded"), awarded, "award date", build_date, "")
            awarded = None
        valid_until = file.label_date("labels", index, "valid_until")
        latest_end = add_months(build_date, LONGEST_AHEAD_MONTHS)
        if valid_until is not None and not _check_span(
            file,
            ("labels", index, "valid_until"),
            valid_until,
            "end of validity",
            latest_end,
            f"more than four years after the build date ({build_date}): no label lasts that long",
        ):
            valid_until = None
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
            # An interval is out of order only when it ends before the award above it begins.
            earliest = awarded.last_day() if isinstance(awarded, DateSpan) else awarded.first_day()
            if previous is not None and earliest < previous[1].first_day():
                entries = [d for d, item in zip(dates, labels, strict=True) if isinstance(item, dict)]
                if previous[0] == 0 and not top_reported and _newest_first_of_order(entries):
                    # The likeliest mistake: a renewal added at the top, as the label page lists newest first.
                    top_reported = True
                    file.report(
                        ("labels", 0, "awarded"),
                        f"the award of {previous[1]} is listed first, above older awards",
                        "labels go oldest first: move this label, from `- level:` to its last line,"
                        " to the end of `labels:`",
                    )
                elif not (previous[0] == 0 and top_reported):
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
        ordinal = label.get("ordinal")
        if isinstance(ordinal, int) and not isinstance(ordinal, bool):
            same = sum(
                1
                for earlier in labels[: index + 1]
                if isinstance(earlier, dict) and earlier.get("level") == label.get("level")
            )
            if same > ordinal:
                file.report(
                    ("labels", index, "ordinal"),
                    f"the record lists {same} {label.get('level')} labels up to this one, "
                    f"but its document counts it as number {ordinal}",
                    "check the earlier labels' levels and dates, or the count",
                    warning=True,
                )
        valid_for = label.get("valid_for")
        if isinstance(valid_for, dict):
            if "valid_until" in label:
                file.report(
                    ("labels", index, "valid_for"),
                    "both `valid_until` and `valid_for` are given",
                    "keep `valid_until` where the document states the end date, `valid_for` where it states "
                    "only how long the label lasts",
                )
            if "url" in valid_for:
                _check_url(file, ("labels", index, "valid_for", "url"), cited=True)
        if "awarded" not in label and "valid_until" not in label and not label.get("note"):
            file.report(
                ("labels", index),
                "neither `awarded` nor `valid_until` is given, so the label's status cannot be shown",
                "add the date the source gives, even just the year; if it gives none, say so in `note:`",
            )


def check_record(
    document: Document,
    record_path: Path,
    levels: Mapping[str, Level],
    sectors: Mapping[str, Sector],
    build_date: dt.date,
    result: Result,
) -> RecordFile:
    """Check one record file on its own (schema and the rules that need only this file)."""
    result.files += 1
    result.errors.extend(document.errors)
    file = RecordFile(document, result)
    if document.root is not None:
        if not isinstance(file.data, dict):
            file.report((), f"expected a group of fields, found {schema.describe(file.data)}", "start with `id: ...`")
        else:
            found = schema.check("cluster", file.data, document.root, document.path)
            # An unknown sector is told once, by the check that can name the sector meant.
            told = {f"sectors[{i}]" for i, v in enumerate(_listed(file.data.get("sectors"))) if _unknown(v, sectors)}
            result.errors.extend(d for d in found if d.field not in told)
            _check_record(file, record_path, levels, sectors, build_date)
    return file
