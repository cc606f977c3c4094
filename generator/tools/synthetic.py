"""Synthetic registries for tests and benchmarks: seeded, so the same N and seed give the same files.

Never written into the real ``registry/``; the records are made up and look it
(``example.org`` addresses), but they vary the way real ones do: several
countries and scripts, partial dates, label histories of one to five awards,
and optional fields left out.
"""

from __future__ import annotations

import random
import shutil
from pathlib import Path

from generator.records.checks import SCHEMA_LINE
from generator.records.countries import sample_point
from generator.tools.scaffold import slug

_WORDS = {
    "latin": [
        "Innovation",
        "Cluster",
        "Network",
        "Technologies",
        "Valley",
        "Alliance",
        "Forum",
        "Industrie",
        "Energía",
    ],
    "greek": ["Καινοτομία", "Σύμπλεγμα", "Ενέργεια", "Θάλασσα"],
    "cyrillic": ["Иновации", "Клъстер", "Енергия", "Технологии"],
    "other": ["Ørsted", "Świętokrzyski", "Žalgiris", "Ísland", "Ελλάς", "Čedok", "Ğüzel"],
}
_COUNTRIES = (  # noqa: SIM905 - a list of codes reads best as one
    "AD AL AM AT AZ BA BE BG BY CH CY CZ DE DK EE ES FI FR GB GE GR HR HU IE IL IS IT LI LT LU LV MA MC MD "
    "ME MK MT NL NO PL PT RO RS SE SI SK SM TN TR UA"
).split()
"""Europe's countries and their neighbours around the Mediterranean, where labels are awarded most."""
_LEVELS = ["bronze", "bronze", "bronze", "silver", "gold"]
_BODIES = ["ESCA", "EUCLES", None]


def _name(rng: random.Random, index: int) -> str:
    script = rng.choice(list(_WORDS))
    words = rng.sample(_WORDS[script], 2)
    return f"{words[0]} {words[1]} {index}"


def _date(rng: random.Random, year: int) -> str:
    precision = rng.random()
    if precision < 0.2:
        return f"{year}"
    if precision < 0.5:
        return f"{year}-{rng.randint(1, 12):02d}"
    return f"{year}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"


def record(rng: random.Random, index: int, sectors: list[str]) -> tuple[str, str, str]:
    """One record: (country code, id, YAML text)."""
    country = rng.choice(_COUNTRIES)
    name = _name(rng, index)
    record_id = f"{slug(name.rsplit(' ', 1)[0]) or 'cluster'}-{index}"
    lines = [SCHEMA_LINE, f"id: {record_id}", f'name: "{name}"']
    if rng.random() < 0.4:
        lines.append(f"acronym: C{index}")
    lines.append(f"country: '{country}'")
    point = sample_point(country, rng) if rng.random() < 0.8 else None
    if point:
        lines += [f"city: City {index}", "location:", f"  latitude: {point[0]}", f"  longitude: {point[1]}"]
    chosen = rng.sample(sectors, rng.randint(1, 3))
    lines.append(f"sectors: [{', '.join(chosen)}]")
    if rng.random() < 0.7:
        lines.append(f"website: https://cluster-{index}.example.org/")
    if rng.random() < 0.5:
        lines += ["members:", f"  total: {rng.randint(20, 900)}", f"  reported: {rng.randint(2015, 2025)}-12"]
    if rng.random() < 0.3:
        lines.append(
            f'description: "A synthetic cluster organisation number {index}, made for tests. **Not** a real one."'
        )
    lines.append("labels:")
    year = rng.randint(2010, 2016)
    for _ in range(rng.randint(1, 5)):
        if year > 2025:
            break
        lines += [f"  - level: {rng.choice(_LEVELS)}", f"    awarded: {_date(rng, year)}"]
        body = rng.choice(_BODIES)
        if body == "EUCLES" and year < 2021:
            body = "ESCA"
        if body:
            lines.append(f"    awarded_by: {body}")
        if rng.random() < 0.3:
            lines.append(f"    score: {rng.randint(80, 100)}")
        if rng.random() < 0.5:
            lines += [
                "    source:",
                f"      url: https://labels.example.org/{record_id}/{year}",
                f'      title: "Cluster {index} receives its label"',
                "      publisher: Example Publisher",
                "      language: en",
                f'      quote: "Cluster {index} has been awarded the label after its assessment in {year}."',
            ]
        else:
            lines.append(f"    source: https://labels.example.org/{record_id}/{year}")
        year += rng.randint(2, 3)
    lines.append("checked: 2025-12-31")
    return country, record_id, "\n".join(lines) + "\n"


def write(target: Path, count: int, *, seed: int = 1, vocabularies: Path | None = None) -> Path:
    """Write a registry of ``count`` synthetic clusters into ``target`` (a new folder) and return it."""
    vocabularies = vocabularies or Path(__file__).resolve().parents[2] / "registry"
    target.mkdir(parents=True)
    for name in ("levels.yml", "sectors.yml"):
        shutil.copyfile(vocabularies / name, target / name)
    from generator.records.loader import read, to_data

    sector_data = to_data(read(target / "sectors.yml", "sectors.yml").root)
    assert isinstance(sector_data, dict)
    sectors = [entry["id"] for entry in sector_data["sectors"]]
    rng = random.Random(seed)
    for index in range(count):
        country, record_id, text = record(rng, index, sectors)
        folder = target / "clusters" / country.lower()
        folder.mkdir(parents=True, exist_ok=True)
        (folder / f"{record_id}.yml").write_text(text, encoding="utf-8")
    return target
