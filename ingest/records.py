"""A SQLite record manager for LangChain's indexing API.

langchain-core ships only an in-memory record manager; the SQL one lives in the legacy
`langchain` package with SQLAlchemy. This is the same contract on the standard library, so
the record of what is indexed survives restarts and lives next to the index.

Beyond the contract it keeps two things other processes rely on: a generation number bumped
in the same transaction as every change (readers compare it per query to see another
process's ingest or remove), and the sources whose write or removal has not finished (a
SIGKILL mid-way leaves them listed, and the next run completes or repairs them).
"""

from __future__ import annotations

import sqlite3
import threading
import time
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Literal

from langchain_core.indexing import RecordManager

from ingest.errors import IndexUnavailableError

PendingAction = Literal["write", "remove"]

_SCHEMA = """
CREATE TABLE IF NOT EXISTS records (
    namespace TEXT NOT NULL,
    key TEXT NOT NULL,
    group_id TEXT,
    updated_at REAL NOT NULL,
    PRIMARY KEY (namespace, key)
);
CREATE INDEX IF NOT EXISTS records_group ON records (namespace, group_id);
CREATE INDEX IF NOT EXISTS records_updated ON records (namespace, updated_at);
CREATE TABLE IF NOT EXISTS generation (namespace TEXT PRIMARY KEY, value INTEGER NOT NULL);
CREATE TABLE IF NOT EXISTS pending (
    namespace TEXT NOT NULL,
    group_id TEXT NOT NULL,
    action TEXT NOT NULL,
    PRIMARY KEY (namespace, group_id)
);
"""
_BATCH = 500  # keys per IN (...) query: well under SQLite's 999-parameter floor


def _connect(path: Path, read_only: bool) -> sqlite3.Connection:
    """A read-write connection, or a read-only one that never creates or changes a file."""
    if not read_only:
        path.parent.mkdir(parents=True, exist_ok=True)
        return sqlite3.connect(str(path), check_same_thread=False, isolation_level=None)
    if not path.exists():
        return sqlite3.connect(":memory:", check_same_thread=False, isolation_level=None)
    uri = path.resolve().as_uri()
    try:
        conn = sqlite3.connect(f"{uri}?mode=ro", uri=True, check_same_thread=False)
        conn.execute("SELECT COUNT(*) FROM sqlite_master").fetchone()
        return conn
    except sqlite3.OperationalError:
        # A WAL database in a folder we cannot write has no -shm file to share: read it as
        # an immutable snapshot instead.
        return sqlite3.connect(f"{uri}?mode=ro&immutable=1", uri=True, check_same_thread=False)


def _unusable(path: Path, exc: sqlite3.DatabaseError) -> IndexUnavailableError:
    return IndexUnavailableError(f"{path}: not a usable records database ({exc})")


