"""The HTTP API under load: 50 clients requesting shortlists and deciding on their candidates.

A programme of a few published challenges and a few hundred startups (texts of the real
catalogues) is recorded, every profile embedded once (vectors kept in var/benchmark.vectors.db
for later runs), then `matchmaker api` serves it on a loopback port as a subprocess. For
`--seconds` (default 60) `--clients` (default 50) asyncio clients each loop: one in ten requests
a ranked shortlist (top 10) of a random challenge, the others accept or reject a random
candidate of a recent shortlist (each with its own reason, so every accepted request records
one event; clients race on the same shortlists, and the service layer re-applies decisions that
lose). Afterwards the events in the store are counted: Shortlist-produced plus decision events
must equal the 2xx writes, and errors must be 0.

Baselines in the same run: the latency of GET /health on the same server (HTTP and the server
alone), and the same operations called in process through the service layer, without HTTP.

    python -m benchmarks api-load            # or: python -m benchmarks.api_load --seconds 60 --clients 50
"""

from __future__ import annotations

import argparse
import asyncio
import os
import random
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from collections import defaultdict
from datetime import date
from pathlib import Path
from typing import Any

import httpx

from benchmarks.runner import Figure, benchmark
from benchmarks.workload import _texts
from domain import Actor, Challenge, Programme, Shortlist, Startup, When
from services.application.commands import AcceptCandidate, RejectCandidate, handle
from services.application.readmodels import embed_new_profiles
from services.application.shortlisting import Request, request_shortlist
from services.infrastructure.store import Store

SECONDS = float(os.environ.get("MATCHMAKER_BENCH_API_SECONDS") or 60)
CLIENTS = int(os.environ.get("MATCHMAKER_BENCH_API_CLIENTS") or 50)
STARTUPS = 300
CHALLENGES = 4
KEY = "benchmark-manager-key"
MANAGER = Actor("Benchmark", "manager")
SECTORS = ["waste", "energy", "mobility", "buildings"]
DECISION_EVENTS = (
    Shortlist.Produced.TOPIC,
    Shortlist.CandidateAccepted.TOPIC,
    Shortlist.CandidateRejected.TOPIC,
)


def seed(store: Store, startups: int = STARTUPS) -> list[str]:
    """A programme with published challenges and startups; returns the challenges' refs."""
    texts = _texts()
    start = When(date(2024, 1, 2))
    programme = Programme.launch(
        ref="load",
        name="Load",
        city="Herne",
        partners=["Gründerallianz Ruhr"],
        starts_on=start.on,
        by=MANAGER,
        when=start,
    )
    pool = [
        Startup.register(
            ref=f"load-startup-{n}",
            profile={
                "name": f"Load Startup {n}",
                "description": texts[n % len(texts)]["description"],
                "capabilities": texts[n % len(texts)]["capabilities"][:6],
                "sectors": [SECTORS[n % len(SECTORS)]],
                "languages": [texts[n % len(texts)]["language"]],
                "city": "Bochum",
            },
            by=MANAGER,
            when=start,
        )
        for n in range(startups)
    ]
    challenges = []
    for n in range(CHALLENGES):
        challenge = Challenge.draft(
            ref=f"load-challenge-{n}",
            programme_id=programme.id,
            details={
                "title": f"Load challenge {n}",
                "owner": "Stadt Herne",
                "sector": SECTORS[n],
                "description": texts[(7 * n + 3) % len(texts)]["description"],
                "required_capabilities": texts[(7 * n + 3) % len(texts)]["capabilities"][:3] or ["x"],
            },
            by=MANAGER,
            when=start,
        )
        challenge.publish(date(2099, 1, 1), by=MANAGER, when=start)
        challenges.append(challenge)
    store.save(programme, *pool, *challenges)
    return [c.ref for c in challenges]


