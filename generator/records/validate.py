"""Validation of the whole registry: load, check each file, check across files, build the model.

Every problem of every file is collected in one run; a broken file is a list
of diagnostics, never an exception that stops the others from being checked.
Each file's own rules are in :mod:`generator.records.checks`; here are the run, the rules across
records (unique ids and aliases, names unlike each other) and the memo a preview keeps.
"""

from __future__ import annotations

import datetime as dt
import gc
import multiprocessing
import os
from collections import ChainMap
from collections.abc import Iterable, Iterator, Mapping, MutableMapping
from concurrent.futures import ProcessPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from generator.records import countries, lookalike, schema
from generator.records.checks import check_record
from generator.records.cpus import processes
from generator.records.diagnostics import DOCUMENT, Diagnostic
from generator.records.findings import Record, RecordFile, Result, Summary, display_path
from generator.records.loader import locate, parse, read, to_data
from generator.records.model import Cluster, Level, Registry, Renewal, Sector, cluster_from_record

RECORD_SUFFIX = ".yml"


def _vocabulary(root: Path, name: str, result: Result) -> list[dict[str, Any]]:
    path = root / f"{name}.yml"
    document = read(path, display_path(path))
    result.files += 1
    result.errors.extend(document.errors)
    if document.root is None:
        if not document.errors:
            result.errors.append(Diagnostic(document.path, 1, 1, DOCUMENT, "file is empty"))
        return []
    data = to_data(document.root)
    problems = schema.check(name, data, document.root, document.path)
    result.errors.extend(problems)
    entries = data.get(name) if isinstance(data, dict) and not problems else None
    if not isinstance(entries, list):
        return []
    seen: set[str] = set()
    for index, entry in enumerate(entries):
        if entry["id"] in seen:
            mark = locate(document.root, (name, index, "id"))
            result.errors.append(
                Diagnostic(
                    document.path, mark.line, mark.column, f"{name}[{index}].id", f"`{entry['id']}` is listed twice"
                )
            )
        seen.add(entry["id"])
        validity = entry.get("validity")
        if isinstance(validity, dict) and validity["shortest_months"] > validity["longest_months"]:
            mark = locate(document.root, (name, index, "validity", "shortest_months"))
            result.errors.append(
                Diagnostic(
                    document.path,
                    mark.line,
                    mark.column,
                    f"{name}[{index}].validity.shortest_months",
                    f"{validity['shortest_months']} months is longer than longest_months, {validity['longest_months']}",
                    "swap the two, or make them equal where the documents agree",
                )
            )
    return entries


def load_levels(root: Path, result: Result) -> dict[str, Level]:
    levels = [
        Level(
            id=e["id"],
            name=e["name"],
            motto=e["motto"],
            rank=rank,
            validity_months=(e["validity"]["shortest_months"], e["validity"]["longest_months"]),
            validity_sources=tuple((s["url"], s.get("quote")) for s in e["validity"]["sources"]),
            renewal=Renewal(e["validity"]["renewal"]["within_months"], e["validity"]["renewal"]["extends_months"])
            if "renewal" in e["validity"]
            else None,
            colour=e["colour"],
            description=e["description"],
            source=e["source"],
        )
        for rank, e in enumerate(_vocabulary(root, "levels", result), start=1)
    ]
    return {level.id: level for level in levels}


def load_sectors(root: Path, result: Result) -> dict[str, Sector]:
    sectors = [
        Sector(e["id"], e["name"], e["description"], tuple(sorted(e.get("names", {}).items())))
        for e in _vocabulary(root, "sectors", result)
    ]
    return {sector.id: sector for sector in sorted(sectors, key=lambda s: s.name)}


