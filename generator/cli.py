"""Command line: ``python -m generator validate|new|pages|changes|check-addresses``."""

from __future__ import annotations

import argparse
import contextlib
import datetime as dt
import difflib
import glob
import io
import json
import os
import shlex
import shutil
import sys
import tempfile
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, TextIO

from generator.records import diagnostics
from generator.records.builddate import BUILD_DATE_VARIABLE, BuildDateError, build_date
from generator.records.findings import display_path
from generator.records.model import Registry
from generator.records.validate import find_root, link_on_the_way, validate
from generator.render import markdown_code
from generator.tools.scaffold import NewRecord, slug

if TYPE_CHECKING:
    from generator.tools.interview import Interview

EXIT_OK, EXIT_INVALID, EXIT_USAGE = 0, 1, 2
EXIT_CANCELLED = 130
"""Interrupted with Ctrl-C, as shells report it (128 + SIGINT)."""
EXIT_BROKEN_PIPE = 141
"""Its reader closed the pipe, as shells report a command stopped by SIGPIPE (128 + 13)."""


class UsageError(Exception):
    """Wrong arguments: exit status 2 with a message, not a traceback."""


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


def _onto_changed_lines(
    base_commit: str | None, *found: list[diagnostics.Diagnostic]
) -> list[list[diagnostics.Diagnostic]]:
    """With ``--base-commit``, problems on lines the change leaves alone moved onto its nearest changed line
    (GitHub shows annotations only on changed lines)."""
    from generator.tools.difflines import DiffError, changed_lines, onto_changed_lines

    if not base_commit:
        return list(found)
    try:
        changed = changed_lines(Path.cwd(), base_commit, ["."])
    except DiffError as exc:
        raise UsageError(f"--base-commit {base_commit}: {exc}") from None
    return [onto_changed_lines(problems, changed) for problems in found]


def cmd_validate(args: argparse.Namespace, out: TextIO) -> int:
    from generator.tools.difflines import summary as linked_summary

    root, only = _registry_root(args.paths)
    result = validate(root, build_date=build_date(args.build_date), only=only)
    if args.summary:
        text = linked_summary([*result.errors, *result.warnings], args.link_base or "", "Problems in the records")
        if text:
            with open(args.summary, "a", encoding="utf-8") as handle:
                handle.write(text)
    errors, warnings = _onto_changed_lines(args.base_commit, result.errors, result.warnings)
    if args.format == "json":
        print(diagnostics.format_json(errors, warnings, result.files), file=out)
    else:
        text = diagnostics.REPORTERS[args.format](errors, warnings)
        if text:
            print(text, file=out)
    failed = bool(errors) or (args.strict and bool(warnings))
    if args.format == "text":
        summary = (
            f"{len(errors)} error{'s' * (len(errors) != 1)}, "
            f"{len(warnings)} warning{'s' * (len(warnings) != 1)} in {result.files} files"
        )
        print(("invalid: " if failed else "valid: ") + summary, file=sys.stderr)
    return EXIT_INVALID if failed else EXIT_OK


NEW_REQUIRED = ("name", "country", "sectors", "level", "awarded", "source")


def _new_root(registry: str) -> Path:
    root = Path(registry)
    if find_root(root.resolve()) != root.resolve():
        raise UsageError(f"--registry {root}: not a registry folder (no levels.yml in it)")
    return root


def _sectors_help(registry: str) -> str:
    try:
        root = _new_root(registry)
    except UsageError:
        return "sector ids: see registry/sectors.yml, or run with --list-sectors --registry DIR"
    from generator.records.findings import Result
    from generator.records.validate import load_sectors
    from generator.tools.interview import sector_list

    return "sector ids (--sectors) and names:\n" + sector_list(load_sectors(root, Result()).values())


class _HelpWithSectors(argparse.Action):
    """``new --help``, ending with the sectors of the registry (of ``--registry`` if given before it)."""

    def __init__(self, option_strings: Sequence[str], dest: str, **kwargs: object) -> None:
        super().__init__(
            option_strings, argparse.SUPPRESS, nargs=0, default=argparse.SUPPRESS, help="show this help and exit"
        )

    def __call__(
        self, parser: argparse.ArgumentParser, namespace: argparse.Namespace, values: object, option: str | None = None
    ) -> None:
        parser.epilog = f"{parser.epilog}\n\n{_sectors_help(getattr(namespace, 'registry', 'registry'))}"
        parser.print_help()
        parser.exit()


