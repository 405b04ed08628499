"""End to end with the real model: a challenge that names no sector still finds its startups.

Sector is evidence, not a gate (matching/sectors.py): the texts say which sectors a challenge is
about. A manager drafts the dev set's "Smart Waste Hunter" without a sector through the CLI,
imports a catalogue of its graded startups among others, and asks for a shortlist.
"""

from __future__ import annotations

import json
from pathlib import Path

from services.infrastructure.data import data_file
from tests.cli.test_cli import run

DEV = data_file("eval-dev/qrels.tsv").parent
CHALLENGE = "c01"
OTHERS = 40  # ungraded startups beside the graded ones


def test_a_challenge_without_a_sector_ranks_its_strong_fits_on_top(tmp_path: Path) -> None:
    grades = {}
    for line in (DEV / "qrels.tsv").read_text(encoding="utf-8").splitlines()[1:]:
        challenge, startup, grade = line.split("\t")
        if challenge == CHALLENGE:
            grades[startup] = int(grade)
    lines = (DEV / "startups.jsonl").read_text(encoding="utf-8").splitlines()
    startups = [json.loads(line) for line in lines]
    others = [s for s in startups if s["id"] not in grades][:OTHERS]
    pool = [s for s in startups if s["id"] in grades] + others
    catalogue = tmp_path / "catalogue.jsonl"
    catalogue.write_text("\n".join(json.dumps(s, ensure_ascii=False) for s in pool), encoding="utf-8")
    spec = next(
        json.loads(line)
        for line in (DEV / "challenges.jsonl").read_text(encoding="utf-8").splitlines()
        if json.loads(line)["id"] == CHALLENGE
    )
    store = tmp_path / "store.db"
    code, output = run(store, "import", "startups", str(catalogue))
    assert code == 0, output
    draft = ["challenge", "draft", spec["title"], "--owner", spec["owner"], "--ref", "sperrmuell"]
    draft += ["--description", spec["description"]]
    for capability in spec["required_capabilities"]:
        draft += ["--capability", capability]
    code, output = run(store, *draft)  # no --sector
    assert code == 0, output
    code, output = run(store, "challenge", "publish", "sperrmuell", "--deadline", "2099-12-31")
    assert code == 0, output
    code, output = run(store, "shortlist", "sperrmuell", "--top", "10")
    assert code == 0, output
    strong = [s["name"] for s in pool if grades.get(s["id"]) == 2]
    found = [name for name in strong if name in output]
    assert len(found) >= len(strong) - 1, (found, strong, output)
