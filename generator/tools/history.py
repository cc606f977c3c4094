"""Whether a change keeps the registry's history: a documented label is only ever added to.

A label that cites a document is a fact about the past. A pull request may make it more precise
(a day inside the month it gave, a title for its document) but may not remove it or change its
level, its dates or its document: a renewal is a new label at the end of ``labels:``. A
deliberate correction of a mistake is accepted when the same change adds an entry to the record's
``corrections:`` saying why, so that the record itself, and its page, show it.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from generator.records.dates import LabelDate
from generator.records.diagnostics import Diagnostic
from generator.records.loader import Node, locate, read
from generator.records.model import Cluster, Correction, Label, Registry

RENEWAL_HINT = (
    "keep this label as it was, and add the renewal as a new entry at the end of `labels:`;"
    " to correct a mistake instead, add an entry to `corrections:` (date, and a note saying what was wrong"
    " and which document shows it)"
)


@dataclass(frozen=True, slots=True)
class Rewrite:
    """A documented label of the base registry that the head registry no longer holds as it was."""

    cluster: Cluster
    """The record in the head registry, or in the base one where the record is gone."""
    label: Label
    """The label as the base registry holds it."""
    index: int
    """Its position in the base record's labels."""
    what: str
    """What became of it, in words: ``removed``, or each changed field with its values."""
    head_index: int | None
    """The label of the head record it became, where one did."""
    accepted_by: Correction | None
    """The correction this change adds to the record, which accepts the rewrite; None if it adds none."""
    record_removed: bool = False


def _same_or_finer(old: LabelDate | None, new: LabelDate | None) -> bool:
    """The same date, or a more precise one inside it; or a date where none was given."""
    if old is None:
        return True
    if new is None:
        return False
    return old.first_day() <= new.first_day() and new.last_day() <= old.last_day()


def _url(label: Label) -> str | None:
    return label.source.url if label.source else None


def _unchanged(old: Label, new: Label) -> bool:
    return (old.level, _url(old), old.awarded, old.valid_until) == (new.level, _url(new), new.awarded, new.valid_until)


def _keeps(old: Label, new: Label) -> bool:
    return (
        old.level == new.level
        and _url(old) == _url(new)
        and _same_or_finer(old.awarded, new.awarded)
        and _same_or_finer(old.valid_until, new.valid_until)
    )


def _iso(value: LabelDate | None) -> str:
    return value.iso() if value is not None else "(none)"


def describe(label: Label) -> str:
    """A label in a few words: level and award date (a document's address is record text, so it stays out
    of messages that go into Markdown and annotations)."""
    return f"{label.level.upper()} label awarded {_iso(label.awarded)}"


def _differences(old: Label, new: Label) -> str:
    parts = []
    if old.level != new.level:
        parts.append(f"level {old.level} → {new.level}")
    for name in ("awarded", "valid_until"):
        a, b = getattr(old, name), getattr(new, name)
        if not _same_or_finer(a, b):
            parts.append(f"{name} {_iso(a)} → {_iso(b)}")
    if _url(old) != _url(new):
        parts.append("source: another document's address")
    return ", ".join(parts)


def _counterpart(old: Label, index: int, labels: tuple[Label, ...], free: set[int]) -> int | None:
    """The head label a changed base label most likely became: the same document, else the same
    position with the same level or award date."""
    for position in sorted(free):
        if _url(labels[position]) == _url(old):
            return position
    if index in free and (labels[index].level == old.level or labels[index].awarded == old.awarded):
        return index
    return None


def _record_rewrites(old: Cluster, new: Cluster) -> list[Rewrite]:
    added = [c for c in new.corrections if c not in old.corrections]
    accepted = added[-1] if added else None
    free = set(range(len(new.labels)))
    # Undocumented labels are free to change, since no document fixed them; where one stays as it was, it
    # is set aside first, so that it is never taken for what a documented label became.
    for label in old.labels:
        if label.source is None:
            free.discard(next((p for p in sorted(free) if _unchanged(label, new.labels[p])), -1))
    unmatched = [(index, label) for index, label in enumerate(old.labels) if label.source is not None]
    for same in (_unchanged, _keeps):  # the same label first, so that a finer one cannot take its place
        left = []
        for index, label in unmatched:
            match = next((p for p in sorted(free) if same(label, new.labels[p])), None)
            if match is None:
                left.append((index, label))
            else:
                free.discard(match)
        unmatched = left
    rewrites = []
    for index, label in unmatched:
        position = _counterpart(label, index, new.labels, free)
        if position is None:
            rewrites.append(Rewrite(new, label, index, "removed", None, accepted))
        else:
            free.discard(position)
            rewrites.append(Rewrite(new, label, index, _differences(label, new.labels[position]), position, accepted))
    return rewrites


def rewrites(base: Registry, head: Registry) -> list[Rewrite]:
    """Every documented label of ``base`` that ``head`` removes or changes, record by record in id order."""
    after = head.by_id()
    renamed = {alias: cluster for cluster in head.clusters for alias in cluster.aliases}
    found: list[Rewrite] = []
    for old in base.clusters:
        new = after.get(old.id) or renamed.get(old.id)
        documented = [(index, label) for index, label in enumerate(old.labels) if label.source is not None]
        if new is None and documented:
            index, label = documented[-1]
            count = f"{len(documented)} documented label{'s' * (len(documented) != 1)}"
            found.append(Rewrite(old, label, index, count, None, None, record_removed=True))
        elif new is not None:
            found.extend(_record_rewrites(old, new))
    return found


def message(rewrite: Rewrite) -> str:
    if rewrite.record_removed:
        return (
            f"the record `{rewrite.cluster.id}`, with {rewrite.what} (the newest a {describe(rewrite.label)}),"
            f" is removed; its permanent page /clusters/{rewrite.cluster.id}/ would disappear"
        )
    base = f"the documented {describe(rewrite.label)} (labels[{rewrite.index}] before this change)"
    if rewrite.head_index is None:
        return f"{base} is removed"
    return f"{base} is changed: {rewrite.what}"


def diagnostics(found: list[Rewrite], repository: Path) -> list[Diagnostic]:
    """The rewrites no correction accepts, each on the line of the head record it concerns (a removed
    label on its record's ``labels:``, a removed record on line 1), named by the path in the repository."""
    problems = []
    roots: dict[str, Node | None] = {}
    for rewrite in found:
        if rewrite.accepted_by is not None:
            continue
        path = rewrite.cluster.path
        if rewrite.record_removed:
            problems.append(
                Diagnostic(
                    path,
                    1,
                    1,
                    "labels",
                    message(rewrite),
                    "keep the record; a record that moved to another id lists the old id under `aliases:`",
                )
            )
            continue
        if path not in roots:
            roots[path] = read(repository / path, path).root
        if rewrite.head_index is None:
            mark, fld = locate(roots[path], ("labels",), key=True), f"labels[{rewrite.index}]"
        else:
            mark, fld = locate(roots[path], ("labels", rewrite.head_index)), f"labels[{rewrite.head_index}]"
        problems.append(Diagnostic(path, mark.line, mark.column, fld, message(rewrite), RENEWAL_HINT))
    return problems
