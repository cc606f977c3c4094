"""What a live preview shows while the registry does not validate.

``mkdocs serve`` would otherwise keep the browser waiting on a build that
failed; instead every generated page becomes this report, which the preview
replaces with the real pages once the records validate again.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from generator.records.diagnostics import Diagnostic
from generator.render import environment, strings


def invalid_page(
    errors: Sequence[Diagnostic], warnings: Sequence[Diagnostic], *, language: str = "en", overrides: Path | None = None
) -> str:
    """A page (Markdown with front matter) listing every problem with its file, line, column, field and hint."""
    return (
        environment(overrides)
        .get_template("invalid.md.j2")
        .render(t=strings(language), errors=sorted(errors), warnings=sorted(warnings))
    )
