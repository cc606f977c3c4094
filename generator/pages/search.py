"""The site's search index: one small document per cluster, country, sector and level, indexed by Pagefind.

The documents are written from the registry, not scraped from the rendered pages,
so the index holds what people search by (names, acronyms, former names, city,
region, the country in several languages, sectors, level) and none of the
citation, badge, embed or navigation text every label page repeats. Any engine
that publishes the pages of ``python -m generator pages`` gets the same search
from ``python -m generator search``. Pagefind (its binary comes with the
``pagefind-bin`` package) writes an index that the browser loads in fragments,
only for the words typed; it matches words typed without their diacritics
("Munchen" finds "München") and any word's beginning ("hambu").
"""

from __future__ import annotations

import datetime as dt
import gettext
import html
import os
import re
import shutil
import subprocess
import tempfile
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import pycountry

from generator.pages.site import cluster_url, country_url, level_url, sector_url
from generator.records import countries
from generator.records.model import Cluster, Registry
from generator.records.status import Standing, assess_all
from generator.render import strings

BUNDLE = "pagefind"
"""Folder of the site the index is written to."""

UNUSED = (
    "pagefind-ui.js", "pagefind-ui.css", "pagefind-modular-ui.js", "pagefind-modular-ui.css",
    "pagefind-component-ui.js", "pagefind-component-ui.css", "pagefind-highlight.js",
)  # fmt: skip
"""Pagefind's own interfaces: the site shows results in Material's markup instead."""

OFFICIAL_LANGUAGES: dict[str, tuple[str, ...]] = {
    "AL": ("sq",), "AT": ("de",), "BA": ("bs", "hr", "sr"), "BE": ("nl", "fr", "de"), "BG": ("bg",),
    "CH": ("de", "fr", "it"), "CY": ("el", "tr"), "CZ": ("cs",), "DE": ("de",), "DK": ("da",),
    "EE": ("et",), "ES": ("es", "ca", "eu", "gl"), "FI": ("fi", "sv"), "FR": ("fr",), "GR": ("el",),
    "HR": ("hr",), "HU": ("hu",), "IE": ("ga",), "IS": ("is",), "IT": ("it",), "LI": ("de",),
    "LT": ("lt",), "LU": ("fr", "de"), "LV": ("lv",), "ME": ("sr",), "MK": ("mk",), "MT": ("mt",),
    "NL": ("nl",), "NO": ("nb", "nn"), "PL": ("pl",), "PT": ("pt",), "RO": ("ro",), "RS": ("sr",),
    "SE": ("sv",), "SI": ("sl",), "SK": ("sk",), "TR": ("tr",), "UA": ("uk",),
}  # fmt: skip
"""The languages a country's own name is searched in, besides English."""

WIDELY_READ = ("de", "fr")
"""Languages whose country names are searchable for every country: many cluster pages are written in them."""


DATED = frozenset({"valid", "expiring", "may-have-expired", "expired"})
"""Statuses the reader's browser re-checks from the end window (as the label page does)."""


class SearchIndexError(Exception):
    """Pagefind could not be run or failed."""


def _without_single_letters(text: str) -> str:
    """A name without its words of fewer than two letters or digits (``Software e Internet``, ``A.C.``):
    Pagefind matches such a word to any query word that begins with it, so "embed" would find "e". The
    result shows the whole name, kept in its own field."""
    kept = [word for word in text.split() if len(re.sub(r"[\W_]", "", word)) >= 2 or word == "-"]
    return " ".join(kept) or text


