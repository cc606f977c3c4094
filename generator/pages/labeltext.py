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
from urllib.parse import urlsplit

from generator.records.dates import REPORTED_WITHIN_MONTHS, DateSpan, day_after, day_before
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


def length_text(months: tuple[int, int], text: Mapping[str, Any]) -> str:
    """A validity in words: "2 years", "2 to 3 years", "18 months"."""
    shortest, longest = months
    words = text["rule"]
    if shortest % 12 == 0 and longest % 12 == 0:
        unit, shortest, longest = "years", shortest // 12, longest // 12
    else:
        unit = "months"
    if shortest == longest:
        return str(words[f"{unit}_one" if shortest == 1 else unit]).format(n=shortest)
    return str(words[unit]).format(n=f"{shortest} {words['to']} {longest}")


def rule_text(level: str, months: tuple[int, int], text: Mapping[str, Any]) -> str:
    """The level's rule in words: "a GOLD label lasts 2 to 3 years from its award"."""
    return str(text["rule"]["lasts"]).format(level=level, length=length_text(months, text))


def label_rule(label: Label, text: Mapping[str, Any]) -> str:
    """The registry's rules an end by rule rests on: the level's validity, and, for an award known only from a
    report, how long before the report it can lie."""
    if label.valid_for is not None:
        length = length_text((label.valid_for.months, label.valid_for.months), text)
        rule = str(text["valid_for_rule"]).format(length=length)
    else:
        rule = rule_text(text["level_word"][label.level], label.validity_months, text)
    if label.renews is not None and label.valid_for is None:
        renewal, _ = label.renews
        rule += "; " + str(text["renewal_rule"]).format(
            within=length_text((renewal.within_months, renewal.within_months), text),
            extends=length_text((renewal.extends_months, renewal.extends_months), text),
        )
    if isinstance(label.awarded, DateSpan) and label.awarded.reported:
        lag = length_text((REPORTED_WITHIN_MONTHS, REPORTED_WITHIN_MONTHS), text)
        rule += "; " + str(text["report_rule"]).format(length=lag)
    return rule


def headline(cluster: Cluster, standing: Standing, text: Mapping[str, Any], fmt: Formatter) -> str:
    """The banner's sentence: level, status, the exact last day and the days left, or when it ended,
    and whose the end is: a document's, or the registry's rule where no document gives one."""
    level = text["level_word"][standing.label.level]
    window = standing.window
    lines = text["headline"]
    status = standing.status
    if status in ("undetermined", "undocumented") or window is None:
        return str(lines["undocumented" if status == "undocumented" else "undetermined"]).format(level=level)
    earliest, latest = fmt.day(window.earliest), fmt.day(window.latest)
    values = {"level": level, "earliest": earliest, "latest": latest, "last": earliest}
    if window.by_rule:
        values["rule"] = label_rule(standing.label, text)
    if status in ("valid", "expiring"):
        values["left"] = days_left(standing.days_left or 0, text)
        key = "valid"
    elif status == "may-have-expired":
        key = "may-have-expired"
    else:
        values["checked"] = (
            str(lines["expired_checked"]).format(date=fmt.day(cluster.checked)) if cluster.checked is not None else ""
        )
        key = "expired"
    return str(lines[headline_key(key, window)]).format(
        **values, precision=text["precision"][_end_precision(standing.label)]
    )


def headline_key(status: str, window: EndWindow) -> str:
    """Which of the headlines a status takes (the page's script chooses the same way)."""
    if window.by_rule:
        return f"{status}_rule" + ("_exact" if window.exact and status != "may-have-expired" else "")
    if status == "may-have-expired":
        return status
    return status if window.exact else f"{status}_range"


def until_fact(label: Label, text: Mapping[str, Any], fmt: Formatter) -> str:
    """The "Valid until" fact: the date a document states, or that none does and what the rule gives."""
    window = label.end_window()
    if label.valid_until is not None:
        return fmt.partial(label.valid_until)
    if label.valid_for is not None:
        length = length_text((label.valid_for.months, label.valid_for.months), text)
        if window is None:
            return str(text["valid_until_for_undated"]).format(length=length, quote=oneline(label.valid_for.quote))
        when = (
            fmt.day(window.earliest)
            if window.exact
            else str(text["between"]).format(earliest=fmt.day(window.earliest), latest=fmt.day(window.latest))
        )
        if window.by_rule:  # counted from an award known only from a report
            lag = length_text((REPORTED_WITHIN_MONTHS, REPORTED_WITHIN_MONTHS), text)
            when += " (" + str(text["report_rule"]).format(length=lag) + ")"
        return str(text["valid_until_for"]).format(when=when, length=length, quote=oneline(label.valid_for.quote))
    if window is None:
        return str(text["valid_until_unknown"])
    rule = label_rule(label, text)
    key = "valid_until_rule_exact" if window.exact else "valid_until_rule"
    return str(text[key]).format(rule=rule, earliest=fmt.day(window.earliest), latest=fmt.day(window.latest))


