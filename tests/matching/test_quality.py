"""The real model on the labelled dev set: the quality targets of the matching issue, measured in one run.

The vectors are cached for the whole test run (see conftest.shared_vectors), so the first test
here embeds the dev set once (about a minute on two cores) and the rest reuse it.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from typer.testing import CliRunner

from matching.evaluation import components_for, evaluate, load_folder
from matching.matcher import Matcher
from services.application.shortlisting import dense_models
from services.entrypoints.cli.main import app
from services.infrastructure.data import data_file

DEV = data_file("eval-dev/qrels.tsv").parent


@pytest.fixture(scope="module")
def dev_results(tmp_path_factory: pytest.TempPathFactory) -> dict[str, dict[str, float]]:
    location = str(tmp_path_factory.mktemp("quality") / "store.db")
    return evaluate(components_for(load_folder(DEV), Matcher(dense_models(location, "e5"))))


def test_the_hybrid_meets_the_targets_on_the_dev_set(dev_results: dict[str, dict[str, float]]) -> None:
    hybrid, lexical, dense = dev_results["hybrid"], dev_results["lexical"], dev_results["dense"]
    assert hybrid["ndcg@10"] >= 0.72
    assert hybrid["ndcg@10"] >= lexical["ndcg@10"] + 0.05
    assert hybrid["ndcg@10"] >= dense["ndcg@10"] + 0.05
    assert hybrid["cross_lingual_recall@20"] >= 0.6


def test_evaluate_prints_one_json_object(tmp_path: Path, dev_results: dict[str, dict[str, float]]) -> None:
    result = CliRunner().invoke(app, ["--store", str(tmp_path / "s.db"), "evaluate", str(DEV), "--json"])
    assert result.exit_code == 0, result.output
    printed = json.loads(result.stdout)
    assert set(printed) == {"hybrid", "lexical", "dense"}
    assert set(printed["hybrid"]) == {"ndcg@10", "recall@20", "cross_lingual_recall@20"}
    assert printed == dev_results


def test_evaluate_works_on_any_such_folder(tmp_path: Path, dev_results: dict[str, dict[str, float]]) -> None:
    """Another folder: fewer challenges, other ids, a qrels file without header, sparse startup records."""
    folder = tmp_path / "other"
    folder.mkdir()
    startups = [json.loads(line) for line in (DEV / "startups.jsonl").read_text().splitlines()][:60]
    for record in startups[::3]:
        for optional in ("stage", "city", "founded", "team_size", "sectors"):
            record.pop(optional, None)
    (folder / "startups.jsonl").write_text(
        "\n".join(json.dumps({**s, "id": "x" + s["id"]}) for s in startups)
    )
    challenges = [json.loads(line) for line in (DEV / "challenges.jsonl").read_text().splitlines()][:3]
    (folder / "challenges.jsonl").write_text(
        "\n".join(json.dumps({**c, "id": "q" + c["id"]}) for c in challenges)
    )
    kept = {s["id"] for s in startups}
    lines = [line.split("\t") for line in (DEV / "qrels.tsv").read_text().splitlines()[1:]]
    (folder / "qrels.tsv").write_text(
        "\n".join(f"q{c}\tx{s}\t{g}" for c, s, g in lines if s in kept and c in {x["id"] for x in challenges})
    )
    result = CliRunner().invoke(app, ["--store", str(tmp_path / "s.db"), "evaluate", str(folder), "--json"])
    assert result.exit_code == 0, result.output
    printed = json.loads(result.stdout)
    assert 0.0 < printed["hybrid"]["ndcg@10"] <= 1.0


def test_a_folder_without_qrels_is_a_clear_error(tmp_path: Path) -> None:
    shutil.copy(DEV / "startups.jsonl", tmp_path / "startups.jsonl")
    result = CliRunner().invoke(app, ["--store", str(tmp_path / "s.db"), "evaluate", str(tmp_path)])
    assert result.exit_code == 1 and "has no challenges.jsonl" in result.output
