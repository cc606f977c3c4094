"""What a change does to the registry, in Markdown for a pull request's summary."""

from __future__ import annotations

from dataclasses import dataclass, field, fields

from generator.records.model import Cluster, Label, Registry, Source
from generator.render import markdown_code, markdown_link_target

_COMPARED_LABEL_FIELDS = ("valid_until", "awarded_by", "score", "certificate", "source", "note")
_IGNORED_CLUSTER_FIELDS = {"id", "labels", "path", "aliases"}


def _label_key(label: Label, index: int) -> tuple[str, str]:
    return (label.level, label.awarded.iso() if label.awarded else f"undated #{index + 1}")


def _describe(label: Label) -> str:
    text = f"{label.level.upper()} awarded {label.awarded.iso() if label.awarded else '(date not stated)'}"
    if label.valid_until:
        text += f", valid until {label.valid_until.iso()}"
    return text + (f" ([source]({markdown_link_target(label.source.url)}))" if label.source else " (no source)")


def _value(value: object) -> str:
    if value is None:
        return "(none)"
    if hasattr(value, "iso"):
        return str(value.iso())
    if isinstance(value, Source):
        return markdown_code(value.url)
    return markdown_code(value)


@dataclass
class Changes:
    added: list[Cluster] = field(default_factory=list)
    removed: list[Cluster] = field(default_factory=list)
    renamed: list[tuple[str, Cluster]] = field(default_factory=list)
    awards_added: list[tuple[Cluster, Label]] = field(default_factory=list)
    awards_removed: list[tuple[Cluster, Label]] = field(default_factory=list)
    level_changes: list[tuple[Cluster, str, str]] = field(default_factory=list)
    label_changes: list[tuple[Cluster, str, str, str, str]] = field(default_factory=list)
    """(cluster, award, field, before, after)."""
    detail_changes: list[tuple[Cluster, list[str]]] = field(default_factory=list)

    def empty(self) -> bool:
        return not any(getattr(self, f.name) for f in fields(self))


def compare(base: Registry, head: Registry) -> Changes:
    """Clusters added, removed and renamed; awards added and removed; levels, dates and details changed."""
    changes = Changes()
    before = base.by_id()
    after = head.by_id()
    renamed_from: dict[str, str] = {}
    for cluster in head.clusters:
        for alias in cluster.aliases:
            if alias in before and alias not in after:
                renamed_from[cluster.id] = alias
    for cluster in head.clusters:
        old_id = renamed_from.get(cluster.id, cluster.id)
        old = before.get(old_id)
        if old is None:
            changes.added.append(cluster)
            continue
        if old_id != cluster.id:
            changes.renamed.append((old_id, cluster))
        _compare_cluster(old, cluster, changes)
    gone = set(before) - set(after) - set(renamed_from.values())
    changes.removed = [before[i] for i in sorted(gone)]
    return changes


def _compare_cluster(old: Cluster, new: Cluster, changes: Changes) -> None:
    old_labels = {_label_key(label, i): label for i, label in enumerate(old.labels)}
    new_labels = {_label_key(label, i): label for i, label in enumerate(new.labels)}
    for key, label in new_labels.items():
        if key not in old_labels:
            changes.awards_added.append((new, label))
            continue
        previous = old_labels[key]
        for name in _COMPARED_LABEL_FIELDS:
            a, b = getattr(previous, name), getattr(label, name)
            if a != b:
                changes.label_changes.append((new, f"{key[0].upper()} {key[1]}", name, _value(a), _value(b)))
    for key, label in old_labels.items():
        if key not in new_labels:
            changes.awards_removed.append((new, label))
    if old.latest_label().level != new.latest_label().level:
        changes.level_changes.append((new, old.latest_label().level, new.latest_label().level))
    changed = [
        f.name
        for f in fields(Cluster)
        if f.name not in _IGNORED_CLUSTER_FIELDS and getattr(old, f.name) != getattr(new, f.name)
    ]
    if old.aliases != new.aliases and not set(old.aliases) <= set(new.aliases):
        changed.append("aliases (one removed: its old address would stop redirecting)")
    if changed:
        changes.detail_changes.append((new, changed))


def markdown(changes: Changes) -> str:
    """The summary a maintainer reads before reviewing the diff."""
    lines = ["## Registry changes", ""]
    if changes.empty():
        return "\n".join([*lines, "No change to the registry's records.", ""])

    def section(title: str, items: list[str]) -> None:
        if items:
            lines.extend([f"### {title}", "", *(f"- {item}" for item in items), ""])

    def name(cluster: Cluster) -> str:
        return f"{markdown_code(cluster.name)} (`{cluster.id}`)"

    section("Clusters added", [f"{name(c)}, {c.country}: {_describe(c.latest_label())}" for c in changes.added])
    section("Clusters removed", [f"{name(c)}: its label page would disappear" for c in changes.removed])
    section("Records renamed", [f"`{old}` → {name(c)} (the old address redirects)" for old, c in changes.renamed])
    section("Label awards added", [f"{name(c)}: {_describe(label)}" for c, label in changes.awards_added])
    section("Label awards removed", [f"{name(c)}: {_describe(label)}" for c, label in changes.awards_removed])
    section(
        "Levels changed",
        [f"{name(c)}: {a.upper()} → {b.upper()}" for c, a, b in changes.level_changes],
    )
    section(
        "Label details changed",
        [f"{name(c)}, {award}: `{fld}` {a} → {b}" for c, award, fld, a, b in changes.label_changes],
    )
    section(
        "Other fields changed",
        [f"{name(c)}: {', '.join(f'`{f}`' for f in changed)}" for c, changed in changes.detail_changes],
    )
    return "\n".join(lines)
