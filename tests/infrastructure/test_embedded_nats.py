"""The embedded NATS dies with the process that started it, even on SIGKILL, and one store folder
never gets two servers: a second starter, or a second `serve`, refuses in one line.

Every wait is on a condition (a pid gone, a file written) with a generous limit: a loaded machine
is slow, never wrong."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from services.infrastructure.bus.embedded import EmbeddedNats, EmbeddedNatsRunning

ROOT = Path(__file__).resolve().parents[2]
PATIENCE = 120.0  # seconds; generous for a machine busy with other work

PARENT = """
import sys, threading
from pathlib import Path
from services.infrastructure.bus.embedded import EmbeddedNats

started = []
start = lambda: started.append(EmbeddedNats(Path(sys.argv[1])).start())
if sys.argv[2] == "thread":  # the starting thread ends long before the process
    thread = threading.Thread(target=start)
    thread.start()
    thread.join()
else:
    start()
print(started[0].server_pid, started[0].port, flush=True)
sys.stdin.read()  # until the test closes our stdin, or kills us
"""


def until(condition: Callable[[], bool], what: str, seconds: float = PATIENCE) -> None:
    deadline = time.monotonic() + seconds
    while not condition():
        assert time.monotonic() < deadline, f"timed out after {seconds} s waiting for {what}"
        time.sleep(0.05)


def alive(pid: int) -> bool:
    """Running, not a zombie waiting to be reaped."""
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state != "Z"


def servers_on(folder: Path) -> list[int]:
    """The pids of the live nats-servers whose store is `folder`."""
    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            argv = (entry / "cmdline").read_bytes().split(b"\0")
        except OSError:
            continue
        serves = argv[0].endswith(b"nats-server") and str(folder).encode() in argv
        if serves and alive(int(entry.name)):
            found.append(int(entry.name))
    return found


def listens(port: int) -> bool:
    try:
        with socket.create_connection(("127.0.0.1", port), timeout=2):
            return True
    except OSError:
        return False


@pytest.fixture
def parents() -> Iterator[list[subprocess.Popen[str]]]:
    """The parent processes a test starts; killed afterwards whatever happened."""
    started: list[subprocess.Popen[str]] = []
    yield started
    for process in started:
        if process.poll() is None:
            process.kill()
        process.wait()
        for pipe in (process.stdin, process.stdout):
            if pipe:
                pipe.close()


def parent(folder: Path, where: str, parents: list[subprocess.Popen[str]]) -> tuple[int, int]:
    """Start a process that starts the embedded NATS on `folder`; (its nats-server's pid, port)."""
    process = subprocess.Popen(
        [sys.executable, "-c", PARENT, str(folder), where],
        cwd=ROOT,
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    parents.append(process)
    assert process.stdout is not None
    line = process.stdout.readline()  # blocks until it has started the server, or died
    assert line, f"the parent exited with {process.wait()} before starting the server"
    server, port = map(int, line.split())
    return server, port


@pytest.mark.parametrize("where", ["main", "thread"])
def test_the_server_dies_with_its_parent_even_on_sigkill(
    tmp_path: Path, where: str, parents: list[subprocess.Popen[str]]
) -> None:
    server, port = parent(tmp_path / "nats", where, parents)
    assert alive(server) and listens(port)  # it outlived the thread that started it
    parents[0].send_signal(signal.SIGKILL)
    parents[0].wait()
    until(lambda: not alive(server), f"nats-server {server} to die with its parent")
    assert servers_on(tmp_path / "nats") == []


def test_one_folder_never_gets_two_servers(tmp_path: Path, parents: list[subprocess.Popen[str]]) -> None:
    folder = tmp_path / "nats"
    server, port = parent(folder, "main", parents)
    with pytest.raises(EmbeddedNatsRunning, match=f"already runs .* at nats://127.0.0.1:{port} "):
        EmbeddedNats(folder).start()
    assert servers_on(folder) == [server]
    parents[0].send_signal(signal.SIGKILL)
    parents[0].wait()  # then at once a new starter: it waits for the dying server to free the lock
    with EmbeddedNats(folder) as successor:
        assert not alive(server)
        assert servers_on(folder) == [successor.server_pid]
        running = f"pid {successor.server_pid}, started by pid {os.getpid()}"
        with pytest.raises(EmbeddedNatsRunning, match=running):
            EmbeddedNats(folder).start()
        assert servers_on(folder) == [successor.server_pid]
    assert servers_on(folder) == []
    with EmbeddedNats(folder) as again:  # stopped cleanly, the folder is free at once
        assert listens(again.port)


def test_a_second_serve_refuses_in_one_line_and_a_killed_serve_takes_its_server_along(
    tmp_path: Path,
) -> None:
    env = {
        **os.environ,
        "MATCHMAKER_STORE": str(tmp_path / "store.db"),
        "MATCHMAKER_BROKER_URL": "",
        "MATCHMAKER_BUS_PREFIX": "",
    }
    serve = [sys.executable, "-m", "services.entrypoints.cli.main", "serve", "--no-read-models"]
    first = subprocess.Popen(serve, env=env, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        info = tmp_path / "nats" / "server.json"
        until(lambda: info.exists() and '"url": "nats' in info.read_text(), "the first serve's NATS")
        [server] = servers_on(tmp_path / "nats")
        second = subprocess.run(serve, env=env, cwd=ROOT, capture_output=True, text=True, timeout=PATIENCE)
        assert second.returncode == 1
        [line] = second.stderr.strip().splitlines()
        assert line.startswith("error: an embedded NATS already runs on") and f"pid {server}" in line, line
        assert servers_on(tmp_path / "nats") == [server]
        first.send_signal(signal.SIGKILL)
        first.wait()
        until(lambda: not alive(server), "the killed serve's nats-server to die")
    finally:
        if first.poll() is None:
            first.kill()
        first.wait()
