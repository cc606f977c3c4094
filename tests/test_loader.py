from __future__ import annotations

import os
from pathlib import Path

import pytest

from generator.records.loader import (
    MAX_BYTES,
    MAX_DEPTH,
    MappingNode,
    Mark,
    locate,
    parse,
    read,
    resolve_plain,
    to_data,
)


def messages(text: str | bytes) -> list[str]:
    data = text.encode() if isinstance(text, str) else text
    return [f"{d.line}:{d.column}: {d.message}" for d in parse("r.yml", data).errors]


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("NO", "NO"),
        ("yes", "yes"),
        ("on", "on"),
        ("2019-07-25", "2019-07-25"),
        ("2019", 2019),
        ("0x1F", 31),
        ("0o17", 15),
        ("1.5", 1.5),
        ("-3", -3),
        ("true", True),
        ("False", False),
        ("~", None),
        ("", None),
        ("null", None),
        ("1_000", "1_000"),
        ("012", 12),
    ],
)
def test_plain_scalars_follow_the_yaml_1_2_core_schema(text: str, value: object) -> None:
    assert resolve_plain(text) == value
    assert type(resolve_plain(text)) is type(value)


def test_quoted_scalars_stay_text() -> None:
    assert to_data(parse("r.yml", b"a: '2019'\nb: \"true\"\n").root) == {"a": "2019", "b": "true"}


def test_positions_are_one_based_and_kept_for_every_value() -> None:
    document = parse("r.yml", b"# comment\nid: x\nlabels:\n  - level: gold\n    score: 90\n")
    assert document.errors == []
    assert locate(document.root, ("id",)) == Mark(2, 5)
    assert locate(document.root, ("labels", 0, "score")) == Mark(5, 12)
    assert locate(document.root, ("labels", 0, "score"), key=True) == Mark(5, 5)
    # a path that does not exist points at its nearest existing parent
    assert locate(document.root, ("labels", 0, "missing")) == Mark(4, 5)
    assert locate(document.root, ("labels", 7)) == Mark(4, 3)


def test_duplicate_keys_are_errors_not_last_key_wins() -> None:
    document = parse("r.yml", b"a: 1\nb: 2\na: 3\n")
    assert [f"{d.line}:{d.column}: {d.field}: {d.message}" for d in document.errors] == ["3:1: a: duplicate field `a`"]
    assert to_data(document.root) == {"a": 1, "b": 2}


def test_anchors_aliases_and_tags_are_each_reported() -> None:
    assert messages("a: &x 1\nb: *x\nc: !!str 3\nd: !custom 4\n") == [
        "1:4: anchors (`&x`) are not allowed",
        "2:4: aliases (`*name`) are not allowed",
        "3:4: tags (`tag:yaml.org,2002:str`) are not allowed",
        "4:4: tags (`!custom`) are not allowed",
    ]


def test_a_yaml_bomb_is_refused_without_expanding() -> None:
    bomb = "a: &a [x, x, x, x, x, x, x, x, x]\n" + "".join(
        f"{chr(98 + i)}: &{chr(98 + i)} [{', '.join(['*' + chr(97 + i)] * 9)}]\n" for i in range(8)
    )
    document = parse("bomb.yml", bomb.encode())
    assert len(document.errors) == 1 + 8 * 10
    assert "anchors" in document.errors[0].message


def test_several_documents_are_refused() -> None:
    assert messages("a: 1\n---\na: 2\n") == ["2:1: several YAML documents in one file"]


@pytest.mark.parametrize("text", ["", "   \n", "# only a comment\n", "\n\n# a\n  # b\n"])
def test_empty_files_are_refused(text: str) -> None:
    assert messages(text) == ["1:1: file is empty"]


def test_non_utf8_is_refused_at_the_byte() -> None:
    assert messages(b"a: 1\nb: caf\xe9\n") == ["2:7: byte 0xe9 is not valid UTF-8"]


def test_a_utf8_byte_order_mark_is_accepted() -> None:
    assert to_data(parse("r.yml", b"\xef\xbb\xbfa: 1\n").root) == {"a": 1}


def test_control_characters_are_refused_with_their_position() -> None:
    assert messages("a: 1\nb: x\x07y\n") == ["2:5: character U+0007 is not allowed in YAML"]


def test_oversized_files_are_refused_by_their_real_size_before_reading(tmp_path: Path) -> None:
    path = tmp_path / "big.yml"
    path.write_bytes(b"a: " + b"x" * 4_000_000 + b"\n")
    document = read(path, "big.yml")
    assert document.root is None
    assert [d.message for d in document.errors] == [f"file is 4,000,004 bytes, over the limit of {MAX_BYTES:,}"]


def test_links_and_special_files_are_refused_without_being_followed(tmp_path: Path) -> None:
    secret = tmp_path / "secret.yml"
    secret.write_text("id: outside-the-registry-secret\n", "utf-8")
    link = tmp_path / "link.yml"
    link.symlink_to(secret)
    document = read(link, "link.yml")
    assert [(d.message, d.hint) for d in document.errors] == [
        ("is a symbolic link, not a file", "commit the record itself as a regular file")
    ]
    zero = tmp_path / "zero.yml"
    zero.symlink_to("/dev/zero")
    assert read(zero, "zero.yml").errors[0].message == "is a symbolic link, not a file"
    fifo = tmp_path / "fifo.yml"
    os.mkfifo(fifo)
    assert read(fifo, "fifo.yml").errors[0].message == "is not a regular file"


def test_deep_nesting_is_refused() -> None:
    text = "[" * (MAX_DEPTH + 1) + "]" * (MAX_DEPTH + 1)
    assert messages(text) == [f"1:{MAX_DEPTH + 1}: nesting deeper than {MAX_DEPTH} levels"]


def test_keys_must_be_text() -> None:
    assert messages("? [a, b]\n: 1\n") == ["1:3: a field name must be plain text"]
    assert messages("2019: x\n") == ["1:1: a field name must be plain text"]


def test_syntax_errors_carry_position_and_hint() -> None:
    document = parse("r.yml", b"name: a: b\n")
    assert [(d.line, d.column, d.hint) for d in document.errors] == [(1, 8, "put text that contains ': ' in quotes")]


def test_unreadable_file_is_an_error_not_an_exception(tmp_path: Path) -> None:
    document = read(tmp_path / "missing.yml", "missing.yml")
    assert document.root is None and "cannot read file" in document.errors[0].message


def test_mapping_keeps_key_order() -> None:
    root = parse("r.yml", b"b: 1\na: 2\n").root
    assert isinstance(root, MappingNode) and list(root.items) == ["b", "a"]
