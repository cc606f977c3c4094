"""Whether the web addresses the records cite still answer: run weekly, never at build time."""

from __future__ import annotations

import urllib.error
import urllib.request
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass

from generator.records.model import Registry

USER_AGENT = "cluster-label-registry address check (+https://github.com/)"


@dataclass(frozen=True)
class Citation:
    url: str
    cluster: str
    field: str
    record: str


@dataclass(frozen=True)
class Answer:
    url: str
    ok: bool
    detail: str


def citations(registry: Registry) -> Iterator[Citation]:
    for cluster in registry.clusters:
        for name in ("website", "eccp"):
            value = getattr(cluster, name)
            if value:
                yield Citation(value, cluster.id, name, cluster.path)
        if cluster.city_source:
            yield Citation(cluster.city_source.url, cluster.id, "city_source", cluster.path)
        if cluster.members and cluster.members.source:
            yield Citation(cluster.members.source, cluster.id, "members.source", cluster.path)
        for index, label in enumerate(cluster.labels):
            if label.source:
                yield Citation(label.source.url, cluster.id, f"labels[{index}].source", cluster.path)


def probe(url: str, timeout: float) -> Answer:
    """HEAD first, GET where a server refuses HEAD; any answer below 400 counts as alive."""
    last = ""
    for method in ("HEAD", "GET"):
        request = urllib.request.Request(url, method=method, headers={"User-Agent": USER_AGENT})
        try:
            with urllib.request.urlopen(request, timeout=timeout) as response:
                return Answer(url, True, str(response.status))
        except urllib.error.HTTPError as exc:
            last = f"HTTP {exc.code}"
            if exc.code not in (403, 405, 501):
                break
        except (urllib.error.URLError, TimeoutError, OSError) as exc:
            reason = getattr(exc, "reason", exc)
            last = f"no answer ({reason})"
            break
    return Answer(url, False, last)


def check(registry: Registry, *, timeout: float = 15.0, workers: int = 8) -> tuple[list[Citation], dict[str, Answer]]:
    cited = list(citations(registry))
    unique = sorted({c.url for c in cited})
    with ThreadPoolExecutor(max_workers=workers) as pool:
        answers = {a.url: a for a in pool.map(lambda u: probe(u, timeout), unique)}
    return cited, answers


def report(cited: list[Citation], answers: dict[str, Answer]) -> str:
    dead = [c for c in cited if not answers[c.url].ok]
    lines = [
        "## Cited addresses",
        "",
        f"{len(answers)} addresses checked, {len({c.url for c in dead})} not answering.",
        "",
    ]
    if dead:
        lines += ["| record | field | address | answer |", "| --- | --- | --- | --- |"]
        for c in dead:
            lines.append(f"| `{c.record}` | `{c.field}` | <{c.url}> | {answers[c.url].detail} |")
        lines.append("")
    return "\n".join(lines)