def in_process(store: Store, refs: list[str], samples: int = 6) -> dict[str, list[float]]:
    """The same operations through the service layer, no HTTP (the pool embedded first, as the
    import command does)."""
    times: dict[str, list[float]] = defaultdict(list)
    embed_new_profiles(store)
    request_shortlist(store, refs[0], Request(top=10), by=MANAGER)  # load the index and the vectors
    for n in range(samples):
        started = time.perf_counter()
        shortlist, _ = request_shortlist(store, refs[n % len(refs)], Request(top=10), by=MANAGER)
        times["shortlist"].append(time.perf_counter() - started)
        for i, candidate in enumerate(shortlist.candidates[:4]):
            verb = "accept" if i % 2 else "reject"
            started = time.perf_counter()
            decide = AcceptCandidate if verb == "accept" else RejectCandidate
            handle(store, decide(shortlist.ref, str(candidate.startup_id), f"in process {n}.{i}"), by=MANAGER)
            times[verb].append(time.perf_counter() - started)
    return times


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def serve(location: str, port: int, env: dict[str, str]) -> subprocess.Popen[bytes]:
    matchmaker = Path(sys.executable).with_name("matchmaker")
    server = subprocess.Popen(
        [str(matchmaker), "--store", location, "api", "--port", str(port)],
        env={**os.environ, **env, "MATCHMAKER_API_KEYS": f"{KEY}=manager:Benchmark"},
        stdout=subprocess.DEVNULL,
    )
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            if httpx.get(f"http://127.0.0.1:{port}/health", timeout=1).status_code == 200:
                return server
        except httpx.HTTPError:
            time.sleep(0.2)
    server.kill()
    raise RuntimeError("the API did not come up within 60 s")


async def health_latencies(url: str, samples: int = 300) -> list[float]:
    async with httpx.AsyncClient(base_url=url) as client:
        results = []
        for _ in range(samples):
            started = time.perf_counter()
            (await client.get("/health")).raise_for_status()
            results.append(time.perf_counter() - started)
        return results


class Load:
    """The clients' shared state: latencies per operation, errors, 2xx writes, known shortlists."""

    def __init__(self, refs: list[str]) -> None:
        self.refs = refs
        self.latencies: dict[str, list[float]] = defaultdict(list)
        self.errors: dict[str, int] = defaultdict(int)
        self.writes = 0
        self.shortlists: list[tuple[str, int, list[str]]] = []
        self.counter = 0

    async def client(self, http: httpx.AsyncClient, until: float, rng: random.Random) -> None:
        while time.monotonic() < until:
            if not self.shortlists or rng.random() < 0.1:
                challenge = rng.choice(self.refs)
                await self.call(http, "shortlist", f"/challenges/{challenge}/shortlists", {"top": 10})
                continue
            challenge, number, candidates = rng.choice(self.shortlists[-8:])  # recent ones: races
            verb = rng.choice(("accept", "reject"))
            self.counter += 1
            body = {"startup": rng.choice(candidates), "reason": f"{verb} #{self.counter}"}
            await self.call(http, verb, f"/challenges/{challenge}/shortlists/{number}/{verb}", body)

    async def call(self, http: httpx.AsyncClient, operation: str, path: str, body: dict[str, Any]) -> None:
        started = time.perf_counter()
        try:
            response = await http.post(path, json=body)
        except httpx.HTTPError as error:
            self.errors[f"{operation}: {type(error).__name__}"] += 1
            return
        self.latencies[operation].append(time.perf_counter() - started)
        if not response.is_success:
            self.errors[f"{operation}: {response.status_code} {response.text[:120]}"] += 1
            return
        self.writes += 1
        if operation == "shortlist":
            view = response.json()
            ref = view["challenge"].removeprefix("challenge/")
            self.shortlists.append((ref, view["number"], [c["startup_id"] for c in view["candidates"]]))


async def run_load(url: str, refs: list[str], seconds: float, clients: int) -> Load:
    load = Load(refs)
    until = time.monotonic() + seconds
    limits = httpx.Limits(max_connections=clients, max_keepalive_connections=clients)
    async with httpx.AsyncClient(
        base_url=url, headers={"Authorization": f"Bearer {KEY}"}, timeout=300, limits=limits
    ) as http:
        await asyncio.gather(*(load.client(http, until, random.Random(n)) for n in range(clients)))
    return load


