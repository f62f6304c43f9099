"""A SQLite record manager for LangChain's indexing API.

langchain-core ships only an in-memory record manager; the SQL one lives in the legacy
`langchain` package with SQLAlchemy. This is the same contract on the standard library, so
the record of what is indexed survives restarts and lives next to the index.
"""

from __future__ import annotations

import sqlite3
import threading
import time
from collections.abc import Sequence
from pathlib import Path

from langchain_core.indexing import RecordManager

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
"""


class SQLiteRecordManager(RecordManager):
    """Which chunk ids are indexed, for which source, and when they were last written."""

    def __init__(self, namespace: str, path: Path) -> None:
        super().__init__(namespace)
        path.parent.mkdir(parents=True, exist_ok=True)
        self._conn = sqlite3.connect(str(path), check_same_thread=False, isolation_level=None)
        self._conn.execute("PRAGMA journal_mode=WAL")
        self._lock = threading.Lock()
        self._last_time = 0.0
        self.create_schema()

    def create_schema(self) -> None:
        with self._lock:
            self._conn.executescript(_SCHEMA)

    async def acreate_schema(self) -> None:
        self.create_schema()

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
        with self._lock:
            self._conn.executemany(
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
        with self._lock:
            for start in range(0, len(keys), 500):
                batch = list(keys[start : start + 500])
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
        with self._lock:
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
        with self._lock:
            for start in range(0, len(keys), 500):
                batch = list(keys[start : start + 500])
                marks = ",".join("?" * len(batch))
                self._conn.execute(
                    f"DELETE FROM records WHERE namespace=? AND key IN ({marks})",
                    [self.namespace, *batch],
                )

    async def adelete_keys(self, keys: Sequence[str]) -> None:
        self.delete_keys(keys)

    def groups(self) -> list[str]:
        """Every source with at least one indexed chunk."""
        with self._lock:
            rows = self._conn.execute(
                "SELECT DISTINCT group_id FROM records WHERE namespace=? AND group_id IS NOT NULL",
                [self.namespace],
            )
            return [row[0] for row in rows]

    def version(self) -> tuple[int, float]:
        """Changes whenever a chunk is written or deleted: a cheap staleness check."""
        with self._lock:
            count, latest = self._conn.execute(
                "SELECT COUNT(*), COALESCE(MAX(updated_at), 0) FROM records WHERE namespace=?",
                [self.namespace],
            ).fetchone()
        return int(count), float(latest)

    def close(self) -> None:
        self._conn.close()
