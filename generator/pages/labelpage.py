"""The label page: the verified page a funder links to, its redirects from former ids, and what it embeds.

Imports records, the page basics, the label page's words and open data's JSON-LD.
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterator
from typing import Any
from urllib.parse import urlencode

from generator import opendata
from generator.pages import labeltext
from generator.pages.site import Page, Renderer, cluster_url
from generator.records.model import Cluster
from generator.render import markdown_link_target, oneline, sanitise_markdown


def alias_pages(renderer: Renderer, cluster: Cluster) -> Iterator[Page]:
    for alias in cluster.aliases:
        yield Page(
            f"clusters/{alias}.md",
            renderer.render("redirect.md.j2", cluster_url(alias), c=cluster, target=cluster_url(cluster.id)),
        )


def label_context(renderer: Renderer, cluster: Cluster) -> dict[str, Any]:
    """What the label page's front matter is made of (its body needs more)."""
    site = renderer.site
    standing = site.standings[cluster.id]
    return dict(
        c=cluster,
        standing=standing,
        shown=standing.label,
        status=standing.status,
        json_path=f"{opendata.API}clusters/{cluster.id}.json",
        jsonld=opendata.script_json(opendata.json_ld(cluster, standing, site.registry, site.settings.site_url)),
    )


def front_matter(renderer: Renderer, cluster: Cluster) -> str | None:
    """The label page's front matter alone, as the whole page starts; None where the template
    (an override) has no ``front_matter`` block."""
    template = renderer.env.get_template("cluster.md.j2")
    block = template.blocks.get("front_matter")
    if block is None:
        return None
    context = {**renderer.context(cluster_url(cluster.id)), **label_context(renderer, cluster)}
    return "".join(block(template.new_context(context)))


def label_page(renderer: Renderer, cluster: Cluster) -> Page:
    site = renderer.site
    text, fmt = site.text, site.fmt
    on = site.settings.build_date
    standing = site.standings[cluster.id]
    shown = standing.label
    page_url = cluster_url(cluster.id)
    registry = site.registry
    settings = site.settings
    site_url = settings.site_url
    badge_path = f"badges/{cluster.id}.svg"
    level = registry.levels[shown.level]
    permalink = (site_url + page_url) if site_url else ""
    page_address = permalink or "/" + page_url
    badge_address = (site_url + badge_path) if site_url else "/" + badge_path
    badge_alt = text["badge_alt"].format(name=oneline(cluster.name), level_name=level.name)
    revision = settings.revisions.get(cluster.path)
    cited = labeltext.Cited(
        cluster=cluster,
        label=shown,
        level=level,
        status_word=text["status"][standing.status],
        url=permalink or "/" + page_url,
        site_name=text["site_name"],
        built=on,
        revision=revision,
    )
    content = renderer.render(
        "cluster.md.j2",
        page_url,
        **label_context(renderer, cluster),
        current=standing.current,
        headline=labeltext.headline(cluster, standing, text, fmt),
        rule=labeltext.label_rule(shown, text)
        if standing.window and standing.window.by_rule and standing.status not in ("undetermined", "undocumented")
        else "",
        until_fact=labeltext.until_fact(shown, text, fmt),
        since=labeltext.held_since(cluster, standing),
        evidence_kind=labeltext.evidence_kind(cluster, shown),
        window=labeltext.window_data(standing.window),
        story=labeltext.story(cluster, text),
        counts=labeltext.counts(cluster, text, fmt),
        history=labeltext.history(cluster, standing),
        end_text=lambda label, status: labeltext.end_text(label, status, text, fmt),
        reference=lambda label: labeltext.source_reference(label, text, fmt),
        days_left=standing.days_left,
        description=sanitise_markdown(cluster.description) if cluster.description else "",
        permalink=permalink,
        edit_url=(settings.edit_url + cluster.path) if settings.edit_url else "",
        correction_url=_correction_url(settings.repository, cluster),
        contact=settings.contact,
        revision=revision,
        citation=labeltext.citation(cited, fmt),
        bibtex=labeltext.bibtex(cited),
        badge_path=badge_path,
        badge_alt=badge_alt,
        html_snippet=badge_html(page_address, badge_address, badge_alt),
        markdown_snippet=badge_markdown(page_address, badge_address, badge_alt),
        page_address=page_address,
        qr_path=f"qr/{cluster.id}.svg" if site_url else "",
        words_script=labeltext.WORDS_SCRIPT,
    )
    return Page(f"clusters/{cluster.id}.md", content)


def badge_html(page_address: str, badge_address: str, alt: str) -> str:
    """The HTML a cluster copies onto its own site: each value escaped for the attribute it lands in."""
    return (
        f'<a href="{html.escape(page_address)}"><img src="{html.escape(badge_address)}" alt="{html.escape(alt)}"></a>'
    )


_MARKDOWN_ALT = re.compile(r"([\\\[\]`*_<>!])")


def badge_markdown(page_address: str, badge_address: str, alt: str) -> str:
    """The Markdown a cluster copies: alt text with its brackets escaped, addresses in angle brackets."""
    text = _MARKDOWN_ALT.sub(r"\\\1", oneline(alt))
    return f"[![{text}]({markdown_link_target(badge_address)})]({markdown_link_target(page_address)})"


def _correction_url(repository: str, cluster: Cluster) -> str:
    """A new issue in the repository, on the correction form, with the record's id filled in."""
    if not repository:
        return ""
    query = urlencode({"template": "report-change.yml", "id": cluster.id, "title": f"Change: {cluster.name}"})
    return f"{repository.rstrip('/')}/issues/new?{query}"