def _python() -> str:
    """The interpreter running this, as the person can type it: ``.venv/bin/python`` in a checkout (a
    bare ``python`` would lack the packages), its whole path from elsewhere."""
    return shlex.quote(display_path(Path(sys.executable)))


def _next_steps(path: str, *, first: str) -> str:
    return "\n".join(
        [
            f"wrote {path}",
            "next:",
            f"  1. {first}: see CONTRIBUTING.md",
            f"  2. {_python()} -m generator validate {path}",
            "  3. commit it on a new branch and open a pull request",
        ]
    )


def _confirmed(
    interview: Interview, interactive: bool, preview: str, question: str, warnings: list[str], out: TextIO
) -> bool:
    """In a terminal, what would be written and a yes or no; otherwise the notes and warnings, and yes."""
    if interactive:
        print(f"\n{preview}", file=out)
        if not interview.confirm(question):
            print("nothing written", file=sys.stderr)
            return False
        return True
    for note in dict.fromkeys([*interview.notes, *(f"warning: {w}" for w in warnings)]):
        print(note, file=sys.stderr)
    return True


def _stopped(interview: Interview, command: str, why: str) -> None:
    """Nothing written; the answers so far come back as the command that gives them to the next run."""
    print(f"{why}; nothing written", file=sys.stderr)
    if interview.accepted:
        print(f"your answers so far, to go on from there:\n  {interview.resume(command)}", file=sys.stderr)


def cmd_new(args: argparse.Namespace, out: TextIO, ask: Callable[[str], str] | None) -> int:
    """Write a new record from the options, asking in a terminal for what is missing or wrong."""
    from generator.records.validate import Checker
    from generator.tools.interview import LABEL_OPTIONS, GaveUp, Interview, fill, sector_list

    root = _new_root(args.registry)
    day = build_date(args.build_date)
    checker = Checker(root, build_date=day)
    if checker.vocabulary.errors:
        print(diagnostics.format_text(checker.vocabulary.errors, []), file=sys.stderr)
        raise UsageError(f"{root}: levels.yml or sectors.yml does not validate; correct it first")
    if args.list_sectors:
        print(sector_list(checker.sectors.values()), file=out)
        return EXIT_OK
    if (args.latitude is None) != (args.longitude is None):
        raise UsageError("--latitude and --longitude go together; give both")
    given: dict[str, str | None] = {
        key: getattr(args, key) for key in ("name", "id", "country", "sectors", "city", "website", *LABEL_OPTIONS)
    }
    given["coordinates"] = None if args.latitude is None else f"{args.latitude}, {args.longitude}"
    missing = [key for key in NEW_REQUIRED if not given[key]]
    interactive = ask is not None and bool(missing) and not args.no_input
    if missing and not interactive:
        raise UsageError("missing " + ", ".join(f"--{m.replace('_', '-')}" for m in missing))
    record = NewRecord(region=args.region or "", checked=day)
    interview = Interview(checker, root, record, ask=ask if interactive else None, out=out)
    try:
        fill(interview, given)
        errors, warnings = interview.findings(record)
        later = [e for e in errors if e.split(":", 1)[0].split(" (label")[0] not in interview.refused]
        problems = list(dict.fromkeys([*interview.problems, *later]))
        if problems:
            print("\n".join(problems), file=sys.stderr)
            print("not written: correct the options above and run again", file=sys.stderr)
            return EXIT_INVALID
        target = interview.target()
        shown = display_path(target)
        if target.exists():
            print(f"{shown}: already exists; edit it instead, or choose another --id", file=sys.stderr)
            return EXIT_INVALID
        if not _confirmed(interview, interactive, record.text(), f"Write it to {shown}? [Y/n]: ", warnings, out):
            return EXIT_INVALID
    except GaveUp as exc:
        _stopped(interview, f"{_python()} -m generator new", str(exc))
        return EXIT_INVALID
    except KeyboardInterrupt:
        _stopped(interview, f"{_python()} -m generator new", "\ncancelled")
        return EXIT_CANCELLED
    link = link_on_the_way(root, target)
    if link is not None:
        print(f"{display_path(link)}: is a symbolic link; nothing written through it", file=sys.stderr)
        return EXIT_INVALID
    target.parent.mkdir(parents=True, exist_ok=True)
    try:
        # O_NOFOLLOW: a link put in place meanwhile is not followed either.
        descriptor = os.open(target, os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW, 0o644)
        with open(descriptor, "w", encoding="utf-8") as handle:
            handle.write(record.text())
    except FileExistsError:
        print(f"{shown}: was made meanwhile; nothing written over it", file=sys.stderr)
        return EXIT_INVALID
    print(_next_steps(shown, first="add what else the source states (description, members, former names)"), file=out)
    return EXIT_OK


