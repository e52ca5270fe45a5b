"""The one reader of data files: each file is parsed once per content, and every read is recorded.

Every file under ``data/`` (YAML, CSV, GeoJSON) and every user file (a scoring sheet, a criteria file)
is read through this module. Results are cached on the file's identity (modification time, size and
inode), so a kernel that outlives an edit never serves stale data, and a brief that asks for the same
file in ten sections parses it once. Derived results (a validated country file, the source table) are
cached the same way with :func:`cached`, keyed on every file they were built from.

The record of files read (:func:`files_read`) is what the batch build uses to know a brief's inputs.
"""

from __future__ import annotations

import csv
import functools
import io
import json
from collections import Counter
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any, TypeVar

import yaml

from ..core import paths
from ..core.errors import DataError

T = TypeVar("T")

#: libyaml's parser when PyYAML was built with it (about ten times faster), else the pure-Python one.
_Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

_cache: dict[tuple, Any] = {}
_read: set[Path] = set()
#: How often each file was parsed since :func:`clear` (tests check that a brief parses each file once).
parse_counts: Counter = Counter()


# --- the record of reads --------------------------------------------------------------------------


def record(path: Path | str) -> Path:
    """Note that the current run read ``path``."""
    p = _resolve(str(path)) if Path(path).is_absolute() else Path(path).resolve()  # relative: as of today's cwd
    _read.add(p)
    return p


@functools.lru_cache(maxsize=4096)
def _resolve(path: str) -> Path:
    """``Path(path).resolve()`` of an absolute path, once: a brief records the same few files hundreds of times."""
    return Path(path).resolve()


def files_read() -> list[str]:
    """Files read since the last :func:`reset_reads`, relative to the project root where inside it."""
    return sorted(paths.relative(p) for p in _read)


def reset_reads() -> None:
    """Forget the files read so far (called between briefs that share a kernel)."""
    _read.clear()


# --- identity and caching -------------------------------------------------------------------------


def identity(path: Path) -> tuple:
    """What identifies a file's content for caching: (mtime, size, inode); ``None`` when it is missing."""
    try:
        st = Path(path).stat()
    except (FileNotFoundError, NotADirectoryError):
        return (None,)
    return (st.st_mtime_ns, st.st_size, st.st_ino)


def cached(key: str, sources: Path | Iterable[Path], build: Callable[[], T]) -> T:
    """``build()``, computed once per content of ``sources`` (the files it reads) and ``key``.

    Every source is recorded as read, also on a cache hit, so the build's dependency record is complete.
    """
    srcs = [Path(sources)] if isinstance(sources, (str, Path)) else [Path(s) for s in sources]
    resolved = [record(s) for s in srcs]
    k = (key, tuple((p, identity(p)) for p in resolved))
    if k not in _cache:
        _cache[k] = build()
    return _cache[k]


def clear() -> None:
    """Forget every cached file and the parse counts (after files change in a long-lived process)."""
    _cache.clear()
    parse_counts.clear()


# --- raw reads ------------------------------------------------------------------------------------


def require(path: Path, what: str = "file") -> Path:
    """``path`` if it is an existing file, else a DataError saying what is missing or wrong."""
    p = Path(path)
    if p.is_dir():
        raise DataError.one(p, f"this is a folder, not a {what}")
    if not p.is_file():
        raise DataError.one(p, f"{what} not found")
    return p


def read_text(path: Path, what: str = "file") -> str:
    """A file's text, decoded as UTF-8 (a byte-order mark is dropped); refused with its byte position otherwise."""
    p = require(path, what)
    data = p.read_bytes()
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise DataError.one(
            p,
            f"not UTF-8 text: byte {exc.start} (0x{data[exc.start]:02x}) cannot be read; save the file as UTF-8",
            line=line,
        ) from None


def _parse_yaml(path: Path) -> tuple[Any, yaml.Node | None]:
    text = read_text(path, "YAML file")
    parse_counts[paths.relative(path)] += 1
    loader = _Loader(text)
    node = None
    try:
        node = loader.get_single_node()  # one parse gives the data and the line of every node
        return (loader.construct_document(node) if node is not None else None), node
    except (ValueError, OverflowError, RecursionError) as exc:  # a date that does not exist, a nesting too deep
        from .messages import impossible_value

        reason, line = impossible_value(node, exc)
        raise DataError.one(path, reason, line=line) from None
    except yaml.YAMLError as exc:
        from .messages import explain_yaml

        mark = getattr(exc, "problem_mark", None)
        context_mark = getattr(exc, "context_mark", None)
        reason, line = explain_yaml(
            str(getattr(exc, "problem", None) or exc),
            text,
            mark.line + 1 if mark else None,
            str(getattr(exc, "context", None) or ""),
            context_mark.line + 1 if context_mark else None,
        )
        raise DataError.one(
            path, f"not valid YAML: {reason}" if not reason.startswith("not valid") else reason, line=line
        ) from None
    finally:
        loader.dispose()


def yaml_document(path: Path) -> tuple[Any, yaml.Node | None]:
    """A YAML file's data and its node tree (for line numbers), parsed once per content."""
    return cached("yaml", path, lambda: _parse_yaml(Path(path)))


def csv_text(path: Path, what: str = "CSV file") -> str:
    """A CSV file's text (UTF-8), parsed by the caller; counted as one parse."""

    def build() -> str:
        text = read_text(path, what)
        parse_counts[paths.relative(path)] += 1
        return text

    return cached("csv-text", path, build)


def csv_rows(path: Path) -> tuple[list[str], list[dict[str, str]]]:
    """A comma-separated file's header and rows (as dicts of strings), parsed once per content."""

    def build():
        reader = csv.DictReader(io.StringIO(csv_text(path), newline=""))
        rows = list(reader)
        return list(reader.fieldnames or []), rows

    return cached("csv", path, build)


def csv_frame(path: Path, **read_csv_kwargs):
    """A CSV file as a pandas DataFrame (a copy: callers may change it), parsed once per content and options."""
    import pandas as pd

    def build():
        return pd.read_csv(io.StringIO(csv_text(path)), **read_csv_kwargs)

    key = "frame:" + json.dumps(read_csv_kwargs, sort_keys=True, default=str)
    return cached(key, path, build).copy()


def json_document(path: Path) -> Any:
    """A JSON or GeoJSON file's data, parsed once per content."""

    def build():
        text = read_text(path, "JSON file")
        parse_counts[paths.relative(path)] += 1
        try:
            return json.loads(text)
        except json.JSONDecodeError as exc:
            if not text[exc.pos :].strip():  # the error is at the very end: the file stops half-way
                reason = (
                    "the file ends before its JSON is complete (cut short when copied or saved?): save it again whole"
                )
                raise DataError.one(path, f"not valid JSON: {reason}", line=exc.lineno) from None
            raise DataError.one(path, f"not valid JSON: {exc.msg}", line=exc.lineno) from None

    return cached("json", path, build)
