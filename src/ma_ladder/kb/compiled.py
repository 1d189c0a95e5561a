"""The compiled knowledge base: a stored copy of what :func:`~ma_ladder.kb.builder.build` returns.

Building from YAML validates about 150 files (most of a second); reading the compiled copy takes
milliseconds and imports neither YAML nor pydantic. A compiled copy is used only when its key
matches, and the key changes with:

- the bytes of every file under ``knowledge/`` (a content hash, so an edit that keeps a file's size
  and modification time is still seen);
- the source of the code that builds and checks it (the record types, the builder, the validation
  and cross-checks, this module);
- the versions of Python and msgspec, which define how the objects are stored. pydantic and PyYAML
  decide only whether the YAML is accepted; the package pins them, and changing either means a new
  install, whose files the key covers. A wheel's shipped copy is keyed to the Python it was built
  with; on another Python it misses and is rebuilt once into the user's cache.

The key is the file name, so two installs (or two versions of the data) never overwrite or delete
each other's copies. Copies are looked for in the package itself (a built wheel ships one) and in the
user's cache folder. The format is pickle, read by an unpickler that can only build this package's
record types and dates (:class:`_RecordsOnly`), and only from a file that no other user can write.
"""

from __future__ import annotations

import io
import os
import pickle
import sys
import time
from datetime import date
from typing import Any

import msgspec

from .base import KnowledgeBase

try:  # the interpreter's own SHA-256 loads in microseconds; hashlib loads OpenSSL first (about 4 ms here)
    from _sha256 import sha256  # type: ignore[import-not-found]
except ImportError:  # pragma: no cover - other Python builds
    from hashlib import sha256

PACKAGE = os.path.dirname(os.path.abspath(__file__))
KNOWLEDGE = os.path.join(os.path.dirname(PACKAGE), "knowledge")
SHIPPED = os.path.join(PACKAGE, "compiled")
SHAPE_CODE = (
    "base.py",
    "builder.py",
    "compiled.py",
    "crosscheck.py",
    "sources.py",
    "validate.py",
    "yamlfile.py",
    "schema",
    "../errors.py",
)
FORMAT = "1"


def _files(root: str, code: str) -> list[tuple[str, str]]:
    """(label, path) of every file the key covers: all knowledge files, and the code that shapes the records."""
    out: list[tuple[str, str]] = []
    for label, top in [("data", root), *(("code", os.path.join(code, n)) for n in SHAPE_CODE)]:
        if os.path.isfile(top):
            out.append((f"{label}/{os.path.basename(top)}", top))
            continue
        for folder, dirs, names in os.walk(top):
            dirs[:] = sorted(d for d in dirs if d != "__pycache__")
            rel = os.path.relpath(folder, top if label == "data" else code)
            for name in sorted(names):
                if label == "data" or name.endswith(".py"):
                    out.append((f"{label}/{rel}/{name}", os.path.join(folder, name)))
    return out


def key(root: str = KNOWLEDGE, code: str = PACKAGE, places: list[str] | None = None) -> str:
    """A hash of the knowledge files' content, the code that shapes the compiled form, and library versions.

    Hashing 2 MB of files on every start would cost more than the rest of a call, so each file's
    digest is remembered beside the compiled copies, with the file's size, modification time, change
    time and inode. The change time (ctime) cannot be set by ``cp -p``, ``rsync -t`` or ``tar``: any
    write moves it, so an edit that keeps size and mtime still re-hashes the file. A file changed in
    the last two seconds is never remembered (its ctime could repeat within the clock's resolution),
    so it is hashed again on the next call. Git's index works the same way.
    """
    places = folders(root) if places is None else places
    memo = _read_memo(places, root)
    h = sha256(f"{FORMAT}\0{sys.version_info[:2]}\0{msgspec.__version__}\0".encode())
    seen: dict[str, tuple[int, int, int, int, str]] = {}
    changed = False
    for label, path in _files(root, code):
        st = os.stat(path)
        sig = (st.st_size, st.st_mtime_ns, st.st_ctime_ns, st.st_ino)
        old = memo.get(label)
        if old is not None and old[:4] == sig:
            digest = old[4]
        else:
            with open(path, "rb") as fh:
                digest = sha256(fh.read()).hexdigest()
            changed = True
        seen[label] = (*sig, digest)
        h.update(f"{label}\0{digest}\n".encode())
    if changed or len(seen) != len(memo):
        _write_memo(places, root, seen)
    return str(h.hexdigest())


def _memo_name(root: str) -> str:
    return f"digests-{sha256(os.path.realpath(root).encode()).hexdigest()[:16]}.tsv"


