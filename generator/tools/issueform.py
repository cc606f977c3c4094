"""The issue form "Add or renew a label", read as GitHub renders it, for people who do not edit YAML.

GitHub writes a form's answers into the issue's body as ``### <field's label>`` headings, each followed by
the answer or ``_No response_``. The body is anyone's text: it is only read here, never run. Each answer is
taken from between its heading and the next one, in the form's order, and a body that holds a heading of
the form twice (an answer that tries to pass for another field) is refused. The answers then go, as data,
to the same checks as ``new`` and ``add-label``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from generator.render import markdown_code

NO_RESPONSE = "_No response_"


@dataclass(frozen=True, slots=True)
class Field:
    key: str
    """The option of ``new`` or ``add-label`` it answers (``valid_until`` for ``--valid-until``)."""
    label: str
    """The field's label in the form, which GitHub writes as the answer's heading."""
    required: bool = False
    multiline: bool = False


FIELDS = (
    Field("id", "Record id, if the organisation is already in the registry"),
    Field("name", "Organisation's name, if it is new to the registry"),
    Field("country", "Country, if new"),
    Field("sectors", "Sectors, if new"),
    Field("level", "Level", required=True),
    Field("awarded", "Date awarded, as the document gives it", required=True),
    Field("valid_until", "Valid until, only if the document states it"),
    Field("awarded_by", "Awarded by, only if the document says"),
    Field("source", "Address of the document that records the award", required=True),
    Field("title", "Document's title"),
    Field("publisher", "Publisher of the document"),
    Field("published", "Date the document was published"),
    Field("language", "Language of the document"),
    Field("quote", "The sentence of the document that states the award", required=True, multiline=True),
    Field("contact", "Contact for questions", multiline=True),
)
"""The form's fields in its order. ``.github/ISSUE_TEMPLATE/add-or-renew-label.yml`` has the same labels
(a test holds them together); ``contact`` is for the maintainers and never goes into the record."""

MAX_BODY = 20_000
"""Characters of a body read at most: the form's answers need far fewer."""


class FormError(ValueError):
    """A body that is not this form's answers."""


def _heading(field: Field) -> str:
    return f"### {field.label}"


def parse(body: str) -> dict[str, str]:
    """Each field's answer (an empty text for ``_No response_``), by key."""
    if len(body) > MAX_BODY:
        raise FormError(f"the issue's text is longer than {MAX_BODY:,} characters; the form's answers need less")
    lines = body.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    positions: dict[str, int] = {}
    for field in FIELDS:
        found = [i for i, line in enumerate(lines) if line.rstrip() == _heading(field)]
        if len(found) > 1:
            raise FormError(f"the heading {markdown_code(field.label)} appears {len(found)} times; it may appear once")
        if found:
            positions[field.key] = found[0]
    if not positions:
        raise FormError("the issue's text holds none of the form's headings: it was not made with the form")
    order = sorted(positions, key=positions.__getitem__)
    if order != [f.key for f in FIELDS if f.key in positions]:
        raise FormError("the form's headings are not in the form's order")
    answers: dict[str, str] = {}
    for index, key in enumerate(order):
        end = positions[order[index + 1]] if index + 1 < len(order) else len(lines)
        text = "\n".join(lines[positions[key] + 1 : end]).strip()
        answers[key] = "" if text == NO_RESPONSE else text
    return answers


def label_of(key: str) -> str:
    return next(f.label for f in FIELDS if f.key == key)


def check(answers: dict[str, str]) -> list[str]:
    """What the form's answers lack or hold that no option takes (each as Markdown), before the record checks."""
    problems = []
    for field in FIELDS:
        answer = answers.get(field.key, "")
        if field.required and not answer:
            problems.append(f"**{field.label}**: an answer is needed")
        if answer and not field.multiline and "\n" in answer:
            problems.append(f"**{field.label}**: write it on one line")
    if answers.get("id") and not re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)*", answers["id"]):
        problems.append(
            f"**{label_of('id')}**: {markdown_code(answers['id'])} is not a record id: the last part of the label"
            " page's address, such as `silicon-saxony`"
        )
    if not answers.get("id") and not all(answers.get(k) for k in ("name", "country", "sectors")):
        problems.append(
            f"**{label_of('id')}**: give the record's id; or, for an organisation new to the registry, its name,"
            " country and sectors"
        )
    return problems


def options(answers: dict[str, str]) -> list[str]:
    """The answers as options of ``new`` or ``add-label`` (``--key=value``, so that no answer passes for an
    option), the quotation's lines joined into one."""
    taken = [f for f in FIELDS if f.key not in ("id", "contact") and answers.get(f.key)]
    if answers.get("id"):
        taken = [f for f in taken if f.key not in ("name", "country", "sectors")]
    return [f"--{f.key.replace('_', '-')}={' '.join(answers[f.key].split())}" for f in taken]


def in_form_terms(message: str) -> str:
    """A message of ``new`` or ``add-label`` (``--awarded: ...``) as Markdown naming the form's field."""
    match = re.match(r"--([a-z-]+)(?:/--[a-z-]+)?(?: \(label \d+\))?: (.*)", message, re.DOTALL)
    if match:
        key = match.group(1).replace("-", "_")
        if any(f.key == key for f in FIELDS):
            return f"**{label_of(key)}**: {markdown_code(match.group(2))}"
    return markdown_code(message)