def record_files(root: Path, result: Result) -> list[Path]:
    """Every record under ``clusters/``, reporting what is in the wrong place, has the wrong ending,
    or is not what it says: links and special files are refused without following them."""
    clusters = root / "clusters"
    found: list[Path] = []

    def refuse(path: Path, message: str, hint: str) -> None:
        result.errors.append(Diagnostic(display_path(path), 1, 1, DOCUMENT, message, hint))

    if clusters.is_symlink():
        # Followed, it would publish another folder's records as this registry's, or none at all.
        refuse(clusters, "folder is a symbolic link", "commit the records themselves, in a real folder")
        return found
    if not clusters.is_dir():
        return found

    for folder, folders, files in os.walk(clusters, followlinks=False):
        here = Path(folder)
        for name in sorted(folders):
            if (here / name).is_symlink():
                refuse(here / name, "folder is a symbolic link", "commit the records themselves, in a real folder")
        folders[:] = sorted(n for n in folders if not n.startswith(".") and not (here / n).is_symlink())
        for name in sorted(files):
            path = here / name
            if name.startswith("."):
                continue
            depth = len(path.relative_to(clusters).parts)
            suffix = path.suffix
            if suffix.lower() in (".yml", ".yaml") and suffix != RECORD_SUFFIX:
                refuse(path, f"records end in .yml, not {suffix}", f"rename it to {path.stem}.yml")
            elif suffix == RECORD_SUFFIX and depth != 2:
                refuse(
                    path,
                    "record is not in a country folder",
                    "move it to registry/clusters/<country code in lowercase>/<id>.yml",
                )
            elif suffix == RECORD_SUFFIX:
                found.append(path)
    return sorted(found)


def link_on_the_way(root: Path, target: Path) -> Path | None:
    """The first folder from ``root`` down to ``target`` that is a symbolic link (or ``target`` itself), if any:
    a record written or read through it would land outside the registry it was given."""
    here = root
    for part in target.relative_to(root).parts:
        here = here / part
        if here.is_symlink():
            return here
    return None


def _cross_record(files: list[tuple[Record, Path]], result: Result) -> None:
    """Ids and aliases name one record each across the whole registry, and no name looks like another."""
    names = _Names()
    for file, _path in files:
        names.add(file)


_LOOKALIKE_HINT = "type the name with the letters the organisation uses; another organisation needs another name"


class _Names:
    """The ids, aliases and name skeletons of the records added so far; each record added is checked
    against those before it. ``overlay`` checks one more record without changing what is kept."""

    def __init__(
        self,
        owners: MutableMapping[str, tuple[Record, tuple[str | int, ...]]] | None = None,
        skeletons: MutableMapping[str, Record] | None = None,
    ) -> None:
        self.owners = owners if owners is not None else {}
        self.skeletons = skeletons if skeletons is not None else {}

    def overlay(self) -> _Names:
        return _Names(ChainMap({}, self.owners), ChainMap({}, self.skeletons))

    def add(self, file: Record) -> None:
        self._lookalike(file)
        data = file.data if isinstance(file.data, dict) else {}
        names: list[tuple[str, tuple[str | int, ...]]] = []
        if isinstance(data.get("id"), str):
            names.append((data["id"], ("id",)))
        aliases = data.get("aliases")
        if isinstance(aliases, list):
            names.extend((a, ("aliases", i)) for i, a in enumerate(aliases) if isinstance(a, str))
        for name, where in names:
            if name not in self.owners:
                self.owners[name] = (file, where)
                continue
            first, first_where = self.owners[name]
            if first is file:
                continue  # an alias equal to the own id is reported by the record's own checks
            # Both records are told, each naming the other: the pull request that claims an address sees
            # it on its own file, even when only that file is validated.
            for one, one_where, other, other_where in (
                (file, where, first, first_where),
                (first, first_where, file, where),
            ):
                kind = "id" if one_where == ("id",) else "alias"
                other_kind = "id" if other_where == ("id",) else "alias"
                one.report(
                    one_where,
                    f"{kind} `{name}` is also the {other_kind} of {other.path}:{other.mark(other_where).line}",
                    "every id and alias names one record; choose another",
                )

    def _lookalike(self, file: Record) -> None:
        """Both records of a pair are told, each naming the other: a pull request sees it on its own file."""
        name = file.get("name")
        if not isinstance(name, str):
            return
        first = self.skeletons.setdefault(lookalike.skeleton(name), file)
        if first is not file:
            same = first.get("name") == name
            for one, other in ((file, first), (first, file)):
                mark = other.mark(("name",))
                one.report(
                    ("name",),
                    f"is the name of {other.path}:{mark.line} too"
                    if same
                    else f"looks the same as the name in {other.path}:{mark.line} but is written with other characters",
                    "one record per organisation: edit that record instead" if same else _LOOKALIKE_HINT,
                )


