"""Templates, interface strings, and the filters that make record text safe to show.

Record text is untrusted. Templates autoescape everything; the only HTML that
comes from a record is its description, rendered from Markdown and cleaned by
nh3 (the Ammonia sanitiser), which keeps a short list of tags and only
http(s) links.
"""

from __future__ import annotations

import datetime as dt
import html
import json
import posixpath
import re
from collections.abc import Mapping
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import jinja2
import markupsafe
import nh3
import yaml
from markdown_it import MarkdownIt

from generator.records.dates import DateSpan, LabelDate

ALLOWED_TAGS = {"p", "br", "em", "strong", "a", "ul", "ol", "li", "code", "blockquote"}
ALLOWED_ATTRIBUTES = {"a": {"href"}}


@cache
def strings(language: str = "en") -> dict[str, Any]:
    """The interface text of one language: one file per language, English first."""
    text = resources.files("generator").joinpath(f"locales/{language}.yml").read_text("utf-8")
    loaded: dict[str, Any] = yaml.safe_load(text)
    return loaded


@cache
def _markdown() -> MarkdownIt:
    # CommonMark in linear time: Python-Markdown took 2.3 s on 5,000 "[" and grew with the square.
    # Raw HTML is parsed as HTML here so that the sanitiser below removes it, content and all.
    return MarkdownIt("commonmark", {"html": True})


def sanitise_markdown(text: str) -> str:
    """Markdown to HTML with raw HTML, images, scripts, styles and non-http(s) links removed."""
    rendered = _markdown().render(text)
    cleaned = nh3.clean(
        rendered,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes={"http", "https"},
        link_rel="nofollow noopener noreferrer",
        strip_comments=True,
    )
    # A blank line would end the raw HTML block the page is made of.
    return "\n".join(line for line in cleaned.splitlines() if line.strip())


def markdown_code(text: object, *, in_table: bool = False) -> str:
    """Record text for GitHub Markdown as an inline code span: shown letter for letter, never a link,
    an image, HTML or emphasis (GitHub links bare addresses in plain text, but not in code)."""
    value = oneline(text)
    fence = "`" * (max((len(run) for run in re.findall(r"`+", value)), default=0) + 1)
    padded = f" {value} " if value.startswith("`") or value.endswith("`") or not value.strip() else value
    span = f"{fence}{padded}{fence}"
    return span.replace("|", "\\|") if in_table else span


def markdown_link_target(url: str) -> str:
    """An address as a Markdown link destination that no character of it can end early."""
    return "<" + url.replace("<", "%3C").replace(">", "%3E").replace(" ", "%20") + ">"


def oneline(text: object) -> str:
    """A single line: record text must not open new Markdown blocks inside the page's HTML."""
    return " ".join(str(text).split())


def relpath(path: str, start: str) -> str:
    """``posixpath.relpath`` for two relative addresses, without its two ``abspath`` calls (which ask the
    operating system for the working folder): a label page makes dozens of links, a listing thousands."""
    path_parts = [part for part in path.split("/") if part]
    start_parts = [part for part in start.split("/") if part]
    if path.startswith("/") or start.startswith("/") or {".", ".."} & {*path_parts, *start_parts}:
        return posixpath.relpath(path, start)
    common = 0
    for mine, theirs in zip(path_parts, start_parts, strict=False):
        if mine != theirs:
            break
        common += 1
    return "/".join([".."] * (len(start_parts) - common) + path_parts[common:]) or "."


@cache
def relative_url(from_url: str, to_url: str) -> str:
    """Link from one page's directory address (``clusters/x/``) to another's, as MkDocs serves them."""
    if to_url.startswith(("http://", "https://", "#")):
        return to_url
    base = from_url if from_url.endswith("/") or not from_url else posixpath.dirname(from_url) + "/"
    target = relpath(to_url or ".", base or ".")
    if to_url.endswith("/") and not target.endswith("/"):
        target += "/"
    return "./" if target in (".", "./") else target


def front_matter_value(text: object) -> markupsafe.Markup:
    """A value for the page's YAML front matter. Themes print the title unescaped,
    so it is HTML-escaped here, then quoted as JSON (which YAML reads as a string)."""
    return markupsafe.Markup(json.dumps(html.escape(oneline(text)), ensure_ascii=False))


class Formatter:
    """Dates and numbers in the interface language."""

    def __init__(self, text: Mapping[str, Any]) -> None:
        self.months: list[str] = list(text["months"])
        self.span: str = str(text["span"])
        self.reported: str = str(text["reported"])

    def partial(self, value: LabelDate | None) -> str:
        """A date at its precision (``July 2024``), an interval as one (``between July and September 2024``)."""
        if value is None:
            return ""
        if isinstance(value, DateSpan):
            if value.reported:
                return self.reported.format(end=self.partial(value.end))
            start, end = self.partial(value.start), self.partial(value.end)
            if value.start.year == value.end.year and value.start.month and value.end.month:
                start = start.removesuffix(f" {value.start.year}")  # one year is said once
            return self.span.format(start=start, end=end)
        if value.month is None:
            return str(value.year)
        if value.day is None:
            return f"{self.months[value.month - 1]} {value.year}"
        return f"{value.day} {self.months[value.month - 1]} {value.year}"

    def day(self, value: dt.date) -> str:
        return f"{value.day} {self.months[value.month - 1]} {value.year}"

    @staticmethod
    def number(value: float) -> str:
        if isinstance(value, float) and not value.is_integer():
            return f"{value:,.1f}"
        return f"{int(value):,}"


@cache
def environment(overrides: Path | None = None) -> jinja2.Environment:
    """Templates from ``overrides/pages`` first, then the package's own: an override may extend the default."""
    loaders: list[jinja2.BaseLoader] = []
    if overrides is not None and overrides.is_dir():
        loaders.append(jinja2.FileSystemLoader(str(overrides)))
    loaders.append(jinja2.PackageLoader("generator", "templates"))
    env = jinja2.Environment(
        loader=jinja2.ChoiceLoader(loaders),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        extensions=["jinja2.ext.do"],
    )
    env.filters["oneline"] = oneline
    env.filters["site"] = lambda url: (urlsplit(url).hostname or "").removeprefix("www.")
    env.filters["front_matter"] = front_matter_value
    env.filters["front_matter_raw"] = lambda text: markupsafe.Markup(json.dumps(str(text), ensure_ascii=True))
    return env
