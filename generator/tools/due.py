"""Which records need a maintainer's look, most urgent first: the review queue.

A label that ends soon, a label that has ended with no later one on record, a
cited document that no longer answers, a record nobody has checked for a year.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

from generator.records.checks import CHECKED_WARN_AFTER_DAYS
from generator.records.model import Cluster, Registry
from generator.records.status import Standing
from generator.render import markdown_code

ENDING, DEAD, ENDED, STALE = range(4)
"""Urgency of a reason, most urgent first: a label about to end misleads soonest."""


@dataclass(order=True)
class Entry:
    urgency: tuple[int, int]
    cluster: Cluster = field(compare=False)
    reasons: list[str] = field(compare=False)
    listed_in: str | None = field(default=None, compare=False)
    """The document that its newest label comes from where that document lists several records (an
    awarding body's list, a programme's announcement of several labels): re-checked in one pass."""


def lists(registry: Registry) -> set[str]:
    """Documents that the labels of two or more records cite."""
    citing: dict[str, set[str]] = {}
    for cluster in registry.clusters:
        for label in cluster.labels:
            if label.source is not None:
                citing.setdefault(label.source.url, set()).add(cluster.id)
    return {url for url, ids in citing.items() if len(ids) > 1}


def queue(
    registry: Registry,
    standings: Mapping[str, Standing],
    on: dt.date,
    *,
    within: int = 90,
    dead: Mapping[str, list[str]] | None = None,
) -> list[Entry]:
    """Every record that needs a look, sorted by urgency (then by id)."""
    entries = []
    shared = lists(registry)
    for cluster in registry.clusters:
        standing = standings[cluster.id]
        window = standing.window
        found: list[tuple[int, int, str]] = []
        if standing.holding and window is not None and (window.earliest - on).days <= within:
            days = (window.earliest - on).days
            rule = ", by the registry's rule" if window.by_rule else ""
            found.append(
                (ENDING, days, f"{standing.label.level.upper()} label ends in {days} days ({window.earliest}{rule})")
            )
        if not standing.holding and window is not None and standing.status in ("expired", "may-have-expired"):
            since = (on - window.latest).days if standing.status == "expired" else 0
            ended = "ended" if standing.status == "expired" else "may have ended"
            when = str(window.earliest) if window.exact else f"{window.earliest} to {window.latest}"
            when += ", by the registry's rule" if window.by_rule else ""
            level = standing.label.level.upper()
            found.append((ENDED, since, f"{level} label {ended} ({when}); no later label on record"))
        for address in (dead or {}).get(cluster.id, []):
            found.append((DEAD, 0, f"cited address does not answer: {markdown_code(address, in_table=True)}"))
        if cluster.checked is None or (on - cluster.checked).days > CHECKED_WARN_AFTER_DAYS:
            age = (on - cluster.checked).days if cluster.checked else 10**6
            checked = cluster.checked.isoformat() if cluster.checked else "never"
            found.append((STALE, -age, f"last checked {checked}"))
        if found:
            found.sort()
            source = cluster.latest_label().source
            listed = source.url if source is not None and source.url in shared else None
            entries.append(Entry((found[0][0], found[0][1]), cluster, [text for _, _, text in found], listed))
    entries.sort(key=lambda e: (e.urgency, e.cluster.id))
    return entries


def report(entries: list[Entry], on: dt.date, within: int) -> str:
    lines = [
        "## Records to re-check",
        "",
        f"As of {on.isoformat()}: labels ending within {within} days, labels that ended with no later label on "
        "record, cited addresses that no longer answer, and records not checked for a year. "
        f"{len(entries)} record{'s' * (len(entries) != 1)}.",
        "",
    ]
    # Records whose newest label comes from one list are re-checked together, in one reading of it: a
    # group per list, the groups in the order of their most urgent record, then the records one by one.
    groups: dict[str | None, list[Entry]] = {}
    for entry in entries:
        groups.setdefault(entry.listed_in, []).append(entry)
    for listed, members in sorted(groups.items(), key=lambda item: (item[0] is None, item[1][0].urgency)):
        if listed is not None:
            count = f"{len(members)} record{'s' * (len(members) != 1)}"
            lines += [f"### From one list ({count}): {markdown_code(listed)}", ""]
        elif len(groups) > 1:
            lines += ["### Each from its own document", ""]
        lines += ["| record | name | why |", "| --- | --- | --- |"]
        for entry in members:
            cluster = entry.cluster
            why = "; ".join(entry.reasons).replace("|", "\\|")
            lines.append(f"| `{cluster.path}` | {markdown_code(cluster.name, in_table=True)} | {why} |")
        lines.append("")
    lines.append("After a look, update the record's labels and set `checked:` to the day of the look.")
    return "\n".join(lines) + "\n"


def read_dead(path: Path) -> dict[str, list[str]]:
    """The dead cited addresses by record id, as ``check-addresses --dead-list`` writes them."""
    data = json.loads(path.read_text("utf-8"))
    dead: dict[str, list[str]] = {}
    for item in data:
        dead.setdefault(str(item["record"]), []).append(str(item["url"]))
    return dead