def _end_precision(label: Label) -> str:
    date = label.valid_until or label.awarded
    return date.precision if date else "year"


AWARDING_BODY_SITES = ("cluster-analysis.org", "eucles.be")
"""ESCA's and EUCLES's own sites: a document there is the awarding body's list or announcement."""

PROGRAMME_SITES = (
    "clusterplattform.de",  # the German federal government's cluster platform
    "clustercollaboration.eu",  # the European Commission's European Cluster Collaboration Platform
    "noe.gv.at",  # the State of Lower Austria
    "catalonia.com",  # ACCIÓ, the Catalan government's agency
    "wissenschaft-frankreich.de",  # the French embassy's science office in Germany
)
"""Sites of public cluster programmes and agencies."""


def _site(url: str | None) -> str:
    host = (urlsplit(url).hostname or "") if url else ""
    return host.removeprefix("www.")


def _on(host: str, sites: tuple[str, ...]) -> bool:
    return any(host == site or host.endswith("." + site) for site in sites)


def evidence_kind(cluster: Cluster, label: Label) -> str | None:
    """Who speaks in the label's document: as the record says, else as its address shows (the awarding
    bodies' sites, a public programme's, the cluster's own website or a publisher of the cluster's name);
    None where neither tells."""
    source = label.source
    if source is None:
        return None
    if source.kind:
        return source.kind
    host = _site(source.url)
    if _on(host, AWARDING_BODY_SITES):
        return "awarding-body"
    if _on(host, PROGRAMME_SITES):
        return "programme"
    own = _site(cluster.website)
    names = {n.casefold() for n in (cluster.name, cluster.acronym) if n}
    if (own and (host == own or host.endswith("." + own) or own.endswith("." + host))) or (
        source.publisher and source.publisher.casefold() in names
    ):
        return "cluster"
    return None


def held_since(cluster: Cluster, standing: Standing) -> tuple[Label, bool] | None:
    """The first award of the run of the current level that ends in the label held now, where each award
    falls before the previous one's latest end (no gap on record), and whether the run has renewals; None
    where no label is held or the run's first award has no date."""
    current = standing.current
    if current is None:
        return None
    labels = cluster.labels
    index = labels.index(current)
    first = index
    while first > 0:
        before, after = labels[first - 1], labels[first]
        window = before.end_window()
        if before.level != current.level or window is None or after.awarded is None:
            break
        if day_before(after.awarded.first_day()) > window.latest:
            break
        first -= 1
    start = labels[first]
    return (start, first < index) if start.awarded is not None else None


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
    """The award's year for the history's story; an interval across years as ``2024-2025`` with an en dash."""
    if label.awarded is None:
        return None
    if isinstance(label.awarded, DateSpan) and label.awarded.end.year != label.awarded.start.year:
        return f"{label.awarded.start.year}\u2013{label.awarded.end.year}"
    return str(label.awarded.year)


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


def counts(cluster: Cluster, text: Mapping[str, Any], fmt: Formatter) -> list[str]:
    """Where a document counts the awards ("the fifth time") and the record documents fewer of them: how many
    are documented here, so the history and its quotation add up."""
    sentences = []
    for index, label in enumerate(cluster.labels):
        if label.ordinal is None:
            continue
        documented = sum(1 for earlier in cluster.labels[: index + 1] if earlier.level == label.level)
        if documented < label.ordinal:
            sentences.append(
                str(text["history_counted"]).format(
                    level=text["level_word"][label.level],
                    date=fmt.partial(label.awarded) if label.awarded else text["awarded_unknown"],
                    n=label.ordinal,
                    documented=documented,
                    missing=label.ordinal - documented,
                )
            )
    return sentences


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
    if window and window.by_rule:
        label_part += (
            f", valid until {fmt.day(window.earliest)}"
            if window.exact
            else f", valid until between {fmt.day(window.earliest)} and {fmt.day(window.latest)}"
        ) + " by the registry's rule (no document states the end)"
    elif window and window.exact:
        label_part += f", valid until {fmt.day(window.earliest)}"
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