def _record_file(root: Path, record: str) -> Path:
    """A record by its id (or a former id) or its path."""
    candidate = Path(record)
    if candidate.suffix == ".yml" and candidate.is_file():
        return candidate
    if "/" not in record and not record.startswith("."):
        for path in sorted((root / "clusters").glob(f"*/{glob.escape(record)}.yml")):
            return path
    raise UsageError(f"{record}: no record with this id or path; `{_python()} -m generator new` makes a new one")


def _has_record(root: Path, record: str) -> bool:
    try:
        _record_file(root, record)
    except UsageError:
        return False
    return True


def cmd_add_label(args: argparse.Namespace, out: TextIO, ask: Callable[[str], str] | None) -> int:
    """Add a label (a renewal, or an earlier award found later) to an existing record, asking in a terminal
    for what the options leave out; the rest of the file stays as it is."""
    from generator.records.loader import read, to_data
    from generator.records.validate import Checker
    from generator.tools.interview import LABEL_OPTIONS, GaveUp, Interview, fill_labels
    from generator.tools.scaffold import AddedLabels, NotAppendable, write_whole

    root = _new_root(args.registry)
    day = build_date(args.build_date)
    path = _record_file(root, args.record)
    shown = display_path(path)
    if path.is_symlink() or link_on_the_way(root, path) is not None:
        raise UsageError(f"{shown}: is a symbolic link; nothing written through it")
    before = validate(root, build_date=day, only=[path])
    if before.errors:
        print(diagnostics.format_text(before.errors, []), file=sys.stderr)
        print(f"{shown}: correct these first; nothing written", file=sys.stderr)
        return EXIT_INVALID
    original = path.read_text("utf-8")
    data = to_data(read(path, shown).root)
    assert isinstance(data, dict)
    checker = Checker(root, build_date=day, leaving_out=path)
    record = AddedLabels.of(original, data, checker.levels, checked=day)
    given: dict[str, str | None] = {key: getattr(args, key) for key in LABEL_OPTIONS}
    missing = [key for key in ("level", "awarded", "source") if not given[key]]
    interactive = ask is not None and bool(missing) and not args.no_input
    if missing and not interactive:
        raise UsageError("missing " + ", ".join(f"--{m.replace('_', '-')}" for m in missing))
    interview = Interview(checker, root, record, ask=ask if interactive else None, out=out, target=path)
    command = f"{_python()} -m generator add-label {record.id}"
    try:
        if interactive:
            interview.tell(
                f"A new label for {data['name']} ({shown}), which has {len(record.existing)} already."
                " Each answer is checked as you give it; Enter skips what is optional, Ctrl-C stops without"
                " writing anything."
            )
        fill_labels(interview, given, heading="New label")
        errors, warnings = interview.findings(record)
        problems = list(dict.fromkeys([*interview.problems, *(e for e in errors if e not in interview.problems)]))
        if problems:
            print("\n".join(problems), file=sys.stderr)
            print("not written: correct the options above and run again", file=sys.stderr)
            return EXIT_INVALID
        text = record.text()
        changed = difflib.unified_diff(original.splitlines(), text.splitlines(), shown, shown, n=1, lineterm="")
        if not _confirmed(
            interview, interactive, "\n".join(list(changed)[2:]), f"Add it to {shown}? [Y/n]: ", warnings, out
        ):
            return EXIT_INVALID
    except NotAppendable as exc:
        raise UsageError(f"{shown}: {exc}; add the label by hand (see CONTRIBUTING.md)") from None
    except GaveUp as exc:
        _stopped(interview, command, str(exc))
        return EXIT_INVALID
    except KeyboardInterrupt:
        _stopped(interview, command, "\ncancelled")
        return EXIT_CANCELLED
    if path.read_text("utf-8") != original:
        print(f"{shown}: was changed meanwhile; nothing written over it", file=sys.stderr)
        return EXIT_INVALID
    write_whole(path, text)
    print(_next_steps(shown, first="compare the new label with its document; give nothing it does not state"), file=out)
    return EXIT_OK


