"""The SVG badge a cluster shows on its own website: its level and its status on the build date.

Imports records and the shared templates.
"""

from __future__ import annotations

from generator.opendata.base import STATUS_WORDS
from generator.records.model import Cluster, Registry
from generator.records.status import Standing
from generator.render import environment, oneline

NEUTRAL_COLOUR = "#6b6b6b"
"""Expired, undated and undocumented labels: never a level's colour, so they never look like credentials."""


def _text_width(text: str) -> int:
    return int(len(text) * 7 + 12)


def badge_svg(cluster: Cluster, standing: Standing, registry: Registry) -> str:
    """A small badge for the cluster's own website: the level and the end of validity, or what else is true."""
    label = standing.label
    status = standing.status
    level = registry.levels[label.level]
    word = label.level.upper()
    if standing.holding and standing.window is not None:
        # The end as its document states it, or as the registry's rule gives it, saying so.
        if label.valid_until is not None:
            until = f"until {label.valid_until.iso()}"
        else:
            until = f"until at least {standing.window.earliest.isoformat()} (rule)"
        right_text, colour = f"{word} · {until}", level.colour
    elif status == "undetermined":
        right_text, colour = f"{word} · dates not stated", NEUTRAL_COLOUR
    else:
        right_text, colour = f"{word} · {STATUS_WORDS[status]}", NEUTRAL_COLOUR
    left_text = "cluster excellence"
    left, right = _text_width(left_text), _text_width(right_text)
    return (
        environment()
        .get_template("badge.svg.j2")
        .render(
            width=left + right,
            left=left,
            right=right,
            colour=colour,
            left_middle=left / 2,
            right_middle=left + right / 2,
            left_text=left_text,
            right_text=right_text,
            label=f"{oneline(cluster.name)}: {level.name}, {right_text.split(' · ', 1)[1]}",
        )
    )
