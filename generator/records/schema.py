"""The JSON Schemas of the registry's files, and their failures turned into diagnostics.

The schema is the one editors use (named in each record's first line), so a
cluster manager sees the same rule in the editor and in the pull request.
Messages are written for people: what was expected, what was found, and a fix,
using the schema's own ``patternErrorMessage``, ``errorMessage`` and ``examples``.
"""

from __future__ import annotations

import difflib
import json
import unicodedata
from collections.abc import Iterator, Sequence
from functools import cache
from importlib import resources
from typing import Any

import fastjsonschema
import jsonschema
from jsonschema.exceptions import ValidationError

from generator.records.dates import iso_hint
from generator.records.diagnostics import Diagnostic
from generator.records.loader import Node, locate

SCHEMAS = ("cluster", "levels", "sectors")


@cache
def schema(name: str) -> dict[str, Any]:
    text = resources.files("generator").joinpath(f"schemas/{name}.schema.json").read_text("utf-8")
    loaded: dict[str, Any] = json.loads(text)
    return loaded


def _whole(node: Any) -> Any:
    """The schema with every anchored pattern matching whole: Python's ``$`` also matches before a final
    newline (``"evil-case\\n"`` passed ``^[a-z0-9-]+$``), so both Python engines get ``\\Z`` instead. The
    published file keeps ``$``, which in editors' ECMAScript regular expressions already means the end."""
    if isinstance(node, dict):
        copy = {key: _whole(value) for key, value in node.items()}
        pattern = copy.get("pattern")
        if isinstance(pattern, str) and pattern.startswith("^") and pattern.endswith("$"):
            copy["pattern"] = pattern[:-1] + "\\Z"
        return copy
    if isinstance(node, list):
        return [_whole(item) for item in node]
    return node


@cache
def checked_schema(name: str) -> dict[str, Any]:
    whole: dict[str, Any] = _whole(schema(name))
    return whole


@cache
def validator(name: str) -> jsonschema.protocols.Validator:
    cls = jsonschema.validators.validator_for(schema(name))
    cls.check_schema(schema(name))
    return cls(checked_schema(name))


@cache
def _fast(name: str) -> Any:
    return fastjsonschema.compile(checked_schema(name))


def field_path(where: Sequence[str | int]) -> str:
    """``("labels", 0, "valid_until")`` as ``labels[0].valid_until``."""
    text = ""
    for step in where:
        text += f"[{step}]" if isinstance(step, int) else (f".{step}" if text else step)
    return text or "(document)"


def did_you_mean(word: str, choices: Sequence[str]) -> str:
    lowered = {c.lower(): c for c in choices}
    if word.lower() in lowered:
        return f"did you mean `{lowered[word.lower()]}`?"
    close = difflib.get_close_matches(word, list(choices), n=1, cutoff=0.6)
    if close:
        return f"did you mean `{close[0]}`?"
    return "allowed: " + ", ".join(f"`{c}`" for c in choices)


_ESCAPES = {"\n": "\\n", "\t": "\\t", "\r": "\\r"}


def visible(text: str) -> str:
    """Text as a message can show it: line breaks, controls and invisible format characters written out."""
    return "".join(
        _ESCAPES.get(char) or (f"\\u{ord(char):04x}" if unicodedata.category(char)[0] == "C" else char) for char in text
    )


def describe(value: object) -> str:
    if value is None:
        return "nothing"
    if isinstance(value, bool):
        return f"`{'true' if value else 'false'}`"
    if isinstance(value, (int, float)):
        return f"the number `{value}`"
    if isinstance(value, str):
        shown = value if len(value) <= 40 else value[:37] + "..."
        return f"the text `{visible(shown)}`"
    if isinstance(value, list):
        return "a list"
    return "a group of fields"


_KINDS = {
    "string": "text",
    "integer": "a whole number",
    "number": "a number",
    "array": "a list",
    "object": "a group of fields",
    "boolean": "true or false",
    "null": "nothing",
}


def _example_hint(name: str, sub: dict[str, Any]) -> str:
    examples = sub.get("examples")
    if not examples or isinstance(examples[0], dict):
        return ""
    example = examples[0]
    if isinstance(example, list):
        if not all(isinstance(item, str) for item in example):
            return ""
        example = "[" + ", ".join(example) + "]"
    return f"for example `{name}: {example}`"