def cmd_from_issue(args: argparse.Namespace, out: TextIO) -> int:
    """The issue form "Add or renew a label" turned into the record change, by ``new`` or ``add-label`` and
    their checks; what is wrong, in the form's terms, for a comment on the issue."""
    from generator.tools.issueform import FormError, check, in_form_terms, label_of, options, parse

    try:
        body = Path(args.body).read_text("utf-8", errors="replace")
    except OSError as exc:
        raise UsageError(f"{args.body}: cannot be read ({exc.strerror or exc})") from None
    report: list[str] = []
    written = False
    try:
        answers = parse(body)
        problems = check(answers)
    except FormError as exc:
        problems = [str(exc)]
        answers = {}
    if not problems and answers.get("id") and not _has_record(Path(args.registry), answers["id"]):
        problems = [
            f"**{label_of('id')}**: no record has the id {markdown_code(answers['id'])}; for an organisation new to"
            " the registry, leave it empty and give its name, country and sectors"
        ]
    if not problems:
        command = ["add-label", answers["id"]] if answers.get("id") else ["new"]
        argv = [*command, *options(answers), f"--registry={args.registry}", "--no-input"]
        if args.build_date:
            argv.append(f"--build-date={args.build_date}")
        said, shown = io.StringIO(), io.StringIO()
        with contextlib.redirect_stderr(said):
            status = main(argv, shown)
        written = status == EXIT_OK
        lines = [line.strip() for line in said.getvalue().splitlines() if line.strip()]
        if written:
            path = shown.getvalue().splitlines()[0].removeprefix("wrote ")
            report += [f"Recorded in {markdown_code(path)}, from the answers of the form.", ""]
            report += [f"- {in_form_terms(line)}" for line in lines]  # warnings
        else:
            problems = [in_form_terms(line.removeprefix("error: ")) for line in lines if not line.startswith("not ")]
    if problems:
        report += ["The form's answers could not be turned into a record:", ""]
        report += [f"- {problem}" for problem in problems]
        report += ["", "Edit the issue to correct them; a maintainer then runs this again."]
    text = "\n".join(report) + "\n"
    if args.report:
        Path(args.report).write_text(text, "utf-8")
    print(text, file=out, end="")
    return EXIT_OK if written else EXIT_INVALID


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
    from generator.pages.search import SearchIndexError, documents, write_index

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
    from generator.assembly.outputs import generate, write
    from generator.pages.site import Settings
    from generator.tools.revisions import record_revisions

    templates = Path(args.templates or "overrides/pages")
    if args.templates and not templates.is_dir():
        raise UsageError(f"--templates {diagnostics.printable(args.templates)}: no such folder")
    root, day, registry = _valid_registry(args, out, "nothing written")
    if registry is None:
        return EXIT_INVALID
    target = Path(args.out)
    settings = Settings(
        build_date=day,
        site_url=args.site_url,
        edit_url=args.edit_url or (args.repository.rstrip("/") + "/edit/main/" if args.repository else ""),
        overrides=templates,
        repository=args.repository.rstrip("/"),
        contact=args.contact,
        revisions=record_revisions(root.resolve().parent),
    )
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        staging = Path(tempfile.mkdtemp(prefix=f".{target.name}.", dir=target.parent))
    except OSError as exc:
        raise UsageError(f"--out {diagnostics.printable(args.out)}: cannot be written ({exc.strerror})") from None
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
    """Markdown summary of what the head registry changes against the base one; exit 1 where it rewrites
    documented label history that no correction in the record accepts."""
    from generator.tools.changes import compare, markdown
    from generator.tools.history import diagnostics as history_problems

    day = build_date(args.build_date)
    loaded = []
    roots = []
    summary = out if args.summary is None else open(args.summary, "a", encoding="utf-8")  # noqa: SIM115
    try:
        for label, folder in (("base", args.base), ("head", args.head)):
            root, _ = _registry_root([folder])
            result = validate(root, build_date=day)
            if result.registry is None:
                print(
                    f"## Registry changes\n\nThe {label} registry does not validate: {len(result.errors)} errors.",
                    file=summary,
                )
                return EXIT_INVALID
            loaded.append(result.registry)
            roots.append(root)
        changes = compare(loaded[0], loaded[1])
        print(markdown(changes), file=summary)
    finally:
        if summary is not out:
            summary.close()
    (problems,) = _onto_changed_lines(args.base_commit, history_problems(changes.history, roots[1].parent))
    text = diagnostics.REPORTERS[args.format](problems, [])
    if text:
        print(text, file=out if args.format == "github" else sys.stderr)
    return EXIT_INVALID if problems else EXIT_OK


