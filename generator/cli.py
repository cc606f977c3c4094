"""Command line: ``python -m generator validate|new|pages|changes|check-addresses``."""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import shutil
import sys
import tempfile
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TextIO

from generator import diagnostics
from generator.model import Registry
from generator.scaffold import NewRecord, slug
from generator.validate import find_root, validate

EXIT_OK, EXIT_INVALID, EXIT_USAGE = 0, 1, 2
BUILD_DATE_VARIABLE = "BUILD_DATE"


class UsageError(Exception):
    """Wrong arguments: exit status 2 with a message, not a traceback."""


def build_date(value: str | None) -> dt.date:
    """The day statuses are computed for: the option, else $BUILD_DATE, else today (UTC)."""
    text = value or os.environ.get(BUILD_DATE_VARIABLE, "")
    if not text:
        return dt.datetime.now(dt.UTC).date()
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise UsageError(f"build date `{text}` is not a date written YYYY-MM-DD") from None


def _registry_root(paths: Sequence[str]) -> tuple[Path, list[Path]]:
    targets = [Path(p) for p in paths] or [Path("registry")]
    roots = set()
    for target in targets:
        if not target.exists():
            raise UsageError(f"{target}: no such file or folder")
        root = find_root(target.resolve())
        if root is None:
            raise UsageError(f"{target}: not inside a registry (no levels.yml in it or above it)")
        roots.add(root)
    if len(roots) > 1:
        raise UsageError("paths belong to different registries; validate one at a time")
    root = roots.pop()
    files = [t for t in targets if t.is_file()]
    only = [] if any(t.is_dir() for t in targets) else files
    return root, only


def cmd_validate(args: argparse.Namespace, out: TextIO) -> int:
    root, only = _registry_root(args.paths)
    result = validate(root, build_date=build_date(args.build_date), only=only)
    if args.format == "json":
        print(diagnostics.format_json(result.errors, result.warnings, result.files), file=out)
    else:
        text = diagnostics.REPORTERS[args.format](result.errors, result.warnings)
        if text:
            print(text, file=out)
    failed = bool(result.errors) or (args.strict and bool(result.warnings))
    if args.format == "text":
        summary = (
            f"{len(result.errors)} error{'s' * (len(result.errors) != 1)}, "
            f"{len(result.warnings)} warning{'s' * (len(result.warnings) != 1)} in {result.files} files"
        )
        print(("invalid: " if failed else "valid: ") + summary, file=sys.stderr)
    return EXIT_INVALID if failed else EXIT_OK


NEW_FIELDS: list[tuple[str, str, bool]] = [
    ("name", "Name of the cluster organisation", True),
    ("country", "Country, two-letter ISO code (e.g. DE)", True),
    ("sectors", "Sector ids from registry/sectors.yml, comma-separated", True),
    ("level", "Label level (bronze, silver, gold)", True),
    ("awarded", "Date awarded (YYYY, YYYY-MM or YYYY-MM-DD)", True),
    ("source", "Web address that documents the award", True),
]


def cmd_new(args: argparse.Namespace, out: TextIO, ask: Callable[[str], str] | None) -> int:
    values = {name: getattr(args, name) for name, _, _ in NEW_FIELDS}
    missing = [name for name, _, required in NEW_FIELDS if required and not values[name]]
    if missing and ask is not None:
        for name, question, required in NEW_FIELDS:
            while not values[name]:
                values[name] = ask(f"{question}{'' if required else ' [optional]'}: ").strip()
                if not required:
                    break
    else:
        if missing:
            raise UsageError("missing " + ", ".join(f"--{m.replace('_', '-')}" for m in missing))
    sectors = values["sectors"]
    record = NewRecord(
        name=values["name"],
        country=values["country"].upper(),
        sectors=[s.strip() for s in (sectors.split(",") if isinstance(sectors, str) else sectors) if s.strip()],
        level=values["level"],
        source=values["source"],
        id=args.id or "",
        awarded=values["awarded"] or "",
        valid_until=args.valid_until or "",
        awarded_by=args.awarded_by or "",
        city=args.city or "",
        region=args.region or "",
        website=args.website or "",
        latitude=args.latitude,
        longitude=args.longitude,
        checked=build_date(args.build_date),
    )
    root = Path(args.registry)
    if find_root(root.resolve()) != root.resolve():
        raise UsageError(f"{root}: not a registry folder (no levels.yml in it)")
    record_id = record.record_id()
    if not record_id:
        raise UsageError("cannot make an id from that name; give one with --id")
    target = root / "clusters" / record.country.lower() / f"{record_id}.yml"
    if target.exists():
        print(f"{target}: already exists; edit it instead, or choose another --id", file=sys.stderr)
        return EXIT_INVALID
    target.parent.mkdir(parents=True, exist_ok=True)
    created_folder = not any(target.parent.iterdir())
    with target.open("x", encoding="utf-8") as handle:
        handle.write(record.text())
    result = validate(root, build_date=build_date(args.build_date), only=[target])
    if result.errors:
        target.unlink()
        if created_folder:
            target.parent.rmdir()
        print(diagnostics.format_text(result.errors, []), file=out)
        print(f"not written: {target} would not be valid; correct the values above and run again", file=sys.stderr)
        return EXIT_INVALID
    print(f"wrote {target}", file=out)
    return EXIT_OK


