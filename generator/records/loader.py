"""A strict YAML reader that keeps the position of every value.

Records are edited by hand, often in a browser, so YAML's surprises are
refused rather than guessed at: duplicate keys, anchors and aliases, tags,
several documents, non-UTF-8 bytes, an empty file and oversized files are
all reported with their position. Plain scalars follow the YAML 1.2 core
schema (the one editors use), so ``NO`` stays the text "NO" and
``2019-07-25`` stays text rather than becoming a date object.

The parser events come from libyaml when it is available; building the tree
from events is what lets us see anchors, tags and duplicate keys at all.
"""

from __future__ import annotations

import os
import re
import stat
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from generator.records.diagnostics import DOCUMENT, Diagnostic

MAX_BYTES = 64 * 1024
OVERSIZED_HINT = "a record is a few kilobytes; shorten the description"
SYMLINK = ("is a symbolic link, not a file", "commit the record itself as a regular file")
NOT_A_FILE = ("is not a regular file", "a record is a plain text file")
MAX_DEPTH = 16

try:
    # The bare libyaml parser: a full CSafeLoader also sets up a constructor and
    # resolver we never use, which costs more than parsing a small record.
    from yaml._yaml import CParser as _Parser
except ImportError:  # pragma: no cover - PyYAML built without libyaml
    _Parser = yaml.SafeLoader  # type: ignore[misc, assignment]

Scalar = str | int | float | bool | None


@dataclass(frozen=True, slots=True)
class Mark:
    line: int
    column: int


@dataclass(slots=True)
class ScalarNode:
    value: Scalar
    mark: Mark
    plain: bool


@dataclass(slots=True)
class MappingNode:
    mark: Mark
    items: dict[str, tuple[ScalarNode, Node]] = field(default_factory=dict)


@dataclass(slots=True)
class SequenceNode:
    mark: Mark
    items: list[Node] = field(default_factory=list)


Node = ScalarNode | MappingNode | SequenceNode

_NULL = frozenset(["", "~", "null", "Null", "NULL"])
_TRUE = frozenset(["true", "True", "TRUE"])
_FALSE = frozenset(["false", "False", "FALSE"])
_INT = re.compile(r"[-+]?[0-9]+\Z")
_INT_OCT = re.compile(r"0o[0-7]+\Z")
_INT_HEX = re.compile(r"0x[0-9a-fA-F]+\Z")
_FLOAT = re.compile(r"[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?\Z")
_INF = re.compile(r"[-+]?\.(inf|Inf|INF)\Z")
_NAN = re.compile(r"\.(nan|NaN|NAN)\Z")


def resolve_plain(text: str) -> Scalar:
    """Type of a plain (unquoted) scalar under the YAML 1.2 core schema."""
    if text in _NULL:
        return None
    if text in _TRUE:
        return True
    if text in _FALSE:
        return False
    if _INT.match(text):
        return int(text)
    if _INT_OCT.match(text):
        return int(text[2:], 8)
    if _INT_HEX.match(text):
        return int(text[2:], 16)
    if _FLOAT.match(text):
        return float(text)
    if _INF.match(text):
        return float("-inf") if text.startswith("-") else float("inf")
    if _NAN.match(text):
        return float("nan")
    return text


@dataclass(slots=True)
class Document:
    """A parsed file: its root node, or the problems that kept it from being read."""

    path: str
    root: Node | None
    first_line: str
    errors: list[Diagnostic]


def _mark(m: yaml.Mark) -> Mark:
    return Mark(m.line + 1, m.column + 1)


def _error(path: str, mark: Mark, message: str, hint: str = "", fld: str = DOCUMENT) -> Diagnostic:
    return Diagnostic(path, mark.line, mark.column, fld, message, hint)


def _position_of_offset(text: str, offset: int) -> Mark:
    before = text[:offset]
    return Mark(before.count("\n") + 1, offset - (before.rfind("\n") + 1) + 1)


def decode(path: str, data: bytes) -> tuple[str | None, list[Diagnostic]]:
    """Check size and encoding; return the text or the reasons it cannot be read."""
    start = Mark(1, 1)
    if len(data) > MAX_BYTES:
        return None, [
            _error(
                path,
                start,
                f"file is over the limit of {MAX_BYTES:,} bytes",
                OVERSIZED_HINT,
            )
        ]
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    # Windows line endings are line endings: read as \n, so nothing downstream sees a stray \r.
    data = data.replace(b"\r\n", b"\n")
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        good = data[: exc.start].decode("utf-8", errors="replace")
        return None, [
            _error(
                path,
                _position_of_offset(good, len(good)),
                f"byte 0x{data[exc.start]:02x} is not valid UTF-8",
                "save the file as UTF-8",
            )
        ]
    if not text.strip() or all(not line.strip() or line.lstrip().startswith("#") for line in text.splitlines()):
        return None, [
            _error(path, start, "file is empty", "a record needs at least id, name, country, sectors and labels")
        ]
    return text, []


