"""What a label page says in words: the banner's headline, the history as a story, the citation.

Plain functions of the record, its standing and the interface strings, so the
same sentences can be tested without building pages.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from generator.records.dates import day_after, day_before
from generator.records.model import Cluster, EndWindow, Label, Level
from generator.records.status import Standing
from generator.render import Formatter, oneline


@dataclass(frozen=True, slots=True)
class Revision:
    """The last commit that changed a record: a citation names the version it saw."""

    date: str
    commit: str


def days_left(days: int, text: Mapping[str, Any]) -> str:
    words = text["days_left"]
    if days == 0:
        return str(words["zero"])
    if days == 1:
        return str(words["one"])
    return str(words["many"]).format(days=f"{days:,}")


def headline(cluster: Cluster, standing: Standing, text: Mapping[str, Any], fmt: Formatter) -> str:
    """The banner's sentence: level, status, the exact last day and the days left, or when it ended."""
    level = text["level_word"][standing.label.level]
    window = standing.window
    lines = text["headline"]
    status = standing.status
    if status in ("undetermined", "undocumented") or window is None:
        return str(lines["undocumented" if status == "undocumented" else "undetermined"]).format(level=level)
    earliest, latest = fmt.day(window.earliest), fmt.day(window.latest)
    if status in ("valid", "expiring"):
        left = days_left(standing.days_left or 0, text)
        if window.exact:
            return str(lines["valid"]).format(level=level, last=earliest, left=left)
        return str(lines["valid_range"]).format(
            level=level,
            last=earliest,
            left=left,
            earliest=earliest,
            latest=latest,
            precision=text["precision"][_end_precision(standing.label)],
        )
    if status == "may-have-expired":
        return str(lines["may-have-expired"]).format(level=level, earliest=earliest, latest=latest)
    checked = str(lines["expired_checked"]).format(date=fmt.day(cluster.checked)) if cluster.checked is not None else ""
    key = "expired" if window.exact else "expired_range"
    return str(lines[key]).format(level=level, earliest=earliest, latest=latest, checked=checked)


def _end_precision(label: Label) -> str:
    date = label.valid_until or label.awarded
    return date.precision if date else "year"


def source_reference(label: Label, text: Mapping[str, Any], fmt: Formatter) -> list[str]:
    """The parts after the title of a source's reference: publisher, date, language."""
    source = label.source
    if source is None:
        return []
    parts = []
    if source.publisher:
        parts.append(oneline(source.publisher))
    if source.published:
        parts.append(str(text["evidence_published"]).format(date=fmt.partial(source.published)))
    return parts


@dataclass(frozen=True, slots=True)
class HistoryItem:
    label: Label | None
    status: str
    gap: tuple[dt.date, dt.date] | None = None
    """For a gap between two validity periods: the first and the last day with no label on record."""


def history(cluster: Cluster, standing: Standing) -> list[HistoryItem]:
    """The labels newest first, with the gaps between validity periods where the dates show one."""
    items: list[HistoryItem] = []
    labels = cluster.labels
    for index in range(len(labels) - 1, -1, -1):
        label = labels[index]
        items.append(HistoryItem(label, standing.label_statuses[index]))
        if index == 0:
            continue
        before = labels[index - 1].end_window()
        if before is None or label.awarded is None:
            continue
        start = day_after(before.latest)
        end = day_before(label.awarded.first_day())
        if start <= end:
            items.append(HistoryItem(None, "", gap=(start, end)))
    return items


def _year(label: Label) -> str | None:
    return str(label.awarded.year) if label.awarded else None


def story(cluster: Cluster, text: Mapping[str, Any]) -> str:
    """``GOLD since 2013, renewed 2015, 2018, 2021, 2025``: each run of one level, oldest first."""
    runs: list[list[Label]] = []
    for label in cluster.labels:
        if runs and runs[-1][0].level == label.level:
            runs[-1].append(label)
        else:
            runs.append([label])
    sentences = []
    for position, run in enumerate(runs):
        level = text["level_word"][run[0].level]
        first = _year(run[0]) or text["history_undated"]
        last_run = position == len(runs) - 1
        key = "history_since" if last_run and len(run) > 1 else "history_once"
        sentence = str(text[key]).format(level=level, year=first)
        if len(run) > 1:
            years = [_year(label) or text["history_undated"] for label in run[1:]]
            sentence += ", " + str(text["history_renewed"]).format(years=", ".join(years))
        sentences.append(sentence)
    return "; ".join(sentences) + "."