class SQLiteRecordManager(RecordManager):
    """Which chunk ids are indexed, for which source, and when they were last written."""

    def __init__(self, namespace: str, path: Path, *, read_only: bool = False) -> None:
        super().__init__(namespace)
        self.path = path
        self.read_only = read_only
        self._lock = threading.Lock()
        self._last_time = 0.0
        self._own_changes = 0
        try:
            self._conn = _connect(path, read_only)
            if not read_only or not path.exists():
                self._conn.execute("PRAGMA journal_mode=WAL")
                self._conn.executescript(_SCHEMA)
            else:
                self._add_missing_tables_in_memory()
            self._conn.execute("SELECT COUNT(*) FROM records").fetchone()
        except sqlite3.DatabaseError as exc:
            raise _unusable(path, exc) from exc

    def _add_missing_tables_in_memory(self) -> None:
        """A read-only file from an older version lacks the newer tables: empty stand-ins."""
        names = {row[0] for row in self._conn.execute("SELECT name FROM sqlite_master")}
        if "generation" not in names:
            self._conn.execute("CREATE TEMP TABLE generation (namespace TEXT, value INTEGER)")
        if "pending" not in names:
            self._conn.execute(
                "CREATE TEMP TABLE pending (namespace TEXT, group_id TEXT, action TEXT)"
            )

    def create_schema(self) -> None:
        with self._lock, self._sql():
            self._conn.executescript(_SCHEMA)

    async def acreate_schema(self) -> None:
        self.create_schema()

    @contextmanager
    def _sql(self) -> Iterator[None]:
        """SQLite errors become one-line index errors naming the file."""
        try:
            yield
        except sqlite3.OperationalError as exc:
            if "readonly" in str(exc) or self.read_only:
                raise IndexUnavailableError(
                    f"{self.path}: read-only, cannot change the index"
                ) from exc
            raise IndexUnavailableError(f"{self.path}: {exc}") from exc
        except sqlite3.DatabaseError as exc:
            raise IndexUnavailableError(
                f"{self.path}: not a usable records database ({exc})"
            ) from exc

    @contextmanager
    def _change(self) -> Iterator[sqlite3.Connection]:
        """One transaction that also bumps the generation, so readers notice the change."""
        with self._lock, self._sql():
            self._conn.execute("BEGIN IMMEDIATE")
            try:
                yield self._conn
                self._conn.execute(
                    "INSERT INTO generation (namespace, value) VALUES (?, 1)"
                    " ON CONFLICT(namespace) DO UPDATE SET value = value + 1",
                    [self.namespace],
                )
                self._conn.execute("COMMIT")
            except BaseException:
                self._conn.execute("ROLLBACK")
                raise
            self._own_changes += 1

    def get_time(self) -> float:
        # Strictly increasing, so a key written now is never "older" than the run's start.
        with self._lock:
            now = max(time.time(), self._last_time + 1e-6)
            self._last_time = now
            return now

    async def aget_time(self) -> float:
        return self.get_time()

    def update(
        self,
        keys: Sequence[str],
        *,
        group_ids: Sequence[str | None] | None = None,
        time_at_least: float | None = None,
    ) -> None:
        if group_ids is None:
            group_ids = [None] * len(keys)
        if len(group_ids) != len(keys):
            raise ValueError("keys and group_ids must have the same length")
        now = self.get_time()
        if time_at_least is not None and now < time_at_least:
            raise ValueError(f"clock went backwards: {now} < {time_at_least}")
        rows = [(self.namespace, k, g, now) for k, g in zip(keys, group_ids, strict=True)]
        with self._change() as conn:
            conn.executemany(
                "INSERT INTO records (namespace, key, group_id, updated_at) VALUES (?, ?, ?, ?)"
                " ON CONFLICT(namespace, key) DO UPDATE SET group_id=excluded.group_id,"
                " updated_at=excluded.updated_at",
                rows,
            )

    async def aupdate(
        self,
        keys: Sequence[str],
        *,
        group_ids: Sequence[str | None] | None = None,
        time_at_least: float | None = None,
    ) -> None:
        self.update(keys, group_ids=group_ids, time_at_least=time_at_least)

    def exists(self, keys: Sequence[str]) -> list[bool]:
        found: set[str] = set()
        with self._lock, self._sql():
            for start in range(0, len(keys), _BATCH):
                batch = list(keys[start : start + _BATCH])
                marks = ",".join("?" * len(batch))
                found.update(
                    row[0]
                    for row in self._conn.execute(
                        f"SELECT key FROM records WHERE namespace=? AND key IN ({marks})",
                        [self.namespace, *batch],
                    )
                )
        return [k in found for k in keys]

    async def aexists(self, keys: Sequence[str]) -> list[bool]:
        return self.exists(keys)

    def list_keys(
        self,
        *,
        before: float | None = None,
        after: float | None = None,
        group_ids: Sequence[str] | None = None,
        limit: int | None = None,
    ) -> list[str]:
        query = "SELECT key FROM records WHERE namespace=?"
        params: list[object] = [self.namespace]
        if before is not None:
            query += " AND updated_at < ?"
            params.append(before)
        if after is not None:
            query += " AND updated_at > ?"
            params.append(after)
        if group_ids is not None:
            query += f" AND group_id IN ({','.join('?' * len(group_ids))})"
            params.extend(group_ids)
        if limit is not None:
            query += " LIMIT ?"
            params.append(limit)
        with self._lock, self._sql():
            return [row[0] for row in self._conn.execute(query, params)]

    async def alist_keys(
        self,
        *,
        before: float | None = None,
        after: float | None = None,
        group_ids: Sequence[str] | None = None,
        limit: int | None = None,
    ) -> list[str]:
        return self.list_keys(before=before, after=after, group_ids=group_ids, limit=limit)

    def delete_keys(self, keys: Sequence[str]) -> None:
        with self._change() as conn:
            for start in range(0, len(keys), _BATCH):
                batch = list(keys[start : start + _BATCH])
                marks = ",".join("?" * len(batch))
                conn.execute(
                    f"DELETE FROM records WHERE namespace=? AND key IN ({marks})",
                    [self.namespace, *batch],
                )

    async def adelete_keys(self, keys: Sequence[str]) -> None:
        self.delete_keys(keys)

    def groups(self) -> list[str]:
        """Every source with at least one indexed chunk."""
        with self._lock, self._sql():
            rows = self._conn.execute(
                "SELECT DISTINCT group_id FROM records WHERE namespace=? AND group_id IS NOT NULL",
                [self.namespace],
            )
            return [row[0] for row in rows]

    def version(self) -> int:
        """Bumped by every write or deletion, from any process: a one-row staleness check."""
        return self.stamp()[0]

    def stamp(self) -> tuple[int, int]:
        """The generation and how many of its bumps this manager made, read together, so a
        reader can tell its own process's changes from another's."""
        with self._lock, self._sql():
            row = self._conn.execute(
                "SELECT value FROM generation WHERE namespace=?", [self.namespace]
            ).fetchone()
            return (int(row[0]) if row else 0), self._own_changes

    def mark_pending(self, group_id: str, action: PendingAction) -> None:
        """Note, before touching the vectors, that `group_id` is being written or removed."""
        with self._lock, self._sql():
            self._conn.execute(
                "INSERT INTO pending (namespace, group_id, action) VALUES (?, ?, ?)"
                " ON CONFLICT(namespace, group_id) DO UPDATE SET action=excluded.action",
                [self.namespace, group_id, action],
            )

    def clear_pending(self, group_id: str) -> None:
        with self._lock, self._sql():
            self._conn.execute(
                "DELETE FROM pending WHERE namespace=? AND group_id=?", [self.namespace, group_id]
            )

    def pending(self) -> dict[str, PendingAction]:
        """Sources whose write or removal was interrupted, with what was being done."""
        with self._lock, self._sql():
            rows = self._conn.execute(
                "SELECT group_id, action FROM pending WHERE namespace=?", [self.namespace]
            )
            return {row[0]: row[1] for row in rows}

    def close(self) -> None:
        self._conn.close()