def parse(path: str, data: bytes) -> Document:
    """Read one YAML file strictly. Never raises for bad input; problems come back as errors."""
    text, errors = decode(path, data)
    if text is None:
        return Document(path, None, "", errors)
    first_line = text.split("\n", 1)[0]
    try:
        root = _build(path, text, errors)
    except yaml.MarkedYAMLError as exc:
        errors.append(_syntax_error(path, text, exc))
        return Document(path, None, first_line, errors)
    except yaml.reader.ReaderError as exc:
        errors.append(
            _error(
                path,
                _position_of_offset(text, exc.position),
                f"character U+{exc.character:04X} is not allowed in YAML"
                if isinstance(exc.character, int)
                else "character not allowed in YAML",
                "remove the control character",
            )
        )
        return Document(path, None, first_line, errors)
    except yaml.YAMLError as exc:  # pragma: no cover - defensive: any other parser failure
        errors.append(_error(path, Mark(1, 1), f"YAML error: {exc}"))
        return Document(path, None, first_line, errors)
    return Document(path, root, first_line, errors)


def _syntax_error(path: str, text: str, exc: yaml.MarkedYAMLError) -> Diagnostic:
    """A syntax error where the fault is: at the quote that was never closed, at the tab that indents."""
    problem = exc.problem or exc.context or "not valid YAML"
    context = exc.context or ""
    if "quoted scalar" in context and exc.context_mark is not None and "end of stream" in problem:
        return _error(
            path,
            _mark(exc.context_mark),
            "this quotation mark is never closed",
            "close the quoted text with the same mark on the same field, or remove the mark",
        )
    mark = exc.problem_mark or exc.context_mark
    where = _mark(mark) if mark is not None else Mark(1, 1)
    if mark is not None and 0 <= mark.index < len(text) and text[mark.index] == "\t":
        return _error(path, where, "YAML syntax error: a tab character here", "indent with spaces, not tabs")
    return _error(path, where, f"YAML syntax error: {problem}", _syntax_hint(problem))


def _syntax_hint(problem: str) -> str:
    if "tab" in problem:
        return "indent with spaces, not tabs"
    if "mapping values are not allowed" in problem:
        return "put text that contains ': ' in quotes"
    if "could not find expected ':'" in problem:
        return "each line needs `field: value`; check the indentation"
    if "found character '@'" in problem or "found character '`'" in problem:
        return "put the value in quotes"
    return "check indentation and quoting around this position"


