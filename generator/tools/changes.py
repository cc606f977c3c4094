"""What a change does to the registry, in Markdown for a pull request's summary."""

from __future__ import annotations

from dataclasses import dataclass, field, fields

from generator.records.model import Cluster, Label, Registry, Source
from generator.render import markdown_code, markdown_link_target
from generator.tools.history import Rewrite, message, rewrites

_COMPARED_LABEL_FIELDS = ("valid_until", "awarded_by", "score", "certificate", "source", "note")
_IGNORED_CLUSTER_FIELDS = {"id", "labels", "path", "aliases", "former_names", "corrections"}


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
    aliases_added: list[tuple[Cluster, str]] = field(default_factory=list)
    """Former ids that will redirect to the cluster: a reviewer sees an address being taken over."""
    aliases_removed: list[tuple[Cluster, str]] = field(default_factory=list)
    former_names_added: list[tuple[Cluster, str]] = field(default_factory=list)
    former_names_removed: list[tuple[Cluster, str]] = field(default_factory=list)
    history: list[Rewrite] = field(default_factory=list)
    """Documented labels removed or changed: the check fails unless a correction in the record accepts them."""

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
    changes.history = rewrites(base, head)
    return changes


def _by_key(labels: tuple[Label, ...]) -> dict[tuple[str, str], list[Label]]:
    """Labels by level and award date; two of the same level and date are both kept, in their order."""
    keyed: dict[tuple[str, str], list[Label]] = {}
    for index, label in enumerate(labels):
        keyed.setdefault(_label_key(label, index), []).append(label)
    return keyed


def _compare_cluster(old: Cluster, new: Cluster, changes: Changes) -> None:
    old_labels, new_labels = _by_key(old.labels), _by_key(new.labels)
    for key, labels in new_labels.items():
        earlier = old_labels.get(key, [])
        for position, label in enumerate(labels):
            if position >= len(earlier):
                changes.awards_added.append((new, label))  # a second award of the same level and date too
                continue
            previous = earlier[position]
            for name in _COMPARED_LABEL_FIELDS:
                a, b = getattr(previous, name), getattr(label, name)
                if a != b:
                    changes.label_changes.append((new, f"{key[0].upper()} {key[1]}", name, _value(a), _value(b)))
    for key, labels in old_labels.items():
        for label in labels[len(new_labels.get(key, [])) :]:
            changes.awards_removed.append((new, label))
    if old.latest_label().level != new.latest_label().level:
        changes.level_changes.append((new, old.latest_label().level, new.latest_label().level))
    changed = [
        f.name
        for f in fields(Cluster)
        if f.name not in _IGNORED_CLUSTER_FIELDS and getattr(old, f.name) != getattr(new, f.name)
    ]
    if changed:
        changes.detail_changes.append((new, changed))
    changes.aliases_added.extend((new, alias) for alias in new.aliases if alias not in old.aliases and alias != old.id)
    changes.aliases_removed.extend((new, alias) for alias in old.aliases if alias not in new.aliases)
    changes.former_names_added.extend((new, n) for n in new.former_names if n not in old.former_names)
    changes.former_names_removed.extend((new, n) for n in old.former_names if n not in new.former_names)


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

    refused = [r for r in changes.history if r.accepted_by is None]
    accepted = [r for r in changes.history if r.accepted_by is not None]
    section(
        "Label history rewritten: the check fails",
        [f"{name(r.cluster)}: {message(r)}" for r in refused],
    )
    section(
        "Label history corrected",
        [
            f"{name(r.cluster)}: {message(r)}, accepted by the correction of"
            f" {r.accepted_by.date.isoformat()}: {markdown_code(r.accepted_by.note)}"
            for r in accepted
            if r.accepted_by is not None
        ],
    )
    section(
        "Addresses that redirect",
        [f"{name(c)}: `/clusters/{a}/` will redirect here" for c, a in changes.aliases_added]
        + [f"{name(c)}: `/clusters/{a}/` would stop redirecting here" for c, a in changes.aliases_removed],
    )
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
        "Former names",
        [f"{name(c)}: {markdown_code(n)} added" for c, n in changes.former_names_added]
        + [f"{name(c)}: {markdown_code(n)} removed" for c, n in changes.former_names_removed],
    )
    section(
        "Other fields changed",
        [f"{name(c)}: {', '.join(f'`{f}`' for f in changed)}" for c, changed in changes.detail_changes],
    )
    return "\n".join(lines)