@dataclass(frozen=True, slots=True)
class Document:
    """One search result: the page it leads to and what finds it."""

    url: str
    """Site-relative address of the page, ending in ``/``."""
    title: str
    kind: str
    """``cluster``, ``country``, ``sector``, ``level`` or ``page``."""
    strong: tuple[str, ...] = ()
    """Acronyms: an exact match ranks first."""
    aliases: tuple[str, ...] = ()
    text: tuple[str, ...] = ()
    meta: tuple[tuple[str, str], ...] = ()
    """Shown with the result (never indexed as words)."""

    def html(self) -> str:
        e = html.escape
        indexed = _without_single_letters(self.title)
        body = [f"<h1>{e(indexed)}</h1>"]
        body += [f'<p data-pagefind-weight="10">{e(s)}</p>' for s in self.strong]
        if self.aliases:
            body.append(f'<p data-pagefind-weight="5">{e("; ".join(self.aliases))}</p>')
        body += [f"<p>{e(t)}</p>" for t in self.text if t]
        # Pagefind searches metadata too, so the title it indexes has no one-letter words, and the whole name
        # to show goes as hexadecimal UTF-8 (one token that begins with a digit for Latin letters, which no
        # query word begins with), decoded by registry-search.js.
        meta = [
            ("title", indexed),
            ("name", self.title.encode("utf-8").hex() if self.title != indexed else ""),
            ("kind", self.kind),
            *self.meta,
        ]
        metas = "".join(f'<span data-pagefind-meta="{e(k)}">{e(v)}</span>' for k, v in meta if v)
        return (
            '<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>'
            f"{e(indexed)}</title></head><body><main data-pagefind-body>{''.join(body)}"
            f"<div hidden data-pagefind-ignore>{metas}</div></main></body></html>\n"
        )


@cache
def _translation(language: str) -> gettext.NullTranslations:
    return gettext.translation("iso3166-1", pycountry.LOCALES_DIR, languages=[language], fallback=True)


@cache
def country_names(code: str) -> tuple[str, ...]:
    """The country's name in English, in its own languages and in German and French, without repeats."""
    record = pycountry.countries.get(alpha_2=code)
    english = countries.name(code)
    found = [english]
    if record is not None:
        official = getattr(record, "official_name", None)
        found += [record.name] + ([official] if official else [])
        for language in (*OFFICIAL_LANGUAGES.get(code, ()), *WIDELY_READ):
            translation = _translation(language)
            found += [translation.gettext(record.name)]
            common = getattr(record, "common_name", None)
            if common:
                found.append(translation.gettext(common))
    return tuple(dict.fromkeys(found))


def _cluster_document(cluster: Cluster, standing: Standing, registry: Registry, text: dict[str, object]) -> Document:
    statuses = text["status"]
    assert isinstance(statuses, dict)
    levels = text["level_word"]
    assert isinstance(levels, dict)
    level = str(levels.get(standing.label.level, standing.label.level.upper()))
    names = country_names(cluster.country)
    sectors = tuple(
        name
        for s in cluster.sectors
        if s in registry.sectors
        for name in dict.fromkeys((registry.sectors[s].name, *(n for _, n in registry.sectors[s].names)))
    )
    place = ", ".join(p for p in (cluster.city, cluster.region) if p)
    window = standing.window if standing.status in DATED else None
    meta: list[tuple[str, str]] = [
        ("acronym", cluster.acronym or ""),
        ("level", level),
        ("status", standing.status),
        ("status_text", str(statuses[standing.status])),
        ("earliest", window.earliest.isoformat() if window else ""),
        ("latest", window.latest.isoformat() if window else ""),
        ("place", ", ".join(p for p in (cluster.city, names[0]) if p)),
        ("country", cluster.country),
    ]  # fmt: skip
    return Document(
        url=cluster_url(cluster.id),
        title=cluster.name,
        kind="cluster",
        strong=(cluster.acronym,) if cluster.acronym else (),
        aliases=tuple(dict.fromkeys((*cluster.former_names, *cluster.aliases))),
        text=(
            f"{level} label",
            place,
            f"{'; '.join(names)} ({cluster.country})",
            "; ".join(sectors),
        ),
        meta=tuple(meta),
    )


