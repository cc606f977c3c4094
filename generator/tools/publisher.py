"""Who stands behind a build of the registry: its operator, how to reach them, the repository, the licences.

Settings, not text in the code: the shipped configuration names no operator, and
until one is configured the repository's issue tracker is the contact. A build
that knows neither says so rather than leaving the reader without a way to ask.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping
from typing import Any

from generator.opendata.base import DATA_LICENSE
from generator.pages.site import country_url
from generator.records import countries
from generator.records.model import Registry
from generator.records.status import Standing

CODE_LICENSE = {"name": "MIT", "url": "https://opensource.org/license/mit"}
PLACEHOLDER = "<!-- registry:publisher -->"
"""Where a hand-written page shows who runs the registry and how to reach them."""
COVERAGE = "<!-- registry:coverage -->"
"""Where a hand-written page shows how much of the labelled world the registry holds."""

PUBLIC_COUNTS = [
    (
        "gold",
        139,
        "139 organisations in 19 countries",
        "https://hamburg-logistik.net/blog/netzwerk/gold-fuer-drei-weitere-jahre-fuer-das-lihh-team",
    ),
    (
        "silver",
        174,
        "174 organisations in 27 countries",
        "https://hamburg-logistik.net/blog/netzwerk/gold-fuer-drei-weitere-jahre-fuer-das-lihh-team",
    ),
    (
        "bronze",
        1261,
        "1,261 organisations in 46 countries; ESCA's list of benchmarked clusters: 1,292 in 48 countries",
        "https://www.cluster-analysis.org/benchmarked-clusters",
    ),
]
"""Organisations ever labelled, as public documents count them (about 2022): the level, the count the shares
are taken of, the count as the documents state it, and the document."""


def contact_url(contact: str) -> str:
    """A link for a contact: an e-mail address becomes ``mailto:``, a web address stays as it is."""
    if contact.startswith(("https://", "http://", "mailto:")):
        return contact
    return f"mailto:{contact}" if "@" in contact else ""


def publisher(operator: str, contact: str, repository: str) -> dict[str, Any]:
    """What the footer and the about page show, for one build."""
    issues = f"{repository}/issues" if repository else ""
    return {
        "operator": operator,
        "contact": contact or issues,
        "contact_url": contact_url(contact) if contact else issues,
        "contact_is_issues": not contact and bool(issues),
        "repository": repository,
        "issues": issues,
        "code_license": CODE_LICENSE,
        "data_license": DATA_LICENSE,
    }


def publisher_markdown(details: dict[str, Any]) -> str:
    """The about page's paragraph on who runs the registry and how to reach them."""
    lines = []
    if details["operator"]:
        lines.append(f"This registry is run by {details['operator']}.")
    else:
        lines.append("No operator is configured for this build of the registry.")
    if details["contact_is_issues"]:
        lines.append(
            f"Until an operator is configured, the contact is the repository's issue tracker: <{details['issues']}>."
        )
    elif details["contact"]:
        lines.append(f"Contact: <{details['contact']}>.")
    else:
        lines.append("This build names no contact address and no repository.")
    if details["repository"]:
        lines.append(f"Records, code and history: <{details['repository']}>.")
    code, data = details["code_license"], details["data_license"]
    lines.append(
        f"The code is published under the [{code['name']} licence]({code['url']}), "
        f"the data under [{data['title']} ({data['name']})]({data['url']})."
    )
    return " ".join(lines)


def _share(part: int, whole: int) -> str:
    return f"{part / whole:.0%}" if whole else "-"


def coverage_markdown(registry: Registry, standings: Mapping[str, Standing]) -> str:
    """How many organisations the registry holds, by level against the public counts of labelled ones, and
    by country; and what share of them holds a valid label on the build date."""
    held = Counter(level for c in registry.clusters for level in {label.level for label in c.labels})
    valid = Counter(standings[c.id].label.level for c in registry.clusters if standings[c.id].holding)
    day = next(iter(standings.values())).on if standings else None
    on = f" on {day.isoformat()}" if day else ""
    lines = [
        f"The registry holds {len(registry.clusters):,} organisations in "
        f"{len({c.country for c in registry.clusters})} countries. It is **not** the complete list: public "
        "documents count far more organisations that have ever held a label, and the registry grows as records "
        "citing their documents are added. Most records come from documents of past years, so most of their "
        "labels have ended; a record is kept, and shown as expired, so that a label's history stays checkable.",
        "",
        f"| level | organisations in the registry that have held it | of them valid{on} | share valid"
        " | organisations ever labelled, as counted publicly | the registry's count as a share of it |",
        "| --- | --- | --- | --- | --- | --- |",
    ]
    for level, public, count, source in PUBLIC_COUNTS:
        lines.append(
            f"| {level.upper()} | {held[level]:,} | {valid[level]:,} | {_share(valid[level], held[level])}"
            f" | {count} ([source]({source})) | {_share(held[level], public)} |"
        )
    lines += [
        "",
        "By country (no public document counts labelled organisations by country for all three levels):",
        "",
        f"| country | organisations | GOLD | SILVER | BRONZE | valid{on} | share valid |",
        "| --- | --- | --- | --- | --- | --- | --- |",
    ]
    by_country: dict[str, list[str]] = {}
    for cluster in registry.clusters:
        by_country.setdefault(cluster.country, []).append(cluster.id)
    clusters = registry.by_id()
    for code in sorted(by_country, key=lambda c: (-len(by_country[c]), countries.name(c))):
        ids = by_country[code]
        levels = Counter(level for i in ids for level in {label.level for label in clusters[i].labels})
        holding = sum(1 for i in ids if standings[i].holding)
        lines.append(
            f"| [{countries.name(code)}](../{country_url(code).rstrip('/')}.md) | {len(ids):,} | {levels['gold']:,}"
            f" | {levels['silver']:,} | {levels['bronze']:,} | {holding:,} | {_share(holding, len(ids))} |"
        )
    return "\n".join(lines)


def fill_publisher(markdown: str, details: dict[str, Any], coverage: str = "") -> str:
    if PLACEHOLDER in markdown:
        markdown = markdown.replace(PLACEHOLDER, publisher_markdown(details))
    if COVERAGE in markdown and coverage:
        markdown = markdown.replace(COVERAGE, coverage)
    return markdown
