"""Typed, immutable records of the registry, and the record a checked file becomes.

What they mean on a given day is :mod:`generator.records.status`.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any, Literal

from generator.records.dates import LabelDate, PartialDate, add_months, parse_label_date


@dataclass(frozen=True, slots=True)
class Renewal:
    """A renewal made within ``within_months`` after the previous label's end extends that end by
    ``extends_months`` (ESCA's rule for BRONZE), instead of counting from the renewal's award."""

    within_months: int
    extends_months: int


@dataclass(frozen=True, slots=True)
class Level:
    id: str
    name: str
    motto: str
    rank: int
    validity_months: tuple[int, int]
    """The shortest and the longest validity its sources state, counted from the award (equal where they agree)."""
    validity_sources: tuple[tuple[str, str | None], ...]
    """The documents that state the validity: each address with the sentence quoted from it, if any."""
    colour: str
    description: str
    source: str
    renewal: Renewal | None = None
    """How a renewal extends the previous label, where the level's documents say (BRONZE)."""


@dataclass(frozen=True, slots=True)
class Sector:
    id: str
    name: str
    description: str
    names: tuple[tuple[str, str], ...] = ()
    """The name in other languages: (language code, name), as ``sectors.yml`` gives them."""

    def words(self) -> set[str]:
        """Every word of the id, the name and its translations, folded (case and accents ignored)."""
        return {word for text in (self.id, self.name, *(n for _, n in self.names)) for word in _words(text)}


def _words(text: str) -> list[str]:
    folded = unicodedata.normalize("NFKD", text.casefold())
    return re.findall(r"\w+", "".join(c for c in folded if not unicodedata.combining(c)))


def sectors_matching(text: str, sectors: Iterable[Sector]) -> list[str]:
    """The ids of the sectors that a typed word names: a sector one of whose words (of its id, name or a
    translation) begins with every word typed (``tour`` and ``Tourismus`` name sports-leisure-tourism)."""
    typed = _words(text)
    if not typed:
        return []
    return [s.id for s in sectors if all(any(w.startswith(t) for w in s.words()) for t in typed)]


@dataclass(frozen=True, slots=True)
class Source:
    """The public document that records an award, as precisely as the record cites it."""

    url: str
    title: str | None = None
    publisher: str | None = None
    published: PartialDate | None = None
    language: str | None = None
    archived: str | None = None
    """Address of an archived copy of the document."""
    quote: str | None = None
    """The sentence of the document that states the award, in the document's own language."""
    kind: str | None = None
    """Who speaks in it, where the record says: awarding-body, cluster, programme or third-party."""


Basis = Literal["document", "rule"]


@dataclass(frozen=True, slots=True)
class EndWindow:
    """The earliest and the latest day that can be a label's last valid day, given dates at their precision."""

    earliest: dt.date
    latest: dt.date
    basis: Basis = "document"
    """Where the end comes from: a document that states it, or the registry's rule for the level
    (its validity counted from the award) where no document states it."""

    @property
    def exact(self) -> bool:
        return self.earliest == self.latest

    @property
    def by_rule(self) -> bool:
        return self.basis == "rule"


@dataclass(frozen=True, slots=True)
class ValidFor:
    """How long a document says a label lasts, where it gives no end date: the months, its sentence, and its
    address where it is not the label's source."""

    months: int
    quote: str
    url: str | None = None


@dataclass(frozen=True, slots=True)
class Label:
    level: str
    awarded: LabelDate | None
    valid_until: LabelDate | None
    """As the source states it; None where the source gives no date."""
    validity_months: tuple[int, int]
    """The level's shortest and longest validity, counted from the award where the source states no end."""
    awarded_by: str | None
    score: float | None
    certificate: str | None
    source: Source | None
    """None where no document recording the award has been found: such a label is never shown as valid."""
    note: str | None
    valid_for: ValidFor | None = None
    """How long a document says the label lasts, where it states no end date."""
    ordinal: int | None = None
    """Which award of its level the document counts this one as ("the fifth time"), where it counts."""
    renews: tuple[Renewal, EndWindow] | None = None
    """The level's renewal rule and the end window of the label of that level before this one, where both
    exist: the end by rule may then extend that end."""

    @property
    def valid_until_is_default(self) -> bool:
        """Whether a rule of the registry's decides the end: no document states the end or the length, or the
        award that a stated length counts from is known only from a report."""
        return self.valid_until_basis == "rule"

    @property
    def valid_until_basis(self) -> Basis | None:
        """Whose the end is: a document's (an end date, or a length from an award a document dates), the
        registry's rule's, or nobody's (no date at all)."""
        if self.valid_until is not None:
            return "document"
        if self.awarded is None:
            return None
        if self.valid_for is not None and not self.awarded.reported:
            return "document"
        return "rule"

    @property
    def effective_valid_until(self) -> LabelDate | None:
        """The end date as stated, else the earliest end of :meth:`end_window`: at the award's precision where
        the award is one date counted from directly, else as a day (an interval, a report date or a renewal
        extending the previous end has no precision of its own to keep)."""
        if self.valid_until is not None:
            return self.valid_until
        if self.awarded is None:
            return None
        if isinstance(self.awarded, PartialDate) and (self.renews is None or self.valid_for is not None):
            return self.awarded.plus_months(self.valid_for.months if self.valid_for else self.validity_months[0])
        window = self.end_window()
        assert window is not None
        day = window.earliest
        return PartialDate(day.year, day.month, day.day)

    def end_window(self) -> EndWindow | None:
        """Between which two days validity ends; None where no date at all is known.

        A stated ``valid_until`` of ``2027-06`` ends between 1 and 30 June 2027. By the level's rule,
        the earliest end is the shortest validity counted from the earliest possible award day, the
        latest end the longest validity from the latest possible award day: a gold ``awarded: 2024``
        with a validity of 24 to 36 months ends between 1 January 2026 and 31 December 2027.
        """
        if self.valid_until is not None:
            return EndWindow(self.valid_until.first_day(), self.valid_until.last_day())
        if self.awarded is None:
            return None
        if self.valid_for is not None:
            months = self.valid_for.months
            # Counted from an award known only from a report, the earliest end rests on the reporting rule.
            basis: Basis = "rule" if self.awarded.reported else "document"
            return EndWindow(
                add_months(self.awarded.first_day(), months), add_months(self.awarded.last_day(), months), basis
            )
        shortest, longest = self.validity_months
        first = EndWindow(
            add_months(self.awarded.first_day(), shortest), add_months(self.awarded.last_day(), longest), "rule"
        )
        if self.renews is None:
            return first
        # A renewal within the set months after the previous end extends that end; one after them counts from
        # its own award; where the dates allow both, the window spans both.
        renewal, before = self.renews
        extended = EndWindow(
            add_months(before.earliest, renewal.extends_months),
            add_months(before.latest, renewal.extends_months),
            "rule",
        )
        if self.awarded.last_day() <= add_months(before.earliest, renewal.within_months):
            return extended
        if self.awarded.first_day() > add_months(before.latest, renewal.within_months):
            return first
        return EndWindow(min(first.earliest, extended.earliest), max(first.latest, extended.latest), "rule")


@dataclass(frozen=True, slots=True)
class Members:
    total: int
    reported: PartialDate
    companies: int | None = None
    smes: int | None = None
    research: int | None = None
    other: int | None = None
    source: str | None = None


@dataclass(frozen=True, slots=True)
class Location:
    latitude: float
    longitude: float
    precision: str = "city"
    """``address`` where the coordinates are the office's, ``city`` where they are the city's."""
    geonames: int | None = None
    """The GeoNames place the coordinates were taken from, where ``locate`` wrote them."""


@dataclass(frozen=True, slots=True)
class Correction:
    """A deliberate correction of the record's label history: the day, and what was corrected and why."""

    date: dt.date
    note: str


@dataclass(frozen=True, slots=True)
class Cluster:
    id: str
    name: str
    country: str
    sectors: tuple[str, ...]
    labels: tuple[Label, ...]
    """Oldest first."""
    path: str
    """The record's file, relative to the repository root."""
    acronym: str | None = None
    legal_name: str | None = None
    website: str | None = None
    description: str | None = None
    region: str | None = None
    city: str | None = None
    city_source: Source | None = None
    """The document that states the city, where the record cites one for it."""
    location: Location | None = None
    members: Members | None = None
    eccp: str | None = None
    aliases: tuple[str, ...] = ()
    founded: int | None = None
    checked: dt.date | None = None
    """The day a maintainer last looked for newer awards."""
    former_names: tuple[str, ...] = ()
    corrections: tuple[Correction, ...] = ()
    """Oldest first, as the record lists them."""

    def latest_label(self) -> Label:
        return self.labels[-1]


@dataclass(frozen=True, slots=True)
class Registry:
    clusters: tuple[Cluster, ...]
    """Sorted by id."""
    levels: dict[str, Level]
    """In rank order, lowest first."""
    sectors: dict[str, Sector]

    def by_id(self) -> dict[str, Cluster]:
        return {c.id: c for c in self.clusters}


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
        kind=value.get("kind"),
    )