def find_root(path: Path) -> Path | None:
    """The registry folder (the one holding levels.yml) at or above ``path``."""
    for candidate in [path, *path.parents] if path.is_dir() else path.parents:
        if (candidate / "levels.yml").is_file():
            return candidate
    return None


@contextmanager
def _without_gc() -> Iterator[None]:
    """Pause the cyclic garbage collector: the node trees hold no cycles, and at
    10,000 records its repeated passes over them took half of the run."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def _check_file(
    path: Path, levels: Mapping[str, Level], sectors: Mapping[str, Sector], build_date: dt.date, result: Result
) -> RecordFile:
    """Read one record file from disk and check it on its own."""
    return check_record(read(path, display_path(path)), path, levels, sectors, build_date, result)


@dataclass
class Memo:
    """What each record file's own checks found in an earlier run, by the file's size, time and inode.

    ``mkdocs serve`` keeps one, so an edit re-reads the files that changed; the checks
    across records (unique ids, look-alike names) run over all of them every time.
    """

    context: tuple[Any, ...] | None = None
    files: dict[Path, tuple[tuple[int, int, int], RecordFile, list[Diagnostic], list[Diagnostic], Cluster | None]] = (
        field(default_factory=dict)
    )


def validate(root: Path, *, build_date: dt.date, only: Iterable[Path] = (), memo: Memo | None = None) -> Result:
    with _without_gc():
        result = _validate(root, build_date=build_date, only=only, memo=memo)
    # Each problem once, however many checks arrive at it (a bad date read by two of them).
    result.errors = list(dict.fromkeys(result.errors))
    result.warnings = list(dict.fromkeys(result.warnings))
    return result


def _validate(root: Path, *, build_date: dt.date, only: Iterable[Path] = (), memo: Memo | None = None) -> Result:
    """Check the registry at ``root``; with ``only``, report just the problems of those files.

    The whole registry is read either way, since ids and aliases must be unique across it.
    """
    result = Result()
    levels = load_levels(root, result)
    sectors = load_sectors(root, result)
    checked: list[tuple[Record, Path]] = []
    if memo is not None and memo.context != (build_date, levels, sectors, result.errors):
        memo.context, memo.files = (build_date, levels, sectors, list(result.errors)), {}
    paths = record_files(root, result)
    if memo is None and len(paths) >= PARALLEL_FROM and processes() > 1:
        paths, checked = [], _check_in_parallel(paths, levels, sectors, build_date, result)
    for path in paths:
        earlier = memo.files.get(path) if memo is not None else None
        key = _file_key(path) if memo is not None else (0, 0, 0)
        if earlier is not None and earlier[0] == key:
            _key, file, errors, warnings, _cluster = earlier
            file.result = result
            result.files += 1
            result.errors.extend(errors)
            result.warnings.extend(warnings)
        else:
            errors_before, warnings_before = len(result.errors), len(result.warnings)
            file = _check_file(path, levels, sectors, build_date, result)
            if memo is not None:
                found = (result.errors[errors_before:], result.warnings[warnings_before:])
                memo.files[path] = (key, file, *found, None)
        checked.append((file, path))
    if memo is not None:
        for gone in memo.files.keys() - {path for _file, path in checked}:
            del memo.files[gone]
    _cross_record(checked, result)

    complete = not result.errors
    only = list(only)
    if only:
        wanted = {display_path(p.resolve()) for p in only} | {display_path(p) for p in only}
        result.errors = [d for d in result.errors if d.path in wanted]
        result.warnings = [d for d in result.warnings if d.path in wanted]
    result.errors.sort()
    result.warnings.sort()
    if complete:
        # Record files are never links (record_files refuses them): each one's path in the repository
        # is the registry folder's, resolved once, and the file's own below it.
        folder = root.resolve()
        in_repository = folder.relative_to(folder.parent)
        clusters = []
        for record, path in checked:
            earlier = memo.files.get(path) if memo is not None else None
            if earlier is not None and earlier[4] is not None:
                clusters.append(earlier[4])
                continue
            cluster = cluster_from_record(record.data, (in_repository / path.relative_to(root)).as_posix(), levels)
            if memo is not None and earlier is not None:
                memo.files[path] = (*earlier[:4], cluster)
            clusters.append(cluster)
        result.registry = Registry(tuple(sorted(clusters, key=lambda c: c.id)), levels, sectors)
    return result


PARALLEL_FROM = 2000
"""Records from which a validation without a memo shares them out among as many processes as processors."""


def _check_in_parallel(
    paths: list[Path], levels: Mapping[str, Level], sectors: Mapping[str, Sector], build_date: dt.date, result: Result
) -> list[tuple[Record, Path]]:
    """Each record's own checks, the files in runs, one run per processor: this process checks the first run
    while forked ones check the others; their problems and summaries come back in order."""
    count = processes()
    size = -(-len(paths) // count)
    runs = [paths[start : start + size] for start in range(0, len(paths), size)]
    checked: list[tuple[Record, Path]] = []
    countries.read_borders()  # once, before the fork, rather than once in every process
    with ProcessPoolExecutor(len(runs) - 1, mp_context=multiprocessing.get_context("fork")) as pool:
        others = [pool.submit(_check_run, run, levels, sectors, build_date) for run in runs[1:]]
        for path in runs[0]:
            checked.append((_check_file(path, levels, sectors, build_date, result), path))
        for future, run in zip(others, runs[1:], strict=True):
            for (summary, errors, warnings), path in zip(future.result(), run, strict=True):
                summary.result = result
                result.files += 1
                result.errors.extend(errors)
                result.warnings.extend(warnings)
                checked.append((summary, path))
    return checked


def _check_run(
    paths: list[Path], levels: Mapping[str, Level], sectors: Mapping[str, Sector], build_date: dt.date
) -> list[tuple[Summary, list[Diagnostic], list[Diagnostic]]]:
    out = []
    with _without_gc():
        for path in paths:
            found = Result()
            file = _check_file(path, levels, sectors, build_date, found)
            out.append((Summary(file), found.errors, found.warnings))
    return out


def _file_key(path: Path) -> tuple[int, int, int]:
    """Size, time and inode: an edit, even one that keeps the size, changes the time; a replaced file, the inode."""
    try:
        found = path.lstat()
    except OSError:
        return (-1, -1, -1)
    return (found.st_size, found.st_mtime_ns, found.st_ino)


class Checker:
    """The registry's rules, loaded once, for records not yet written: ``new`` checks each answer with them.

    A record checked here meets the same rules as one in the registry, the whole-registry ones included
    (its id unique, its name unlike the others), and its problems come back as the same diagnostics.
    """

    def __init__(self, root: Path, *, build_date: dt.date, leaving_out: Path | None = None) -> None:
        """``leaving_out``: the record being edited, whose file on disk the edited text replaces."""
        self.build_date = build_date
        self.vocabulary = Result()
        self.levels = load_levels(root, self.vocabulary)
        self.sectors = load_sectors(root, self.vocabulary)
        self._others = Result()
        self._names = _Names()
        with _without_gc():
            for path in record_files(root, self._others):
                if leaving_out is None or path.resolve() != leaving_out.resolve():
                    self._names.add(RecordFile(read(path, display_path(path)), self._others))

    def check(self, text: str, path: Path) -> Result:
        """Every problem of the record ``text`` were it saved at ``path``; other records' problems are left out."""
        result = Result()
        with _without_gc():
            document = parse(display_path(path), text.encode("utf-8"))
            file = check_record(document, path, self.levels, self.sectors, self.build_date, result)
            self._names.overlay().add(file)
        self._others.errors.clear()
        self._others.warnings.clear()
        result.errors.sort()
        result.warnings.sort()
        return result