def cmd_check_addresses(args: argparse.Namespace, out: TextIO) -> int:
    """Ask every cited address whether it still answers (uses the network; never part of a build)."""
    from generator.tools.addresses import check, report

    root, _ = _registry_root([args.registry])
    if args.dead_list and not Path(args.dead_list).parent.is_dir():
        # Known before the slow part: the check asks every cited address.
        raise UsageError(f"--dead-list {diagnostics.printable(args.dead_list)}: its folder does not exist")
    result = validate(root, build_date=build_date(args.build_date))
    if result.registry is None:
        print(diagnostics.format_text(result.errors, result.warnings), file=out)
        return EXIT_INVALID
    cited, answers = check(result.registry, timeout=args.timeout)
    print(report(cited, answers), file=out)
    if args.dead_list:
        listed = [{"record": c.cluster, "field": c.field, "url": c.url} for c in cited if not answers[c.url].ok]
        try:
            Path(args.dead_list).write_text(json.dumps(listed, indent=2, allow_nan=False) + "\n", encoding="utf-8")
        except OSError as exc:
            raise UsageError(
                f"--dead-list {diagnostics.printable(args.dead_list)}: not written ({exc.strerror})"
            ) from None
    dead = any(not a.ok for a in answers.values())
    return EXIT_INVALID if dead and args.strict else EXIT_OK


def cmd_due(args: argparse.Namespace, out: TextIO) -> int:
    """The review queue: records that need a maintainer's look, most urgent first, in Markdown."""
    from generator.records.status import assess_all
    from generator.tools.due import queue, read_dead, report

    root, _ = _registry_root([args.registry])
    day = build_date(args.build_date)
    result = validate(root, build_date=day)
    if result.registry is None:
        print(diagnostics.format_text(result.errors, result.warnings), file=out)
        return EXIT_INVALID
    if args.within < 0:
        raise UsageError("--within takes a number of days, 0 or more")
    dead = _dead_list(Path(args.dead), read_dead) if args.dead else {}
    entries = queue(result.registry, assess_all(result.registry, day), day, within=args.within, dead=dead)
    print(report(entries, day, args.within), file=out, end="")
    return EXIT_OK