def recorded_since(store: Store, position: int) -> int:
    count, start = 0, position + 1
    while page := store.recorder.select_notifications(start=start, limit=1000, topics=list(DECISION_EVENTS)):
        count += len(page)
        start = page[-1].id + 1
    return count


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))] if ordered else float("nan")


@benchmark("api-load", "HTTP API: 50 clients requesting shortlists and deciding for 60 s, events counted")
def api_load(scale: int, seconds: float = SECONDS, clients: int = CLIENTS) -> list[Figure]:
    vectors = os.environ.get("MATCHMAKER_VECTORS") or str(Path("var/benchmark.vectors.db").resolve())
    Path(vectors).parent.mkdir(parents=True, exist_ok=True)
    os.environ["MATCHMAKER_VECTORS"] = vectors
    with tempfile.TemporaryDirectory() as folder:
        location = str(Path(folder) / "store.db")
        store = Store(location)
        refs = seed(store, STARTUPS * scale)
        print(
            f"  seeded {STARTUPS * scale} startups and {len(refs)} challenges; "
            "embedding and ranking in process"
        )
        direct = in_process(store, refs)
        port = free_port()
        server = serve(location, port, {"MATCHMAKER_VECTORS": vectors})
        url = f"http://127.0.0.1:{port}"
        try:
            health = asyncio.run(health_latencies(url))
            position = store.recorder.max_notification_id() or 0
            print(f"  {clients} clients for {seconds:.0f} s on {url}")
            load = asyncio.run(run_load(url, refs, seconds, clients))
        finally:
            server.terminate()
            server.wait(timeout=30)
        recorded = recorded_since(store, position)
        store.close()
    requests = sum(len(v) for v in load.latencies.values()) + sum(load.errors.values())
    print(
        f"  requests {requests} ({requests / seconds:.1f}/s), 2xx writes {load.writes}, "
        f"errors {sum(load.errors.values())}"
    )
    for error, count in sorted(load.errors.items()):
        print(f"    error ×{count}: {error}")
    print(
        f"  events recorded (Shortlist.Produced + decisions): {recorded}; 2xx writes: {load.writes}; "
        f"{'equal' if recorded == load.writes else 'DIFFERENT'}"
    )
    print(f"  GET /health p50 {statistics.median(health) * 1000:.1f} ms")
    figures = []
    for operation, values in sorted(load.latencies.items()):
        p50, p95 = statistics.median(values), percentile(values, 0.95)
        baseline = statistics.median(direct[operation])
        print(
            f"  {operation}: {len(values)} requests, p50 {p50 * 1000:.0f} ms, p95 {p95 * 1000:.0f} ms; "
            f"in process p50 {baseline * 1000:.0f} ms"
        )
        figures += [
            Figure(
                f"{operation} p50 over HTTP under load",
                p50 * 1000,
                f"{operation} in process, alone",
                baseline * 1000,
                "ms",
                higher_is_better=False,
            ),
            Figure(
                f"{operation} p95 over HTTP under load",
                p95 * 1000,
                "GET /health p50",
                statistics.median(health) * 1000,
                "ms",
                higher_is_better=False,
                limit=1000.0 if operation == "shortlist" else None,
            ),
        ]
    figures += [
        Figure(
            "API errors under load",
            sum(load.errors.values()),
            "no errors",
            0,
            "errors",
            higher_is_better=False,
        ),
        Figure(
            "events recorded per 2xx write", recorded, "2xx writes", load.writes, "events", target_ratio=1.0
        ),
    ]
    return figures


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument(
        "--seconds", type=float, default=SECONDS, help="how long the clients run (default 60)"
    )
    parser.add_argument("--clients", type=int, default=CLIENTS, help="concurrent clients (default 50)")
    parser.add_argument("--scale", type=int, default=1, help=f"multiply the {STARTUPS} startups")
    args = parser.parse_args()
    figures = api_load(args.scale, args.seconds, args.clients)
    return 0 if all(f.meets_target is not False for f in figures) and figures[-2].value == 0 else 1


if __name__ == "__main__":
    sys.exit(main())