def _build(path: str, text: str, errors: list[Diagnostic]) -> Node | None:
    stack: list[MappingNode | SequenceNode] = []
    pending_key: list[ScalarNode | None] = []
    split: set[int] = set()
    """Mappings found to hold a second list entry that lacks its ``- ``."""
    root: Node | None = None
    documents = 0
    parser = _Parser(text)
    while parser.check_event():
        event: Any = parser.get_event()
        kind = type(event)
        if kind is yaml.DocumentStartEvent:
            documents += 1
            if documents > 1:
                errors.append(
                    _error(
                        path,
                        _mark(event.start_mark),
                        "several YAML documents in one file",
                        "remove the `---` line: one record per file",
                    )
                )
                return None
            continue
        if kind in (yaml.StreamStartEvent, yaml.StreamEndEvent, yaml.DocumentEndEvent):
            continue
        mark = _mark(event.start_mark)
        if kind is yaml.AliasEvent:
            errors.append(_error(path, mark, "aliases (`*name`) are not allowed", "write the value out in full"))
            node: Node = ScalarNode(None, mark, False)
        else:
            anchor = getattr(event, "anchor", None)
            if anchor is not None:
                errors.append(_error(path, mark, f"anchors (`&{anchor}`) are not allowed", "remove the anchor"))
            tag = getattr(event, "tag", None)
            if tag is not None:
                errors.append(
                    _error(path, mark, f"tags (`{tag}`) are not allowed", "remove the tag; write the value plainly")
                )
            if kind is yaml.ScalarEvent:
                plain = not event.style and tag is None
                node = ScalarNode(resolve_plain(event.value) if plain else event.value, mark, plain)
            elif kind is yaml.MappingStartEvent:
                node = MappingNode(mark)
            elif kind is yaml.SequenceStartEvent:
                node = SequenceNode(mark)
            else:  # MappingEnd / SequenceEnd
                finished = stack.pop()
                pending_key.pop()
                if not stack:
                    root = finished
                continue
        if not stack:
            root = node
        else:
            parent = stack[-1]
            if isinstance(parent, SequenceNode):
                parent.items.append(node)
            elif pending_key[-1] is None:
                if not isinstance(node, ScalarNode) or not isinstance(node.value, str):
                    errors.append(_error(path, mark, "a field name must be plain text", "write `name: value`"))
                    return None
                pending_key[-1] = node
                continue
            else:
                key = pending_key[-1]
                assert key is not None
                name = str(key.value)
                if name in parent.items:
                    first = parent.items[name][0].mark
                    in_list = len(stack) >= 2 and isinstance(stack[-2], SequenceNode)
                    if id(parent) in split:
                        pass  # the fields of an entry that lacks its `- `: said once, at its first field
                    elif in_list and name == next(iter(parent.items)):
                        # The field that starts each entry of a list, again: a new entry without its `- `.
                        split.add(id(parent))
                        errors.append(
                            _error(
                                path,
                                key.mark,
                                f"a second `{name}:` in one entry of the list: a new entry starts with `- `",
                                f"write `- {name}:` here, with the `- ` under the one of the entry above"
                                f" (line {parent.mark.line})",
                                name,
                            )
                        )
                    else:
                        errors.append(
                            _error(
                                path,
                                key.mark,
                                f"duplicate field `{name}`",
                                f"it is already set at line {first.line}; keep one",
                                name,
                            )
                        )
                else:
                    parent.items[name] = (key, node)
                pending_key[-1] = None
        if isinstance(node, (MappingNode, SequenceNode)):
            if len(stack) >= MAX_DEPTH:
                errors.append(_error(path, mark, f"nesting deeper than {MAX_DEPTH} levels", "flatten the structure"))
                return None
            stack.append(node)
            pending_key.append(None)
    return root


def to_data(node: Node | None) -> object:
    """The plain Python value of a node tree (dicts, lists and scalars)."""
    if node is None:
        return None
    if isinstance(node, ScalarNode):
        # One spelling for one text: "é" typed as one character or as e + accent is the same name.
        return unicodedata.normalize("NFC", node.value) if isinstance(node.value, str) else node.value
    if isinstance(node, MappingNode):
        return {unicodedata.normalize("NFC", k): to_data(v) for k, (_, v) in node.items.items()}
    return [to_data(item) for item in node.items]


def locate(root: Node | None, where: tuple[str | int, ...], *, key: bool = False) -> Mark:
    """Position of the value at a field path, or of the nearest parent that exists.

    With ``key=True`` the position of the field's name is returned, which is
    where an editor wants the cursor for an unknown or duplicate field.
    """
    node = root
    best = Mark(1, 1) if root is None else root.mark
    for step in where:
        if isinstance(node, MappingNode) and isinstance(step, str) and step in node.items:
            key_node, node = node.items[step]
            best = key_node.mark if key and step == where[-1] else node.mark
        elif isinstance(node, SequenceNode) and isinstance(step, int) and 0 <= step < len(node.items):
            node = node.items[step]
            best = node.mark
        else:
            break
    return best


def read(path: Path, display: str) -> Document:
    """Read a record from disk with the same rules: only a regular file, never through a link,
    and an oversized one is refused by its size before a byte of it is read."""
    start = Mark(1, 1)
    try:
        info = os.lstat(path)
        if stat.S_ISLNK(info.st_mode):
            return Document(display, None, "", [_error(display, start, *SYMLINK)])
        if not stat.S_ISREG(info.st_mode):
            return Document(display, None, "", [_error(display, start, *NOT_A_FILE)])
        if info.st_size > MAX_BYTES:
            message = f"file is {info.st_size:,} bytes, over the limit of {MAX_BYTES:,}"
            return Document(display, None, "", [_error(display, start, message, OVERSIZED_HINT)])
        descriptor = os.open(path, os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0))
        with os.fdopen(descriptor, "rb") as handle:
            return parse(display, handle.read(MAX_BYTES + 1))
    except OSError as exc:
        return Document(display, None, "", [_error(display, start, f"cannot read file: {exc.strerror}")])
