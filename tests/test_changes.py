"""The change summary of a pull request, on pairs of registries."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from pathlib import Path

from markdown_it import MarkdownIt

from tests.sitebuild import run_generator
from tests.test_pages import GOLDEN


def pair(tmp_path: Path) -> tuple[Path, Path]:
    base, head = tmp_path / "base" / "registry", tmp_path / "head" / "registry"
    shutil.copytree(GOLDEN / "registry", base)
    shutil.copytree(GOLDEN / "registry", head)
    return base, head


def changes(base: Path, head: Path) -> subprocess.CompletedProcess[str]:
    return run_generator("changes", "--base", str(base), "--head", str(head), "--build-date", "2026-11-25")


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text("utf-8")
    assert old in text
    path.write_text(text.replace(old, new), "utf-8")


def test_no_change(tmp_path: Path) -> None:
    base, head = pair(tmp_path)
    done = changes(base, head)
    assert done.returncode == 0
    assert done.stdout == "## Registry changes\n\nNo change to the registry's records.\n\n"


def test_added_removed_awards_levels_and_dates(tmp_path: Path) -> None:
    base, head = pair(tmp_path)
    (head / "clusters" / "fr" / "expired-silver.yml").unlink()
    new = head / "clusters" / "dk" / "new-cluster.yml"
    new.write_text(
        (head / "clusters" / "dk" / "expiring-bronze.yml")
        .read_text("utf-8")
        .replace("id: expiring-bronze", "id: new-cluster")
        .replace("name: Expiring <Bronze> & Co", "name: New Cluster"),
        "utf-8",
    )
    bronze = head / "clusters" / "dk" / "expiring-bronze.yml"
    edit(bronze, "    valid_until: 2026-12-22\n", "    valid_until: 2027-01-22\n")
    bronze.write_text(
        bronze.read_text("utf-8")
        + "  - level: silver\n    awarded: 2026-10\n    source: https://expiring.example.org/silver\n",
        "utf-8",
    )
    edit(bronze, "city: Odense", "city: Aarhus")
    done = changes(base, head)
    assert done.returncode == 1  # a documented end moved and a record removed: history rewritten
    assert done.stderr.splitlines() == [
        "registry/clusters/dk/expiring-bronze.yml:14:5: labels[0]: the documented BRONZE label awarded 2024-12-22"
        " (labels[0] before this change) is changed: valid_until 2026-12-22 → 2027-01-22 (keep this label as it"
        " was, and add the renewal as a new entry at the end of `labels:`; to correct a mistake instead, add an"
        " entry to `corrections:` (date, and a note saying what was wrong and which document shows it))",
        "registry/clusters/fr/expired-silver.yml:1:1: labels: the record `expired-silver`, with 2 documented labels"
        " (the newest a SILVER label awarded 2021), is removed; its permanent page /clusters/expired-silver/ would"
        " disappear (keep the record; a record that moved to another id lists the old id under `aliases:`)",
    ]
    assert done.stdout == (
        "## Registry changes\n\n"
        "### Label history rewritten: the check fails\n\n"
        "- `Expired Silver Cluster` (`expired-silver`): the record `expired-silver`, with 2 documented labels"
        " (the newest a SILVER label awarded 2021), is removed; its permanent page /clusters/expired-silver/"
        " would disappear\n"
        "- `Expiring <Bronze> & Co` (`expiring-bronze`): the documented BRONZE label awarded 2024-12-22"
        " (labels[0] before this change) is changed: valid_until 2026-12-22 → 2027-01-22\n\n"
        "### Clusters added\n\n"
        "- `New Cluster` (`new-cluster`), DK: BRONZE awarded 2024-12-22, valid until 2026-12-22 ([source](<https://expiring.example.org/news/label-award>))\n\n"
        "### Clusters removed\n\n"
        "- `Expired Silver Cluster` (`expired-silver`): its label page would disappear\n\n"
        "### Label awards added\n\n"
        "- `Expiring <Bronze> & Co` (`expiring-bronze`): SILVER awarded 2026-10 ([source](<https://expiring.example.org/silver>))\n\n"
        "### Levels changed\n\n"
        "- `Expiring <Bronze> & Co` (`expiring-bronze`): BRONZE → SILVER\n\n"
        "### Label details changed\n\n"
        "- `Expiring <Bronze> & Co` (`expiring-bronze`), BRONZE 2024-12-22: `valid_until` 2026-12-22 → 2027-01-22\n\n"
        "### Other fields changed\n\n"
        "- `Expiring <Bronze> & Co` (`expiring-bronze`): `city`\n\n"
    )


def test_rename_keeps_the_old_id_as_alias(tmp_path: Path) -> None:
    base, head = pair(tmp_path)
    old = head / "clusters" / "fr" / "expired-silver.yml"
    renamed = head / "clusters" / "fr" / "silver-renamed.yml"
    old.rename(renamed)
    edit(renamed, "id: expired-silver", "id: silver-renamed\naliases: [expired-silver]")
    done = changes(base, head)
    assert (
        "### Records renamed\n\n- `expired-silver` → `Expired Silver Cluster` (`silver-renamed`) (the old address redirects)"
        in done.stdout
    )
    assert "Clusters removed" not in done.stdout and "Clusters added" not in done.stdout


def test_an_invalid_head_is_said_plainly(tmp_path: Path) -> None:
    base, head = pair(tmp_path)
    edit(head / "clusters" / "fr" / "expired-silver.yml", "level: silver", "level: platinum")
    done = changes(base, head)
    assert done.returncode == 1
    assert "The head registry does not validate: 1 errors." in done.stdout


HOSTILE_TEXT = [
    "[click](https://phish.example)",
    "![x](https://phish.example/i.png)",
    "<a href=https://phish.example>x</a><img src=x onerror=alert(1)>",
    "see https://phish.example and www.phish.example",
    "a | b | c",
    "`code` ``fence`` `",
    "**bold** _em_ # heading",
]


def test_the_summary_is_text_whatever_the_records_say(tmp_path: Path) -> None:
    """Rendered as GitHub renders it (GFM with bare-address links), the summary holds no link, image or
    HTML but the source links the registry puts there, and each hostile text shows letter for letter."""
    base, head = pair(tmp_path)
    record = head / "clusters" / "dk" / "expiring-bronze.yml"
    text = record.read_text("utf-8")
    for index, hostile in enumerate(HOSTILE_TEXT):
        new = head / "clusters" / "dk" / f"hostile-{index}.yml"
        body = text.replace("id: expiring-bronze", f"id: hostile-{index}")
        body = body.replace("name: Expiring <Bronze> & Co", f"name: {json.dumps(hostile)}")
        new.write_text(body.replace("    source: https://expiring.example.org/news/label-award\n",
                                    f"    source: https://expiring.example.org/news/{index})[x](https://phish.example\n"
                                    f"    note: {json.dumps(hostile)}\n"), "utf-8")  # fmt: skip
    edit(record, "name: Expiring <Bronze> & Co", 'name: "[renamed](https://phish.example)"')
    done = changes(base, head)
    assert done.returncode == 0, done.stdout + done.stderr
    html = MarkdownIt("gfm-like").render(done.stdout)
    links = re.findall(r'<a href="([^"]*)">([^<]*)</a>', html)
    assert len(links) == len(HOSTILE_TEXT)
    assert all(label == "source" and href.startswith("https://expiring.example.org/news/") for href, label in links)
    assert "<img" not in html and "onerror" not in html.replace("onerror=alert(1)&gt;", "")
    assert "<strong>" not in html and "<em>" not in html and "<h" not in html.split("</h3>")[-1]
    for hostile in HOSTILE_TEXT[:4]:
        assert MarkdownIt("gfm-like").render(f"`{hostile}`").split("<code>")[1].split("</code>")[0] in html


def test_a_taken_address_a_repeated_award_and_former_names_are_all_shown(tmp_path: Path) -> None:
    base, head = pair(tmp_path)
    gold = head / "clusters" / "de" / "valid-gold.yml"
    edit(gold, "aliases: [old-valid-gold]", "aliases: [old-valid-gold, taken-over]\nformer_names: [Old Gold Network]")
    silver = "  - level: silver\n    awarded: 2021-03\n    awarded_by: ESCA\n    source: https://valid-gold.example.org/silver\n"
    edit(gold, silver, silver + silver.replace("/silver\n", "/silver-again\n"))
    done = changes(base, head)
    assert done.returncode == 0, done.stdout + done.stderr
    assert "No change" not in done.stdout
    assert "### Addresses that redirect" in done.stdout
    assert "`/clusters/taken-over/` will redirect here" in done.stdout
    assert "### Former names" in done.stdout and "`Old Gold Network` added" in done.stdout
    added = done.stdout.split("### Label awards added", 1)[1].split("###", 1)[0]
    assert "SILVER awarded 2021-03" in added, "a second award of the same level and date is an award added"

    removed = changes(head, base)
    assert "`/clusters/taken-over/` would stop redirecting here" in removed.stdout
    assert "`Old Gold Network` removed" in removed.stdout
    assert "SILVER awarded 2021-03" in removed.stdout.split("### Label awards removed", 1)[1]
