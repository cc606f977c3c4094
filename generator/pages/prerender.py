"""Pages whose body is already HTML, turned into their final HTML without a Markdown parser.

A label page is HTML blocks between ``## Heading {: #id .class }`` lines. Handing
it to Python-Markdown only to have the HTML blocks stashed and put back cost most
of a 10,000-cluster build; here the headings are written as the parser would
write them and the blocks pass through as they are. A page of any other shape
gets ``None``, and takes the ordinary way.
"""

from __future__ import annotations

import html
import re
from typing import TypedDict

_HEADING = re.compile(r"## (?P<text>[^\n{}<>]+?) \{: #(?P<id>[A-Za-z][\w-]*)(?P<classes>(?: \.[A-Za-z][\w-]*)*) \}")


_H1 = re.compile(r'^<h1 id="(?P<id>[A-Za-z][\w-]*)">(?P<inner>.*?)</h1>$', re.MULTILINE)


class TocToken(TypedDict):
    level: int
    id: str
    name: str
    children: list[TocToken]


def html_page(markdown: str) -> tuple[str, list[TocToken]] | None:
    """The page's HTML and its table of contents, or None where the page is not headings and HTML blocks.

    Written as Python-Markdown writes the same page: HTML blocks as they are (blank lines inside
    them kept), each heading line as an ``h2`` after a blank line and followed directly by the next block.
    """
    out: list[str] = []
    toc: list[TocToken] = []
    lines = markdown.strip("\n").split("\n")
    block_start = True
    skip_blank = False
    for line in lines:
        if not line.strip():
            block_start = True
            if not skip_blank:
                out.append("")
            continue
        if block_start:
            heading = _HEADING.fullmatch(line)
            if heading is not None:
                out.append(_h2(heading, toc))
                skip_blank = True
                continue
            if not line.startswith("<"):
                return None  # Markdown text: the ordinary way
        block_start = False
        skip_blank = False
        out.append(line)
    page = "\n".join(out).strip("\n")
    title = _H1.search(page)
    if title is not None:
        # The page's own heading leads the contents, so a "skip to content" link lands on it (Material
        # shows the h2s beneath it as the contents, as for a Markdown page's h1).
        name = html.unescape(re.sub(r"<[^>]+>", "", title["inner"]))
        return page, [{"level": 1, "id": title["id"], "name": name, "children": toc}]
    return page, toc


def _h2(heading: re.Match[str], toc: list[TocToken]) -> str:
    text, anchor = heading["text"], heading["id"]
    classes = " ".join(c.strip() for c in heading["classes"].split(" .") if c.strip())
    attribute = f' class="{classes}"' if classes else ""
    toc.append({"level": 2, "id": anchor, "name": html.unescape(text), "children": []})
    return f'<h2{attribute} id="{anchor}">{text}</h2>'


def split_front_matter(markdown: str) -> tuple[str, str]:
    """The page's front matter block (with its fences) and its body."""
    if markdown.startswith("---\n"):
        end = markdown.find("\n---\n", 4)
        if end != -1:
            return markdown[: end + 5], markdown[end + 5 :]
    return "", markdown