def cluster_from_record(data: dict[str, Any], path: str, levels: Mapping[str, Level]) -> Cluster:
    """The typed cluster of a record that passed every check (its fields are known to be well formed)."""
    labels: list[Label] = []
    for entry in data["labels"]:
        level = levels[entry["level"]]
        before = next((earlier for earlier in reversed(labels) if earlier.level == level.id), None)
        window = before.end_window() if before is not None else None
        labels.append(
            Label(
                level=entry["level"],
                awarded=parse_label_date(entry["awarded"]) if "awarded" in entry else None,
                valid_until=parse_label_date(entry["valid_until"]) if "valid_until" in entry else None,
                validity_months=level.validity_months,
                awarded_by=entry.get("awarded_by"),
                score=entry.get("score"),
                certificate=entry.get("certificate"),
                source=_source(entry.get("source")),
                note=entry.get("note"),
                valid_for=ValidFor(**entry["valid_for"]) if "valid_for" in entry else None,
                ordinal=entry.get("ordinal"),
                renews=(level.renewal, window) if level.renewal is not None and window is not None else None,
            )
        )
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
        city_source=_source(data.get("city_source")),
        location=Location(
            float(location["latitude"]),
            float(location["longitude"]),
            location.get("precision", "city"),
            location.get("geonames"),
        )
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
        corrections=tuple(
            Correction(dt.date.fromisoformat(entry["date"]), entry["note"]) for entry in data.get("corrections", ())
        ),
    )
