"""The pull request check keeps label history: over every documented label of the shipped registry,
removed, moved to another date, another level or another document, the check fails; made more precise,
or accepted by a correction in the record, it passes."""

from __future__ import annotations

import dataclasses
from functools import cache

import pytest

from generator.records.dates import parse_label_date
from generator.records.model import Cluster, Correction, Label, Registry, Source
from generator.records.validate import validate
from generator.tools.history import diagnostics, rewrites
from tests.conftest import ROOT, SHIPPED_DATE

BUILD_DATE = SHIPPED_DATE


@cache
def shipped() -> Registry:
    result = validate(ROOT / "registry", build_date=BUILD_DATE)
    assert result.registry is not None, result.errors
    return result.registry


def _with(
    registry: Registry, cluster: Cluster, labels: tuple[Label, ...], corrections: tuple[Correction, ...] = ()
) -> Registry:
    changed = dataclasses.replace(cluster, labels=labels, corrections=corrections or cluster.corrections)
    return dataclasses.replace(registry, clusters=tuple(changed if c is cluster else c for c in registry.clusters))


def documented() -> list[tuple[str, int]]:
    return [
        (cluster.id, index)
        for cluster in shipped().clusters
        for index, label in enumerate(cluster.labels)
        if label.source is not None
    ]


def _key(label: Label) -> tuple[object, ...]:
    return (label.level, label.source.url if label.source else None, label.awarded, label.valid_until)


def _moved(label: Label) -> Label | None:
    """The same label with its award (or, where it has none, its end) in another year; None for a label
    without dates (giving it one is an addition, not a rewrite)."""
    if label.awarded is not None:
        return dataclasses.replace(label, awarded=parse_label_date(str(label.awarded.last_day().year + 1)))
    if label.valid_until is not None:
        return dataclasses.replace(label, valid_until=parse_label_date(str(label.valid_until.last_day().year + 1)))
    return None


def test_the_shipped_registry_has_documented_labels_to_test() -> None:
    assert len(documented()) >= 200


def test_every_documented_label_removed_or_rewritten_fails_the_check() -> None:
    base = shipped()
    clusters = base.by_id()
    for cluster_id, index in documented():
        cluster = clusters[cluster_id]
        label = cluster.labels[index]
        other_level = next(level for level in base.levels if level != label.level)
        assert label.source is not None
        moved = _moved(label)
        variants = {
            "removed": cluster.labels[:index] + cluster.labels[index + 1 :],
            "moved": (*cluster.labels[:index], moved, *cluster.labels[index + 1 :]) if moved else None,
            "level": (
                *cluster.labels[:index],
                dataclasses.replace(label, level=other_level),
                *cluster.labels[index + 1 :],
            ),
            "source": (
                *cluster.labels[:index],
                dataclasses.replace(label, source=Source(url=label.source.url + "-other")),
                *cluster.labels[index + 1 :],
            ),
        }
        for kind, labels in variants.items():
            if labels is None:
                continue
            found = rewrites(base, _with(base, cluster, labels))
            assert len(found) == 1, (cluster_id, index, kind, found)
            # The rewritten label, or one the check cannot tell from it (same level, document and dates).
            named = cluster.labels[found[0].index]
            assert found[0].accepted_by is None, (cluster_id, index, kind)
            assert found[0].index == index or _key(named) == _key(label), (cluster_id, index, kind)
            if sum(_key(other) == _key(label) for other in cluster.labels) == 1:
                assert (found[0].what == "removed") == (kind == "removed"), (cluster_id, index, kind, found[0].what)


def test_what_changed_is_said() -> None:
    base = shipped()
    cluster = base.by_id()["silicon-saxony"]
    label = cluster.labels[-1]
    assert label.awarded is not None and label.awarded.iso() == "2019"
    moved = dataclasses.replace(label, awarded=parse_label_date("2026-11"))
    (found,) = rewrites(base, _with(base, cluster, (*cluster.labels[:-1], moved)))
    assert found.what == "awarded 2019 → 2026-11"
    (problem,) = diagnostics([found], ROOT)
    assert problem.path == "registry/clusters/de/silicon-saxony.yml"
    assert problem.field == f"labels[{len(cluster.labels) - 1}]"
    lines = (ROOT / problem.path).read_text("utf-8").splitlines()
    assert lines[problem.line - 1].strip() == "- level: gold"
    assert "add the renewal as a new entry at the end of `labels:`" in problem.hint
    (removed,) = rewrites(base, _with(base, cluster, cluster.labels[:-1]))
    (problem,) = diagnostics([removed], ROOT)
    assert removed.what == "removed" and lines[problem.line - 1] == "labels:"
    assert "GOLD label awarded 2019 (labels[2] before this change) is removed" in problem.message


def test_a_renewal_added_at_the_end_or_the_top_passes() -> None:
    base = shipped()
    cluster = base.by_id()["silicon-saxony"]
    renewal = dataclasses.replace(cluster.labels[-1], awarded=parse_label_date("2026-11"))
    assert rewrites(base, _with(base, cluster, (*cluster.labels, renewal))) == []
    assert rewrites(base, _with(base, cluster, (renewal, *cluster.labels))) == []


def test_more_precision_inside_the_same_dates_passes() -> None:
    base = shipped()
    cluster = base.by_id()["silicon-saxony"]
    label = cluster.labels[-1]
    finer = dataclasses.replace(label, awarded=parse_label_date("2019-03"), note="the month, from the document")
    assert rewrites(base, _with(base, cluster, (*cluster.labels[:-1], finer))) == []
    coarser = dataclasses.replace(label, awarded=parse_label_date("2018/2019"))
    assert len(rewrites(base, _with(base, cluster, (*cluster.labels[:-1], coarser)))) == 1


@pytest.mark.parametrize("kind", ["removed", "moved"])
def test_a_correction_added_by_the_same_change_accepts_it(kind: str) -> None:
    base = shipped()
    cluster = base.by_id()["silicon-saxony"]
    moved = _moved(cluster.labels[-1])
    assert moved is not None
    labels = cluster.labels[:-1] if kind == "removed" else (*cluster.labels[:-1], moved)
    correction = Correction(BUILD_DATE, "The 2019 GOLD was recorded from a page about another cluster.")
    head = _with(base, cluster, labels, corrections=(correction,))
    (found,) = rewrites(base, head)
    assert found.accepted_by == correction
    assert diagnostics([found], ROOT) == []
    # A correction already in the base accepts nothing more: each rewrite needs its own.
    earlier = _with(base, cluster, cluster.labels, corrections=(correction,))
    (again,) = rewrites(earlier, _with(earlier, earlier.by_id()["silicon-saxony"], labels, corrections=(correction,)))
    assert again.accepted_by is None


def test_a_removed_record_is_one_problem_and_a_renamed_one_none() -> None:
    base = shipped()
    cluster = base.by_id()["silicon-saxony"]
    gone = dataclasses.replace(base, clusters=tuple(c for c in base.clusters if c is not cluster))
    (found,) = rewrites(base, gone)
    assert found.record_removed and found.what == f"{len(cluster.labels)} documented labels"
    renamed = dataclasses.replace(cluster, id="silicon-saxony-ev", aliases=("silicon-saxony",))
    moved = dataclasses.replace(gone, clusters=(*gone.clusters, renamed))
    assert rewrites(base, moved) == []


def test_labels_without_a_document_are_free_to_change() -> None:
    base = shipped()
    cluster, index = next((c, i) for c in base.clusters for i, label in enumerate(c.labels) if label.source is None)
    assert rewrites(base, _with(base, cluster, cluster.labels[:index] + cluster.labels[index + 1 :])) == []