def documents(registry: Registry, on: dt.date, standings: dict[str, Standing] | None = None) -> Iterator[Document]:
    """Every search result of the site, in a fixed order."""
    standings = standings if standings is not None else assess_all(registry, on)
    text = strings()
    for cluster in sorted(registry.clusters, key=lambda c: c.id):
        yield _cluster_document(cluster, standings[cluster.id], registry, text)
    holders: dict[str, int] = {}
    for code in sorted({c.country for c in registry.clusters}):
        in_country = [c for c in registry.clusters if c.country == code]
        valid = sum(standings[c.id].holding for c in in_country)
        holders[code] = valid
        yield Document(
            url=country_url(code),
            title=countries.name(code),
            kind="country",
            strong=(code,),
            aliases=country_names(code)[1:],
            text=("Cluster organisations with a label in this country",),
            meta=(
                ("code", code),
                ("summary", _summary(len(in_country), valid)),
                ("names", "|".join(country_names(code))),
            ),
        )
    for sector_id, sector in sorted(registry.sectors.items()):
        in_sector = [c for c in registry.clusters if sector_id in c.sectors]
        if not in_sector:
            continue
        yield Document(
            url=sector_url(sector_id),
            title=sector.name,
            kind="sector",
            aliases=tuple(dict.fromkeys(n for _, n in sector.names)),
            text=(sector.description,),
            meta=(("summary", _summary(len(in_sector), sum(standings[c.id].holding for c in in_sector))),),
        )
    for level_id, level in sorted(registry.levels.items(), key=lambda item: -item[1].rank):
        at_level = [c for c in registry.clusters if standings[c.id].label.level == level_id]
        yield Document(
            url=level_url(level_id),
            title=f"{level.name} label",
            kind="level",
            strong=(level.name,),
            text=(level.motto, level.description),
            meta=(("summary", _summary(len(at_level), sum(standings[c.id].holding for c in at_level))),),
        )


def _summary(count: int, valid: int) -> str:
    clusters = "1 cluster organisation" if count == 1 else f"{count} cluster organisations"
    return f"{clusters}, {valid} with a valid label"


def page_document(url: str, title: str, content_html: str) -> str:
    """A hand-written page of the site (about, data) as Pagefind reads it."""
    e = html.escape
    return (
        f'<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>{e(title)}</title></head>'
        f"<body><main data-pagefind-body><h1>{e(title)}</h1>{content_html}"
        f'<div hidden data-pagefind-ignore><span data-pagefind-meta="title">{e(title)}</span>'
        f'<span data-pagefind-meta="kind">page</span></div></main></body></html>\n'
    )


def executable() -> Path:
    try:
        import pagefind_bin
    except ImportError:
        raise SearchIndexError(
            "Pagefind is not installed: `bash tasks.sh site` installs the packages of requirements.txt"
        ) from None
    return Path(pagefind_bin.get_executable())


def write_index(
    target: Path,
    docs: Iterable[Document],
    pages: Iterable[tuple[str, str, str]] = (),
) -> Path:
    """Index ``docs`` (and hand-written ``pages`` as (url, title, html)) into ``target``/pagefind.

    The bundle is written beside the old one and swapped in whole, so a failed run leaves
    the last index untouched. Returns the bundle's folder.
    """
    binary = executable()
    with tempfile.TemporaryDirectory(prefix="registry-search-", dir=_memory_folder()) as tmp:
        source = Path(tmp) / "documents"
        for doc in docs:
            _write(source, doc.url, doc.html())
        for url, title, content in pages:
            _write(source, url, page_document(url, title, content))
        staging = Path(tmp) / "bundle"
        run = subprocess.run(
            [str(binary), "--site", str(source), "--output-path", str(staging), "--force-language", "en", "--quiet"],
            capture_output=True,
            text=True,
            check=False,
        )
        if run.returncode != 0:
            raise SearchIndexError(f"Pagefind failed ({run.returncode}):\n{run.stdout}{run.stderr}")
        bundle = target / BUNDLE
        old = target / (BUNDLE + ".old")
        shutil.rmtree(old, ignore_errors=True)
        if bundle.exists():
            bundle.rename(old)
        for unused in UNUSED:
            (staging / unused).unlink(missing_ok=True)
        target.mkdir(parents=True, exist_ok=True)
        shutil.move(str(staging), bundle)
        shutil.rmtree(old, ignore_errors=True)
    return bundle


def _memory_folder() -> str | None:
    """A folder in memory for the documents Pagefind reads, where the machine has one (``/dev/shm``).

    Writing 10,000 small documents and removing them took 15 s on a disk, 5 s in memory. It also fixes
    the order Pagefind reads them in (the order they were written), where a disk's file system lists
    them in an order of its own; Pagefind numbers its files in that order."""
    memory = "/dev/shm"
    return memory if os.path.isdir(memory) and os.access(memory, os.W_OK) else None


def _write(source: Path, url: str, content: str) -> None:
    path = source / url.strip("/") / "index.html" if url.strip("/") else source / "index.html"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(content, encoding="utf-8")