def _valid_registry(args: argparse.Namespace, out: TextIO, consequence: str) -> tuple[Path, dt.date, Registry | None]:
    """The registry of ``--registry`` checked on the build date; None (errors reported) if it does not validate."""
    root, _ = _registry_root([args.registry])
    day = build_date(args.build_date)
    result = validate(root, build_date=day)
    if result.errors:
        print(diagnostics.format_text(result.errors, result.warnings), file=out)
        print(f"invalid: {len(result.errors)} errors; {consequence}", file=sys.stderr)
    return root, day, result.registry if not result.errors else None


def cmd_search(args: argparse.Namespace, out: TextIO) -> int:
    """Write the search index of a built site (by any engine) from the registry."""
    from generator.search import SearchIndexError, documents, write_index

    _root, day, registry = _valid_registry(args, out, "no index written")
    if registry is None:
        return EXIT_INVALID
    site = Path(args.site)
    if not site.is_dir():
        raise UsageError(f"--site {site}: no such folder; build the site first, then index it")
    try:
        bundle = write_index(site, documents(registry, day))
    except SearchIndexError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return EXIT_INVALID
    print(f"wrote the search index to {bundle}", file=out)
    return EXIT_OK


def cmd_pages(args: argparse.Namespace, out: TextIO) -> int:
    """Write the generated pages to a folder, for engines other than MkDocs. All or nothing."""
    from generator.pages import Settings, generate, write
    from generator.revisions import record_revisions

    root, day, registry = _valid_registry(args, out, "nothing written")
    if registry is None:
        return EXIT_INVALID
    target = Path(args.out)
    settings = Settings(
        build_date=day,
        site_url=args.site_url,
        edit_url=args.edit_url or (args.repository.rstrip("/") + "/edit/main/" if args.repository else ""),
        overrides=Path(args.templates),
        repository=args.repository.rstrip("/"),
        contact=args.contact,
        revisions=record_revisions(root.resolve().parent),
    )
    target.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{target.name}.", dir=target.parent))
    try:
        count = write(generate(registry, settings), staging)
        if target.exists():
            retired = Path(tempfile.mkdtemp(prefix=f".{target.name}.old.", dir=target.parent))
            target.rename(retired / target.name)
            staging.rename(target)
            shutil.rmtree(retired)
        else:
            staging.rename(target)
    finally:
        if staging.exists():
            shutil.rmtree(staging)
    print(f"wrote {count} pages to {target}", file=out)
    return EXIT_OK


def cmd_changes(args: argparse.Namespace, out: TextIO) -> int:
    """Markdown summary of what the head registry changes against the base one."""
    from generator.changes import compare, markdown

    day = build_date(args.build_date)
    loaded = []
    for label, folder in (("base", args.base), ("head", args.head)):
        root, _ = _registry_root([folder])
        result = validate(root, build_date=day)
        if result.registry is None:
            print(
                f"## Registry changes\n\nThe {label} registry does not validate: {len(result.errors)} errors.", file=out
            )
            return EXIT_INVALID
        loaded.append(result.registry)
    print(markdown(compare(loaded[0], loaded[1])), file=out)
    return EXIT_OK


def cmd_check_addresses(args: argparse.Namespace, out: TextIO) -> int:
    """Ask every cited address whether it still answers (uses the network; never part of a build)."""
    from generator.addresses import check, report

    root, _ = _registry_root([args.registry])
    result = validate(root, build_date=build_date(args.build_date))
    if result.registry is None:
        print(diagnostics.format_text(result.errors, result.warnings), file=out)
        return EXIT_INVALID
    cited, answers = check(result.registry, timeout=args.timeout)
    print(report(cited, answers), file=out)
    if args.dead_list:
        listed = [{"record": c.cluster, "field": c.field, "url": c.url} for c in cited if not answers[c.url].ok]
        Path(args.dead_list).write_text(json.dumps(listed, indent=2, allow_nan=False) + "\n", encoding="utf-8")
    dead = any(not a.ok for a in answers.values())
    return EXIT_INVALID if dead and args.strict else EXIT_OK