def check(name: str, data: object, root: Node | None, path: str) -> list[Diagnostic]:
    """Every schema failure of one file, each at the position of the value at fault.

    Most files are valid, so a compiled validator answers first; only a file
    that fails pays for the slower one that reports every failure with its path.
    """
    try:
        _fast(name)(data)
    except fastjsonschema.JsonSchemaException:
        pass
    else:
        return []
    instance: Any = data
    return sorted(set(_diagnostics(validator(name).iter_errors(instance), root, path)))


def _diagnostics(errors: Iterator[ValidationError], root: Node | None, path: str) -> Iterator[Diagnostic]:
    for error in errors:
        where = tuple(error.absolute_path)
        sub: dict[str, Any] = error.schema if isinstance(error.schema, dict) else {}
        kind = error.validator
        value: Any = error.validator_value
        instance = error.instance

        def at(steps: tuple[str | int, ...], message: str, hint: str = "", *, key: bool = False) -> Diagnostic:
            mark = locate(root, steps, key=key)
            return Diagnostic(path, mark.line, mark.column, field_path(steps), message, hint)

        if kind == "anyOf" and isinstance(instance, dict) and error.context:
            # A group of fields where a text is also allowed (``source``): the group's own
            # failures say more than "must be one or the other".
            inner = [e for e in error.context if e.validator != "type"]
            if inner:
                yield from _diagnostics(iter(inner), root, path)
                continue
        if kind == "required" and isinstance(instance, dict):
            properties = sub.get("properties", {})
            for missing in value:
                if missing not in instance:
                    hint = _example_hint(missing, properties.get(missing, {})) or (
                        properties.get(missing, {}).get("description", "")
                    )
                    yield at((*where, missing), "required field is missing", hint)
        elif kind == "additionalProperties" and isinstance(instance, dict):
            allowed = list(sub.get("properties", {}))
            for extra in instance:
                if extra not in allowed:
                    yield at((*where, extra), f"unknown field `{extra}`", did_you_mean(extra, allowed), key=True)
        elif kind == "type":
            expected = value
            names = [expected] if isinstance(expected, str) else list(expected)
            wanted = " or ".join(_KINDS.get(n, n) for n in names)
            last = where[-1] if where else ""
            hint = _example_hint(last, sub) if isinstance(last, str) else ""
            if isinstance(instance, str) and any(n in ("number", "integer") for n in names):
                hint = hint or "write the number without quotes or units"
            yield at(where, f"expected {wanted}, found {describe(instance)}", hint)
        elif kind == "enum":
            choices = [str(c) for c in value]
            yield at(where, f"{describe(instance)} is not allowed here", did_you_mean(str(instance), choices))
        elif kind == "pattern":
            message = sub.get("patternErrorMessage") or f"does not match the pattern {value}"
            yield at(where, f"{describe(instance)} {message}")
        elif kind == "uniqueItems" and isinstance(instance, list):
            seen: set[str] = set()
            for index, item in enumerate(instance):
                marker = json.dumps(item, sort_keys=True)
                if marker in seen:
                    yield at((*where, index), f"{describe(item)} is listed twice", "remove the repeated entry")
                seen.add(marker)
        elif kind in ("minLength", "maxLength") and isinstance(instance, str):
            limit = value
            if kind == "maxLength":
                yield at(
                    where,
                    f"is {len(instance):,} characters long; the limit is {limit:,}",
                    "shorten the text",
                )
            else:
                yield at(where, f"is too short; write at least {limit} characters")
        elif kind in ("minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum"):
            low = sub.get("minimum", sub.get("exclusiveMinimum"))
            high = sub.get("maximum", sub.get("exclusiveMaximum"))
            yield at(where, f"{describe(instance)} is out of range", f"allowed: {low} to {high}")
        elif kind in ("minItems", "maxItems") and isinstance(instance, list):
            limit = value
            if kind == "minItems":
                yield at(
                    where, f"needs at least {limit} entr{'y' if limit == 1 else 'ies'}", sub.get("description", "")
                )
            else:
                yield at(where, f"has {len(instance)} entries; the limit is {limit}")
        elif "errorMessage" in sub:
            last = where[-1] if where else ""
            hint = iso_hint(instance) or _example_hint(str(last), sub)
            yield at(where, f"{describe(instance)} {sub['errorMessage']}", hint)
        else:
            yield at(where, error.message)
