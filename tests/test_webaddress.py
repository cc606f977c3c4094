"""Web addresses are parsed once, and every address a record can hold is one every output can carry."""

from __future__ import annotations

import re

import pytest
from hypothesis import given
from hypothesis import strategies as st

from generator.records.webaddress import MAX_LENGTH, AddressError, parse


@pytest.mark.parametrize(
    ("text", "host"),
    [
        ("https://www.example.org/news/gold-label", "www.example.org"),
        ("http://www.example.org/news?id=7", "www.example.org"),
        ("https://www.münchen.de/presse", "www.münchen.de"),
        ("https://xn--mnchen-3ya.de/presse", "münchen.de"),
        ("HTTPS://WWW.EXAMPLE.ORG/News", "www.example.org"),
        ("https://www.example.org./news", "www.example.org"),
        ("https://www.example.org/a%20b", "www.example.org"),
        ("https://www.example.org/aktuelles/zertifizierung-gold-é", "www.example.org"),
    ],
)
def test_addresses_every_output_can_carry_are_taken(text: str, host: str) -> None:
    assert parse(text).host == host


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("https://[news.example.org]/gold", "names a machine by its number in square brackets"),
        ("https://[::1]/gold", "names a machine by its number in square brackets"),
        ("https://192.0.2.7/gold", "names the machine `192.0.2.7` by its number"),
        ("https://user:secret@www.example.org/gold", "carries a user name or password"),
        ("https://localhost/gold", "`localhost` is not a site's name (it has no dot)"),
        ("https://exa_mple.org/gold", "`exa_mple.org` is not a site's name: Codepoint U+005F"),
        ("https://-news-.example.org/gold", "Label must not start or end with a hyphen"),
        ("https://news..example.org/gold", "Empty Label"),
        ("https://www.example.org:99999/gold", "Port out of range"),
        ('https://www.example.org/go"ld', 'holds `"`, which an address may not hold'),
        ("https://www.example.org/go ld", "holds a space"),
        ("https://www.example.org/<script>", "holds `<`"),
        ("https://www.example.org/\u0085", "holds the character U+0085"),
        ("ftp://www.example.org/gold", "does not start with https:// or http://"),
        ("https://www.example.org/" + "a" * MAX_LENGTH, "the limit is 2,000"),
    ],
)
def test_addresses_an_output_could_not_carry_are_refused_with_a_hint(text: str, message: str) -> None:
    with pytest.raises(AddressError, match=re.escape(message)) as raised:
        parse(text)
    assert raised.value.hint


@pytest.mark.parametrize(
    ("text", "home"),
    [
        ("https://www.example.org/", True),
        ("https://www.example.org", True),
        ("https://www.example.org/?utm_source=newsletter&utm_medium=email", True),
        ("https://www.example.org/?fbclid=abc", True),
        ("https://www.example.org/?p=131808", False),
        ("https://www.example.org/?p=131808&utm_source=x", False),
        ("https://www.example.org/news", False),
    ],
)
def test_a_home_page_with_tracking_parameters_is_still_the_home_page(text: str, home: bool) -> None:
    assert parse(text).is_home_page is home


@given(st.text(max_size=80))
def test_no_text_after_the_scheme_escapes_the_parser_as_another_exception(tail: str) -> None:
    for scheme in ("https://", "http://"):
        try:
            address = parse(scheme + tail)
        except AddressError:
            continue
        assert '"' not in address.text and " " not in address.text and "." in address.host