def cmd_locate(args: argparse.Namespace, out: TextIO) -> int:
    """Write GeoNames' coordinates into every record that names a city and gives none (see
    :mod:`generator.tools.places`); report each city the gazetteer does not know."""
    from generator.records import countries
    from generator.tools.places import geonames, relocated, with_location
    from generator.tools.scaffold import write_whole

    root, _, registry = _valid_registry(args, out, "nothing located")
    if registry is None:
        return EXIT_INVALID
    gazetteer = geonames()
    base = root.parent
    written = unknown = 0
    for cluster in registry.clusters:
        typed = (
            cluster.location is not None and cluster.location.precision == "city" and cluster.location.geonames is None
        )
        if cluster.city is None or (cluster.location is not None and not (args.typed and typed)):
            continue
        shown = cluster.path
        found = gazetteer.candidates(cluster.country, cluster.city)
        place = found[0] if found else None
        if place is None or countries.contains(cluster.country, place.latitude, place.longitude) is False:
            unknown += 1
            print(
                f"{shown}: city `{cluster.city}` is not among GeoNames' places of 500 inhabitants or more in"
                f" {cluster.country} (write it as the country writes it, e.g. `Kraków`, or add"
                " `location: {latitude: …, longitude: …, precision: city}` by hand)",
                file=out,
            )
            continue
        others = "".join(f"; also {p.name} (GeoNames {p.geonames}, {p.population:,} inhabitants)" for p in found[1:4])
        print(
            f"{shown}: {cluster.city} → {round(place.latitude, 4)}, {round(place.longitude, 4)}"
            f" ({place.name}, GeoNames {place.geonames}, {place.population:,} inhabitants{others})",
            file=out,
        )
        written += 1
        if not args.dry_run:
            path = base / cluster.path
            text = path.read_text("utf-8")
            write_whole(path, relocated(text, place) if cluster.location else with_location(text, place))
    verb = "would locate" if args.dry_run else "located"
    print(f"{verb} {written} records; {unknown} cities not in the gazetteer", file=sys.stderr)
    return EXIT_INVALID if unknown and args.strict else EXIT_OK


def _dead_list(path: Path, read: Callable[[Path], dict[str, list[str]]]) -> dict[str, list[str]]:
    """The file of ``--dead``, or a usage error that says why it cannot be used."""
    shown = diagnostics.printable(str(path))
    try:
        return read(path)
    except OSError as exc:
        raise UsageError(f"--dead {shown}: cannot be read ({exc.strerror or exc})") from None
    except (ValueError, KeyError, TypeError, AttributeError):
        raise UsageError(
            f"--dead {shown}: not the JSON list that check-addresses --dead-list writes"
            " (each item with `record` and `url`)"
        ) from None


def _label_options(command: argparse.ArgumentParser) -> None:
    """The options of one label, for ``new`` (its first label) and ``add-label``, and the day and the
    switch both take."""
    command.add_argument("--level", help="bronze, silver or gold, in any case", metavar="LEVEL")
    command.add_argument(
        "--awarded",
        help="the award's date as the document gives it: YYYY, YYYY-MM, YYYY-MM-DD, or an interval such as"
        " 2024-07/2024-09 (see CONTRIBUTING.md)",
        metavar="DATE",
    )
    command.add_argument("--valid-until", help="last day of validity, only as the document states it", metavar="DATE")
    command.add_argument("--awarded-by", help="ESCA or EUCLES, only as the document says", metavar="BODY")
    command.add_argument(
        "--source", help="address of the document that records the award (not a home page)", metavar="URL"
    )
    command.add_argument("--title", help="the document's title, as published", metavar="TEXT")
    command.add_argument("--publisher", help="who published the document", metavar="TEXT")
    command.add_argument("--published", help="the document's date (not the award's): YYYY-MM-DD", metavar="DATE")
    command.add_argument("--language", help="the document's language: en, de, pt-PT ...", metavar="CODE")
    command.add_argument(
        "--quote", help="the document's sentence that states the award, in its language", metavar="TEXT"
    )
    command.add_argument(
        "--build-date", metavar="DATE", help="the day the record is checked on, YYYY-MM-DD (default: today)"
    )
    command.add_argument("--no-input", action="store_true", help="never ask, even in a terminal")


def _pull_request_options(command: argparse.ArgumentParser) -> None:
    command.add_argument(
        "--base-commit",
        help="report a problem on a line unchanged since this commit on the nearest changed line of its file"
        " (GitHub shows annotations only on changed lines)",
        metavar="COMMIT",
    )
    command.add_argument(
        "--summary", help="also append every problem, linked to its line, to this Markdown file", metavar="FILE"
    )
    command.add_argument(
        "--link-base",
        help="address that a path and #L<line> are appended to, for the links in --summary",
        metavar="URL",
    )