def end_text(label: Label, status: str, text: Mapping[str, Any], fmt: Formatter) -> str:
    """When one label of the history ends or ended, in words."""
    window = label.end_window()
    if window is None:
        return str(text["valid_until_unknown"])
    past = status == "expired"
    if window.exact:
        return str(text["history_ended" if past else "history_ends"]).format(date=fmt.day(window.earliest))
    return str(text["history_ended_range" if past else "history_ends_range"]).format(
        earliest=fmt.day(window.earliest), latest=fmt.day(window.latest)
    )


@dataclass(frozen=True, slots=True)
class Cited:
    """What a citation names besides the label: the status seen, where, when and which version."""

    cluster: Cluster
    label: Label
    level: Level
    status_word: str
    url: str
    site_name: str
    built: dt.date
    revision: Revision | None


def citation(cited: Cited, fmt: Formatter) -> str:
    """A plain-text citation that stays a sentence whatever fact is missing."""
    label, revision = cited.label, cited.revision
    name = oneline(cited.cluster.name)
    label_part = cited.level.name
    if label.awarded:
        label_part += f", awarded {fmt.partial(label.awarded)}"
    if label.awarded_by:
        label_part += f" by {label.awarded_by}"
    window = label.end_window()
    if window and window.exact:
        label_part += f", valid until {fmt.day(window.earliest)}"
        if label.valid_until_is_default:
            label_part += " (default validity)"
    elif label.valid_until:
        label_part += f", valid until {fmt.partial(label.valid_until)}"
    version = f"; record version {revision.commit} of {revision.date}" if revision else ""
    seen = f"{cited.status_word} as of {fmt.day(cited.built)}"
    return f"{name}: {label_part}. {seen}. {cited.site_name}, {cited.url}{version}."


_BIBTEX_SPECIAL = re.compile(r"([\\{}%&#$_^~])")


def _bibtex(value: str) -> str:
    return _BIBTEX_SPECIAL.sub(lambda m: "\\" + m.group(1), oneline(value))


def bibtex(cited: Cited) -> str:
    """A BibTeX-like entry: ``@misc`` with title, publisher, address, and the version and day seen."""
    label, revision, built = cited.label, cited.revision, cited.built
    note = f"{cited.status_word} as of {built.isoformat()}"
    if label.awarded:
        note += f"; awarded {label.awarded.iso()}"
    if label.awarded_by:
        note += f" by {label.awarded_by}"
    if revision:
        note += f"; record version {revision.commit} of {revision.date}"
    fields = [
        ("title", f"{oneline(cited.cluster.name)}: {cited.level.name}"),
        ("howpublished", cited.site_name),
        ("url", cited.url),
        ("urldate", built.isoformat()),
        ("year", str(built.year)),
        ("note", note),
    ]
    body = ",\n".join(f"  {key} = {{{_bibtex(value)}}}" for key, value in fields)
    return f"@misc{{{cited.cluster.id},\n{body}\n}}"


def window_data(window: EndWindow | None) -> dict[str, str]:
    """The days a page's script needs to check the status again on the reader's date."""
    if window is None:
        return {}
    return {"earliest": window.earliest.isoformat(), "latest": window.latest.isoformat()}


WORDS_SCRIPT = "assets/registry-words.js"
"""The words a label page's script re-checks the status with, shared by every label page of the site."""


def words_script(text: Mapping[str, Any], fmt: Formatter) -> str:
    """``window.registryWords``: status words, headlines, "days left" and precision words, months."""
    words: dict[str, str] = {key: text["status"][key] for key in ("valid", "expiring", "may-have-expired", "expired")}
    words.update({f"headline-{key}": line for key, line in text["headline"].items()})
    words.update({f"left-{key}": line for key, line in text["days_left"].items()})
    words.update({f"precision-{key}": word for key, word in text["precision"].items()})
    words["asof"] = text["as_of_reader"]
    words["months"] = "|".join(fmt.months)
    return "window.registryWords = " + json.dumps(words, ensure_ascii=False, indent=1) + ";\n"