def cmd_due(args: argparse.Namespace, out: TextIO) -> int:
    """The review queue: records that need a maintainer's look, most urgent first, in Markdown."""
    from generator.due import queue, read_dead, report
    from generator.status import assess_all

    root, _ = _registry_root([args.registry])
    day = build_date(args.build_date)
    result = validate(root, build_date=day)
    if result.registry is None:
        print(diagnostics.format_text(result.errors, result.warnings), file=out)
        return EXIT_INVALID
    if args.within < 0:
        raise UsageError("--within takes a number of days, 0 or more")
    dead = read_dead(Path(args.dead)) if args.dead else {}
    entries = queue(result.registry, assess_all(result.registry, day), day, within=args.within, dead=dead)
    print(report(entries, day, args.within), file=out, end="")
    return EXIT_OK


def parser() -> argparse.ArgumentParser:
    main = argparse.ArgumentParser(
        prog="python -m generator", description="Registry of cluster management excellence labels."
    )
    commands = main.add_subparsers(dest="command", required=True)

    check = commands.add_parser("validate", help="check records and report every problem")
    check.add_argument("paths", nargs="*", help="the registry folder (default: registry) or record files")
    check.add_argument("--format", choices=["text", "github", "json"], default="text")
    check.add_argument("--strict", action="store_true", help="fail on warnings too")
    check.add_argument(
        "--build-date", help=f"day to check dates against, YYYY-MM-DD (default: ${BUILD_DATE_VARIABLE} or today)"
    )

    new = commands.add_parser("new", help="write a new record from options, or ask for what is missing")
    new.add_argument("--registry", default="registry")
    new.add_argument("--name")
    new.add_argument("--id", help=f"permanent id (default: made from the name, e.g. {slug('Silicon Saxony')})")
    new.add_argument("--country")
    new.add_argument("--sectors", help="comma-separated sector ids")
    new.add_argument("--level", choices=["bronze", "silver", "gold"])
    new.add_argument("--awarded")
    new.add_argument("--valid-until")
    new.add_argument("--awarded-by", choices=["ESCA", "EUCLES"])
    new.add_argument("--source")
    new.add_argument("--city")
    new.add_argument("--region")
    new.add_argument("--website")
    new.add_argument("--latitude", type=float)
    new.add_argument("--longitude", type=float)
    new.add_argument("--build-date")

    pages = commands.add_parser("pages", help="write the generated pages (Markdown with front matter) to a folder")
    pages.add_argument(
        "--out", required=True, help="folder to write; replaced as a whole, only once all pages are made"
    )
    pages.add_argument("--registry", default="registry")
    pages.add_argument("--build-date")
    pages.add_argument("--site-url", default="", help="absolute address of the site, for permanent links")
    pages.add_argument("--edit-url", default="", help="address that a record's path is appended to, to edit it")
    pages.add_argument("--templates", default="overrides/pages", help="folder of page template overrides")
    pages.add_argument("--repository", default="", help="the repository's web address, for corrections and edits")
    pages.add_argument("--contact", default="", help="e-mail or web address for people without a GitHub account")

    search = commands.add_parser(
        "search", help="write the search index (Pagefind) into a built site's folder, from the registry"
    )
    search.add_argument("--site", required=True, help="the built site; the index goes to its pagefind/ folder")
    search.add_argument("--registry", default="registry")
    search.add_argument("--build-date")

    changes = commands.add_parser("changes", help="summarise in Markdown what one registry changes against another")
    changes.add_argument("--base", required=True, help="the registry before the change")
    changes.add_argument("--head", default="registry", help="the registry after the change (default: registry)")
    changes.add_argument("--build-date")

    addresses = commands.add_parser("check-addresses", help="report cited web addresses that no longer answer")
    addresses.add_argument("--registry", default="registry")
    addresses.add_argument("--timeout", type=float, default=15.0, help="seconds to wait for each address")
    addresses.add_argument("--strict", action="store_true", help="exit 1 when an address does not answer")
    addresses.add_argument("--build-date")
    addresses.add_argument(
        "--dead-list", help="also write the dead addresses, with their records, as JSON to this file"
    )

    due = commands.add_parser("due", help="list the records that need a maintainer's look, most urgent first")
    due.add_argument("--registry", default="registry")
    due.add_argument("--within", type=int, default=90, help="days ahead in which an ending label is listed")
    due.add_argument("--dead", help="JSON of dead addresses written by check-addresses --dead-list")
    due.add_argument("--build-date")
    return main


def main(argv: Sequence[str] | None = None, out: TextIO | None = None) -> int:
    out = out or sys.stdout
    try:
        args = parser().parse_args(argv)
    except SystemExit as exc:
        return EXIT_USAGE if exc.code else EXIT_OK
    try:
        if args.command == "validate":
            return cmd_validate(args, out)
        if args.command == "new":
            return cmd_new(args, out, input if sys.stdin.isatty() else None)
        if args.command == "changes":
            return cmd_changes(args, out)
        if args.command == "check-addresses":
            return cmd_check_addresses(args, out)
        if args.command == "due":
            return cmd_due(args, out)
        if args.command == "search":
            return cmd_search(args, out)
        return cmd_pages(args, out)
    except UsageError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return EXIT_USAGE
