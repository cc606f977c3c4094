"""Web addresses in records, parsed once, by one parser, before anything uses them.

A record's addresses end up in links, ``cite`` attributes, JSON, CSV, the feed and QR codes, so an address
is taken only when every output can carry it as it is: http or https, a site's name (each label valid under
IDNA 2008, as browsers read it; not an IP address or a bracketed literal), no user name or password, no
character that an address may not hold (spaces, quotes, angle brackets and the like, RFC 3986), and at most
:data:`MAX_LENGTH` characters. Every failure is a :class:`AddressError` with a hint, never an exception of
the parser's escaping into validation. Imports nothing of the registry's.
"""

from __future__ import annotations

import ipaddress
import re
from dataclasses import dataclass
from functools import cache
from urllib.parse import SplitResult, parse_qsl, urlsplit

import idna

MAX_LENGTH = 2000
"""Longer addresses are cut by some browsers, servers and spreadsheet cells; no document needs one."""

_FORBIDDEN = re.compile(r'[\s"<>\\^`{|}\x00-\x1f\x7f]')
"""What RFC 3986 never allows in an address, written or percent-encoded: it must be encoded (``%20``)."""

TRACKING = re.compile(r"(utm_[a-z]+|fbclid|gclid|dclid|msclkid|mc_cid|mc_eid|_hsenc|_hsmi|igshid|yclid)\Z")
"""Query parameters that say how a reader arrived, not which document they read."""


class AddressError(ValueError):
    def __init__(self, message: str, hint: str) -> None:
        super().__init__(message)
        self.hint = hint


@dataclass(frozen=True)
class WebAddress:
    """An address that passed every check: its parts, as :func:`urllib.parse.urlsplit` gives them."""

    text: str
    parts: SplitResult
    host: str
    """The site's name in lowercase, as IDNA 2008 reads it (``xn--`` labels shown as Unicode)."""

    @property
    def is_home_page(self) -> bool:
        """No path beyond ``/`` and no query but tracking parameters: a site's home page, not a document.
        An article addressed by its query (``?p=131808``) is a document."""
        if self.parts.path not in ("", "/"):
            return False
        keys = [key for key, _value in parse_qsl(self.parts.query, keep_blank_values=True)]
        return all(TRACKING.match(key.lower()) for key in keys) and (bool(keys) or not self.parts.query)


def parse(text: str) -> WebAddress:
    """The address ``text``, or :class:`AddressError` saying what is wrong with it and how to fix it."""
    if len(text) > MAX_LENGTH:
        raise AddressError(
            f"web address is {len(text):,} characters long; the limit is {MAX_LENGTH:,}",
            "give the document's own short address, without tracking parameters",
        )
    bad = _FORBIDDEN.search(text)
    if bad:
        char = bad.group()
        shown = "a space" if char == " " else f"`{char}`" if char.isprintable() else f"the character U+{ord(char):04X}"
        raise AddressError(
            f"web address holds {shown}, which an address may not hold",
            "copy the address from the browser's address bar, where such characters are percent-encoded",
        )
    authority = re.split(r"[/?#]", text.partition("://")[2], maxsplit=1)[0]
    if "[" in authority or "]" in authority:
        raise AddressError(
            "web address names a machine by its number in square brackets, not a site by its name",
            "give the address under which the site publishes the document",
        )
    try:
        parts = urlsplit(text)
        port = parts.port
    except ValueError as exc:
        raise AddressError(f"not a web address: {exc}", "write it as https://www.example.org/page") from None
    if parts.scheme not in ("http", "https"):
        raise AddressError("web address does not start with https:// or http://", "write it as https://...")
    if parts.username is not None or parts.password is not None:
        raise AddressError("web address carries a user name or password", "remove the part before @")
    host = parts.hostname or ""
    if _is_ip_address(host):
        raise AddressError(
            f"web address names the machine `{host}` by its number, not a site by its name",
            "give the address under which the site publishes the document",
        )
    if port is not None and port == 0:
        raise AddressError("web address has the port 0", "remove the `:0`")
    return WebAddress(text, parts, _site_name(host))


_LDH_NAME = re.compile(r"(?!-)[a-z0-9-]{1,63}(?<!-)(\.(?!-)[a-z0-9-]{1,63}(?<!-))+\.?\Z")
"""A site's name of ASCII letters, digits and hyphens: what IDNA 2008 takes of ASCII labels, checked without it."""
_NUMERIC = re.compile(r"[0-9.]+\Z|.*:")


def _is_ip_address(host: str) -> bool:
    if not _NUMERIC.match(host):
        return False
    try:
        ipaddress.ip_address(host)
    except ValueError:
        return False
    return True


def _site_name(host: str) -> str:
    if _LDH_NAME.match(host) and "--" not in host and len(host) <= 253:
        return host.rstrip(".")  # most names: nothing IDNA would change or refuse
    return _international_name(host)


@cache
def _international_name(host: str) -> str:
    hint = "check the site's name between // and the next /"
    if "." not in host.strip("."):
        raise AddressError(f"`{host}` is not a site's name (it has no dot)", hint)
    try:
        # UTS 46 maps the name as a browser does (case, full-width dots) before IDNA 2008 checks each label.
        ascii_name = idna.encode(host.rstrip("."), uts46=True).decode("ascii")
    except (idna.IDNAError, UnicodeError) as exc:
        raise AddressError(f"`{host}` is not a site's name: {exc}", hint) from None
    return idna.decode(ascii_name)
