"""The CLI from the shell, and `advisor serve`'s memory while it answers.

    .venv/bin/python -m benchmarks.cli DATA_DIR

`advisor ask` to the first byte of its answer and `advisor sources`, each against
`python -c "import advisor"` (the floor any command pays), warm caches, on an indexed
DATA_DIR. Memory: peak resident set (VmHWM) of `advisor serve` after it answered.
"""

from __future__ import annotations

import json
import os
import socket
import statistics
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

ADVISOR = str(Path(sys.executable).with_name("advisor"))
QUESTION = "How much does Intercom charge per resolution?"
REPEAT = 3
SERVE_READY_S = 300  # the server indexes nothing here, but loads both models
STOP_S = 30


def _first_byte(command: list[str], env: dict[str, str]) -> float:
    """Seconds from start to the first byte on stdout; the process then runs to its end."""
    start = time.perf_counter()
    process = subprocess.Popen(command, env=env, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)
    assert process.stdout is not None
    process.stdout.read(1)
    first = time.perf_counter() - start
    process.stdout.read()
    if process.wait() != 0:
        raise RuntimeError(f"{' '.join(command)} exited {process.returncode}")
    return first


def _median(command: list[str], env: dict[str, str]) -> float:
    return statistics.median(_first_byte(command, env) for _ in range(REPEAT))


def cli_start(data_dir: Path) -> dict[str, Any]:
    env = {**os.environ, "ADVISOR_DATA_DIR": str(data_dir)}
    floor = _median([sys.executable, "-c", "import advisor; print('x')"], env)
    ask = _median([ADVISOR, "ask", QUESTION], env)
    sources = _median([ADVISOR, "sources"], env)
    return {
        "import_s": floor,
        "ask_first_byte_s": ask,
        "sources_s": sources,
        "ask_ratio": round(ask / floor, 2),
        "sources_ratio": round(sources / floor, 2),
    }


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def serve_memory(data_dir: Path) -> dict[str, Any]:
    """Peak RSS of `advisor serve` after three chat answers through its API."""
    import httpx
    from gradio_client import Client

    port = _free_port()
    env = {**os.environ, "ADVISOR_DATA_DIR": str(data_dir)}
    process = subprocess.Popen(
        [ADVISOR, "serve", "--port", str(port)],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    url = f"http://127.0.0.1:{port}/"
    try:
        deadline = time.monotonic() + SERVE_READY_S
        while time.monotonic() < deadline:
            try:
                if httpx.get(url, timeout=2).status_code == 200:
                    break
            except httpx.HTTPError:
                time.sleep(1)
        chat = Client(url, verbose=False)
        for question in (QUESTION, "Why are AI gross margins lower?", "What is Cursor Pro?"):
            chat.predict(question, 5, 0.0, 64, api_name="/chat")
        status = Path(f"/proc/{process.pid}/status").read_text()
        peak_kb = int(next(ln for ln in status.splitlines() if ln.startswith("VmHWM")).split()[1])
    finally:
        process.terminate()
        try:
            process.wait(timeout=STOP_S)
        except subprocess.TimeoutExpired:  # a busy machine: uvicorn's graceful stop lags
            process.kill()
            process.wait()
    return {"peak_rss_mb": round(peak_kb / 1024, 1)}


def main() -> None:
    data_dir = Path(sys.argv[1])
    print(json.dumps({"cli": cli_start(data_dir), "serve": serve_memory(data_dir)}, indent=2))


if __name__ == "__main__":
    main()