def parser() -> argparse.ArgumentParser:
    main = argparse.ArgumentParser(
        prog="python -m generator", description="Registry of cluster management excellence labels."
    )
    commands = main.add_subparsers(dest="command", required=True)

    check = commands.add_parser("validate", help="check records and report every problem")
    check.add_argument("paths", nargs="*", help="the registry folder (default: registry) or record files")
    check.add_argument("--format", choices=["text", "github", "json"], default="text")
    check.add_argument("--strict", action="store_true", help="fail on warnings too")
    _pull_request_options(check)
    check.add_argument(
        "--build-date", help=f"day to check dates against, YYYY-MM-DD (default: ${BUILD_DATE_VARIABLE} or today)"
    )

    new = commands.add_parser(
        "new",
        help="write a new record from options; in a terminal, ask for what is missing",
        description="Write a new record to registry/clusters/<country>/<id>.yml.\n\n"
        "In a terminal, whatever the options leave out is asked for, and each answer is\n"
        "checked as it is given; otherwise, or with --no-input, the options must be\n"
        "complete. Nothing is written unless the record validates.",
        epilog="example:\n  python -m generator new --name 'Example Cluster' --country DE --sectors ict \\\n"
        "    --level bronze --awarded 2025-06 --source https://www.example.org/news/bronze-label",
        formatter_class=argparse.RawDescriptionHelpFormatter,
        add_help=False,
    )
    new.add_argument("-h", "--help", action=_HelpWithSectors)
    new.add_argument("--registry", default="registry", help="the registry folder (default: registry)", metavar="DIR")
    new.add_argument("--name", help="name of the cluster organisation, as it presents itself")
    new.add_argument("--id", help=f"permanent id (default: made from the name, e.g. {slug('Silicon Saxony')})")
    new.add_argument(
        "--country", help="ISO 3166-1 alpha-2 code in any case (DE, de) or English name (Germany)", metavar="CC"
    )
    new.add_argument(
        "--sectors", help="comma-separated sector ids, names or their unambiguous beginnings", metavar="ID[,ID]"
    )
    new.add_argument("--list-sectors", action="store_true", help="list the sector ids with their names and exit")
    new.add_argument("--city")
    new.add_argument("--region", help="NUTS code or the region's name")
    new.add_argument("--latitude", type=float, help="decimal degrees, with --longitude", metavar="DEGREES")
    new.add_argument("--longitude", type=float, metavar="DEGREES")
    new.add_argument("--website", help="the organisation's own site, https://...", metavar="URL")
    _label_options(new)

    add = commands.add_parser(
        "add-label",
        help="add a label (a renewal) to an existing record; in a terminal, ask for what is missing",
        description="Add a label to an existing record, among its labels by date (a renewal goes last),\n"
        "keeping every other line of the file; checked: becomes today. In a terminal, whatever the\n"
        "options leave out is asked for and each answer is checked as it is given. Nothing is written\n"
        "unless the record validates.",
        epilog="example:\n  python -m generator add-label silicon-saxony --level gold --awarded 2026-11 \\\n"
        "    --source https://www.example.org/news/gold-label-renewed --language de \\\n"
        "    --quote 'Silicon Saxony hat das GOLD-Label erneut erhalten.'",
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    add.add_argument("record", help="the record's id (as in its address, /clusters/<id>/) or its file")
    add.add_argument("--registry", default="registry", help="the registry folder (default: registry)", metavar="DIR")
    _label_options(add)

    issue = commands.add_parser(
        "from-issue",
        help="turn the issue form 'Add or renew a label' into a record or a new label",
        description="Read an issue's body as GitHub renders the form 'Add or renew a label', and write the\n"
        "new record or the new label with the checks of new and add-label. Prints (and with --report\n"
        "writes) Markdown saying what was written, or what is wrong in the form's terms; exit 1 if\n"
        "nothing was written.",
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    issue.add_argument("body", help="a file holding the issue's body", metavar="BODY_FILE")
    issue.add_argument("--registry", default="registry", help="the registry folder (default: registry)", metavar="DIR")
    issue.add_argument("--report", help="also write the Markdown to this file", metavar="FILE")
    issue.add_argument("--build-date", metavar="DATE", help="the day the record is checked on (default: today)")

    pages = commands.add_parser("pages", help="write the generated pages (Markdown with front matter) to a folder")
    pages.add_argument(
        "--out", required=True, help="folder to write; replaced as a whole, only once all pages are made"
    )
    pages.add_argument("--registry", default="registry")
    pages.add_argument("--build-date")
    pages.add_argument("--site-url", default="", help="absolute address of the site, for permanent links")
    pages.add_argument("--edit-url", default="", help="address that a record's path is appended to, to edit it")
    pages.add_argument(
        "--templates", default="", help="folder of page template overrides (default: overrides/pages, where it exists)"
    )
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
    changes.add_argument(
        "--summary", help="append the Markdown summary to this file (GitHub's job summary) instead of printing it"
    )
    changes.add_argument(
        "--base-commit",
        help="report each rewritten label on the nearest line changed since this commit",
        metavar="COMMIT",
    )
    changes.add_argument(
        "--format",
        choices=["text", "github"],
        default="text",
        help="how to report rewritten label history: text on standard error, or GitHub annotations",
    )

    addresses = commands.add_parser("check-addresses", help="report cited web addresses that no longer answer")
    addresses.add_argument("--registry", default="registry")
    addresses.add_argument("--timeout", type=float, default=15.0, help="seconds to wait for each address")
    addresses.add_argument("--strict", action="store_true", help="exit 1 when an address does not answer")
    addresses.add_argument("--build-date")
    addresses.add_argument(
        "--dead-list", help="also write the dead addresses, with their records, as JSON to this file"
    )

    locate = commands.add_parser(
        "locate", help="write GeoNames' coordinates into records that name a city and give none (offline)"
    )
    locate.add_argument("--registry", default="registry")
    locate.add_argument("--dry-run", action="store_true", help="show what would be written; write nothing")
    locate.add_argument("--strict", action="store_true", help="exit 1 when a city is not in the gazetteer")
    locate.add_argument(
        "--typed",
        action="store_true",
        help="also replace city-precision coordinates typed by hand (no GeoNames id) with the gazetteer's",
    )
    locate.add_argument("--build-date")

    due = commands.add_parser("due", help="list the records that need a maintainer's look, most urgent first")
    due.add_argument("--registry", default="registry")
    due.add_argument("--within", type=int, default=90, help="days ahead in which an ending label is listed")
    due.add_argument("--dead", help="JSON of dead addresses written by check-addresses --dead-list")
    due.add_argument("--build-date")
    return main


def _terminal_input() -> Callable[[str], str] | None:
    """``input``, with line editing where the platform has it, when a person is typing; else None."""
    if not sys.stdin.isatty():
        return None
    with contextlib.suppress(ImportError):
        import readline  # noqa: F401  (arrow keys and history in the answers)
    return input


def main(argv: Sequence[str] | None = None, out: TextIO | None = None) -> int:
    out = out or sys.stdout
    try:
        args = parser().parse_args(argv)
    except SystemExit as exc:
        return EXIT_USAGE if exc.code else EXIT_OK
    try:
        status = _run(args, out)
        out.flush()
        return status
    except (UsageError, BuildDateError) as exc:
        print(f"error: {diagnostics.printable(str(exc))}", file=sys.stderr)
        return EXIT_USAGE
    except BrokenPipeError:
        # The reader went away (``| head``): stop quietly, as other command-line tools do, and keep
        # Python from reporting the same broken pipe again when it flushes standard output at exit.
        with contextlib.suppress(OSError, ValueError):
            os.dup2(os.open(os.devnull, os.O_WRONLY), out.fileno())
        return EXIT_BROKEN_PIPE


def _run(args: argparse.Namespace, out: TextIO) -> int:
    if args.command == "validate":
        return cmd_validate(args, out)
    if args.command == "new":
        return cmd_new(args, out, _terminal_input())
    if args.command == "add-label":
        return cmd_add_label(args, out, _terminal_input())
    if args.command == "from-issue":
        return cmd_from_issue(args, out)
    if args.command == "changes":
        return cmd_changes(args, out)
    if args.command == "check-addresses":
        return cmd_check_addresses(args, out)
    if args.command == "due":
        return cmd_due(args, out)
    if args.command == "locate":
        return cmd_locate(args, out)
    if args.command == "search":
        return cmd_search(args, out)
    return cmd_pages(args, out)