def _read_memo(places: list[str], root: str) -> dict[str, tuple[int, int, int, int, str]]:
    """The remembered digests for ``root`` (empty where none is stored or trusted)."""
    for folder in places:
        path = os.path.join(folder, _memo_name(root))
        try:
            if not _trusted(path):
                continue
            with open(path, encoding="utf-8") as fh:
                text = fh.read()
        except OSError:
            continue
        memo = {}
        try:
            for row in text.splitlines():
                label, size, mtime, ctime, ino, digest = row.split("\t")
                memo[label] = (int(size), int(mtime), int(ctime), int(ino), digest)
        except ValueError:  # a damaged memo is ignored: every file is hashed again and the memo rewritten
            return {}
        return memo
    return {}


def _write_memo(places: list[str], root: str, seen: dict[str, tuple[int, int, int, int, str]]) -> None:
    settled = time.time_ns() - 2_000_000_000
    rows = "".join(
        f"{label}\t{size}\t{mtime}\t{ctime}\t{ino}\t{digest}\n"
        for label, (size, mtime, ctime, ino, digest) in seen.items()
        if ctime < settled
    )
    _store(places, _memo_name(root), rows.encode())


def cache_dir() -> str:
    """The user's cache folder for compiled copies: ``ma-ladder`` inside ``MA_LADDER_CACHE``, else inside
    ``XDG_CACHE_HOME``, else inside ``~/.cache``."""
    base = os.environ.get("MA_LADDER_CACHE") or os.environ.get("XDG_CACHE_HOME")
    return os.path.join(base or os.path.join(os.path.expanduser("~"), ".cache"), "ma-ladder")


def folders(root: str = KNOWLEDGE) -> list[str]:
    """Where compiled copies live: the package's own folder (for its own knowledge only), then the cache."""
    return [SHIPPED, cache_dir()] if root == KNOWLEDGE else [cache_dir()]


def _trusted(path: str) -> bool:
    """Owned by this user (or root), and neither it nor its folder writable by anyone else."""
    return _private(path) and _private(os.path.dirname(path))


def _private(path: str) -> bool:
    """Owned by this user (or root) and not writable by group or others."""
    st = os.stat(path)
    uid = os.geteuid() if hasattr(os, "geteuid") else None
    return (uid is None or st.st_uid in (uid, 0)) and not st.st_mode & 0o022


class _RecordsOnly(pickle.Unpickler):
    """An unpickler that can build only this package's knowledge records and dates, nothing else."""

    def find_class(self, module: str, name: str) -> type:
        if module == "datetime" and name == "date":
            return date
        if module.startswith("ma_ladder.kb."):
            obj = getattr(sys.modules.get(module), name, None)
            if isinstance(obj, type) and issubclass(obj, msgspec.Struct):
                return obj
        raise pickle.UnpicklingError(f"the compiled knowledge base names {module}.{name}, which it may not")


def read(k: str, places: list[str]) -> KnowledgeBase | None:
    """The compiled knowledge base with key ``k``, from the first trusted folder that has it."""
    import gc

    for path in (os.path.join(folder, f"kb-{k}.pickle") for folder in places):
        try:
            if not _trusted(path):
                continue
            with open(path, "rb") as fh:
                data = fh.read()
        except OSError:
            continue
        gc.disable()  # thousands of small objects: no collection can free any of them mid-load
        try:
            kb = _RecordsOnly(io.BytesIO(data)).load()
        except Exception:  # a damaged or foreign file is ignored and rebuilt
            continue
        finally:
            gc.enable()
        if isinstance(kb, KnowledgeBase):
            return kb
    return None


def _shared(obj: Any, pool: dict[Any, Any]) -> Any:
    """The same records with every equal string and date made one object, so each is stored once."""
    if isinstance(obj, str | date):
        return pool.setdefault(obj, obj)
    if isinstance(obj, msgspec.Struct):
        return type(obj)(*(_shared(getattr(obj, f), pool) for f in obj.__struct_fields__))
    if isinstance(obj, list):
        return [_shared(v, pool) for v in obj]
    if isinstance(obj, dict):
        return {_shared(k, pool): _shared(v, pool) for k, v in obj.items()}
    return obj


def write(kb: KnowledgeBase, k: str, places: list[str]) -> str | None:
    """Store a compiled copy in the first folder that takes it; best effort (None where none does)."""
    return _store(places, f"kb-{k}.pickle", pickle.dumps(_shared(kb, {}), protocol=pickle.HIGHEST_PROTOCOL))


def _store(places: list[str], name: str, blob: bytes) -> str | None:
    """Write a file atomically (a temporary file, then a rename) into the first folder that takes it."""
    for folder in places:
        try:
            os.makedirs(folder, mode=0o755, exist_ok=True)
            if not _private(folder):
                continue  # a copy here would never be read back (see _trusted): try the next folder
            tmp = os.path.join(folder, f".{name}.{os.getpid()}.tmp")
            fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o644)
            with os.fdopen(fd, "wb") as fh:
                fh.write(blob)
            os.replace(tmp, os.path.join(folder, name))
            return os.path.join(folder, name)
        except OSError:
            continue
    return None
