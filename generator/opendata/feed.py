"""The Atom feed of awards: the newest dated awards, newest first, each with its status on the build date.

Imports records and the open data basics.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping

from feedgen.feed import FeedGenerator

from generator.opendata.base import API, DATA_LICENSE, STATUS_WORDS, absolute, page_path, rule_words
from generator.records import countries
from generator.records.model import Cluster, Registry
from generator.records.status import Standing


def award_entry_id(cluster: Cluster, index: int) -> str:
    """Stable id of an award: the cluster, the level and the date never change once recorded."""
    label = cluster.labels[index]
    when = label.awarded.iso() if label.awarded else f"undated-{index}"
    return f"urn:cluster-label-registry:award:{cluster.id}:{label.level}:{when}"


def _midnight(day: dt.date) -> dt.datetime:
    return dt.datetime(day.year, day.month, day.day, tzinfo=dt.UTC)


FEED_ENTRIES = 100
"""The feed carries the newest awards, not every award ever made: its size stays the same as the registry grows."""


def awards_feed(
    registry: Registry, standings: Mapping[str, Standing], on: dt.date, site_url: str, site_name: str
) -> str:
    """An Atom feed of the newest dated awards, newest first, each with its status on the build date."""
    feed = FeedGenerator()
    feed.id(site_url or "urn:cluster-label-registry")
    feed.title(f"{site_name}: label awards")
    feed.subtitle("Cluster Management Excellence Labels awarded, newest first.")
    feed.link(href=(site_url or "") + f"{API}awards.atom", rel="self")
    feed.link(href=site_url or "../../", rel="alternate")
    feed.language("en")
    feed.rights(f"Data licensed under {DATA_LICENSE['title']} ({DATA_LICENSE['name']}): {DATA_LICENSE['url']}")
    feed.updated(_midnight(on))
    awards = [
        (label.awarded, cluster, index, label)
        for cluster in registry.clusters
        for index, label in enumerate(cluster.labels)
        if label.awarded is not None and label.awarded.first_day() <= on
    ]
    awards.sort(key=lambda a: (a[0].first_day() if a[0] else on, a[1].id, a[2]), reverse=True)
    for awarded, cluster, index, label in awards[:FEED_ENTRIES]:
        assert awarded is not None
        entry = feed.add_entry(order="append")
        entry.id(award_entry_id(cluster, index))
        level = registry.levels[label.level]
        entry.title(f"{cluster.name}: {level.name} ({awarded.iso()})")
        entry.link(href=absolute(site_url, page_path(cluster.id)) or f"../../{page_path(cluster.id)}")
        entry.published(_midnight(awarded.first_day()))
        entry.updated(_midnight(awarded.first_day()))
        until = label.effective_valid_until
        body = f"{cluster.name} ({countries.name(cluster.country)}) was awarded the {level.name}"
        body += f" by {label.awarded_by}" if label.awarded_by else ""
        body += f" in {awarded.iso()}"
        if until:
            window = label.end_window()
            body += f", {rule_words(window)}" if window and window.by_rule else f", valid until {until.iso()}"
        status = standings[cluster.id].label_statuses[index]
        body += f". Status on {on.isoformat()}: {STATUS_WORDS[status]}"
        entry.summary(body + (f". Source: {label.source.url}" if label.source else ". No source found"))
    text: bytes = feed.atom_str(pretty=True)
    return text.decode("utf-8")
