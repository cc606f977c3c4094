"""Who stands behind a build of the registry: its operator, how to reach them, the repository, the licences.

Settings, not text in the code: the shipped configuration names no operator, and
until one is configured the repository's issue tracker is the contact. A build
that knows neither says so rather than leaving the reader without a way to ask.
"""

from __future__ import annotations

from typing import Any

from generator.opendata import DATA_LICENSE

CODE_LICENSE = {"name": "MIT", "url": "https://opensource.org/license/mit"}
PLACEHOLDER = "<!-- registry:publisher -->"
"""Where a hand-written page shows who runs the registry and how to reach them."""


def contact_url(contact: str) -> str:
    """A link for a contact: an e-mail address becomes ``mailto:``, a web address stays as it is."""
    if contact.startswith(("https://", "http://", "mailto:")):
        return contact
    return f"mailto:{contact}" if "@" in contact else ""


def publisher(operator: str, contact: str, repository: str) -> dict[str, Any]:
    """What the footer and the about page show, for one build."""
    issues = f"{repository}/issues" if repository else ""
    return {
        "operator": operator,
        "contact": contact or issues,
        "contact_url": contact_url(contact) if contact else issues,
        "contact_is_issues": not contact and bool(issues),
        "repository": repository,
        "issues": issues,
        "code_license": CODE_LICENSE,
        "data_license": DATA_LICENSE,
    }


def publisher_markdown(details: dict[str, Any]) -> str:
    """The about page's paragraph on who runs the registry and how to reach them."""
    lines = []
    if details["operator"]:
        lines.append(f"This registry is run by {details['operator']}.")
    else:
        lines.append("No operator is configured for this build of the registry.")
    if details["contact_is_issues"]:
        lines.append(
            f"Until an operator is configured, the contact is the repository's issue tracker: <{details['issues']}>."
        )
    elif details["contact"]:
        lines.append(f"Contact: <{details['contact']}>.")
    else:
        lines.append("This build names no contact address and no repository.")
    if details["repository"]:
        lines.append(f"Records, code and history: <{details['repository']}>.")
    code, data = details["code_license"], details["data_license"]
    lines.append(
        f"The code is published under the [{code['name']} licence]({code['url']}), "
        f"the data under [{data['title']} ({data['name']})]({data['url']})."
    )
    return " ".join(lines)


def fill_publisher(markdown: str, details: dict[str, Any]) -> str:
    return markdown.replace(PLACEHOLDER, publisher_markdown(details)) if PLACEHOLDER in markdown else markdown
