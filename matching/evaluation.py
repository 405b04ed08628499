"""Ranking quality on a labelled folder laid out like ../shared/eval/dev.

The folder holds `startups.jsonl`, `challenges.jsonl` and `qrels.tsv` (challenge id, startup id,
grade; grades 1 and 2, an unlisted pair is 0). Three rankers are compared on the same components
in one run: the hybrid (tuned fusion), lexical only and dense only, overall and over the
challenge–startup pairs across languages.
"""

from __future__ import annotations

import itertools
import json
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

import numpy as np

from matching.fusion import DEFAULT_WEIGHTS, Weights, fuse
from matching.matcher import Matcher
from matching.metrics import mean, ndcg_at, recall_at
from matching.profiles import ChallengeSpec, Profile
from matching.variants import variant_of

RANKERS: dict[str, Weights] = {
    "hybrid": DEFAULT_WEIGHTS,
    "lexical": Weights(dense=0.0, lexical=1.0, sector=0.0, neighbours=0.0),
    "dense": Weights(dense=1.0, lexical=0.0, sector=0.0, neighbours=0.0),
}
TUNING_GRID = {
    "lexical": (0.0, 0.25, 0.5, 0.75, 1.0),
    "sector": (0.0, 0.5, 1.0, 1.5, 2.0),
    "neighbours": (0.0, 0.25, 0.5, 0.75, 1.0),
    "capabilities": (0.0, 0.25, 0.5),
    "region": (0.0, 0.25, 0.5),
    "stage": (0.0, 0.25),
}


@dataclass
class Folder:
    challenges: list[ChallengeSpec]
    startups: list[Profile]
    grades: dict[str, dict[str, int]]


def load_folder(path: Path) -> Folder:
    """Read a labelled folder; a missing file or a malformed line is reported with its place."""
    files = {name: path / name for name in ("startups.jsonl", "challenges.jsonl", "qrels.tsv")}
    for name, file in files.items():
        if not file.is_file():
            raise FileNotFoundError(f"{path} has no {name}: an evaluation folder needs {', '.join(files)}")
    startups = [Profile.from_record(r) for r in _json_lines(files["startups.jsonl"])]
    challenges = [ChallengeSpec.from_record(r) for r in _json_lines(files["challenges.jsonl"])]
    grades: dict[str, dict[str, int]] = {}
    for line in files["qrels.tsv"].read_text(encoding="utf-8").splitlines():
        parts = line.strip().split("\t") if "\t" in line else line.split()
        if len(parts) < 3 or not parts[2].lstrip("-").isdigit():
            continue  # the header, or a blank line
        grades.setdefault(parts[0], {})[parts[1]] = int(parts[2])
    return Folder(challenges, startups, grades)


def _json_lines(path: Path) -> list[dict[str, Any]]:
    records = []
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if line.strip():
            try:
                records.append(json.loads(line))
            except json.JSONDecodeError as error:
                raise ValueError(f"{path.name} line {number}: not valid JSON ({error.msg})") from None
    return records


@dataclass
class ComponentTable:
    """Components of every startup for every challenge of a folder: computed once, ranked many ways."""

    folder: Folder
    components: list[dict[str, np.ndarray]]
    vectors: list[np.ndarray] = field(default_factory=list)  # the pool's profile vectors, per challenge

    def scores(self, challenge_index: int, weights: Weights) -> np.ndarray:
        return fuse(self.components[challenge_index], weights)

    def per_challenge(self, weights: Weights) -> list[tuple[float, float | None, float | None]]:
        """(nDCG@10, recall@20, cross-language recall@20) for each challenge."""
        ids = [s.id for s in self.folder.startups]
        language = {s.id: s.language for s in self.folder.startups}
        results = []
        for i, challenge in enumerate(self.folder.challenges):
            grades = self.folder.grades.get(challenge.id, {})
            order = np.argsort(-self.scores(i, weights), kind="stable")
            ranking = [ids[j] for j in order]
            relevant = [s for s, g in grades.items() if g >= 1]
            across = [s for s in relevant if language.get(s) != challenge.language]
            results.append(
                (
                    ndcg_at(ranking, grades, 10),
                    recall_at(ranking, relevant, 20),
                    recall_at(ranking, across, 20),
                )
            )
        return results

    def summary(self, weights: Weights, challenges: list[int] | None = None) -> dict[str, float]:
        rows = self.per_challenge(weights)
        if challenges is not None:
            rows = [rows[i] for i in challenges]
        return {
            "ndcg@10": round(mean([r[0] for r in rows]), 4),
            "recall@20": round(mean([r[1] for r in rows]), 4),
            "cross_lingual_recall@20": round(mean([r[2] for r in rows]), 4),
        }


def components_for(
    folder: Folder,
    matcher: Matcher,
    progress: Callable[[int], None] | None = None,
    variant: str = "clean",
) -> ComponentTable:
    """Every component for every pair, the challenges rewritten as `variant` says (variants.py)."""
    folder = replace(folder, challenges=[variant_of(c, variant) for c in folder.challenges])
    scores = [matcher.score(c, folder.startups, progress) for c in folder.challenges]
    return ComponentTable(folder, [s.components for s in scores], [s.profile_vectors for s in scores])


def evaluate(table: ComponentTable, rankers: dict[str, Weights] = RANKERS) -> dict[str, dict[str, float]]:
    return {name: table.summary(weights) for name, weights in rankers.items()}


def tune(
    tables: ComponentTable | Sequence[ComponentTable], grid: dict[str, tuple[float, ...]] = TUNING_GRID
) -> dict[str, Any]:
    """Grid search of fusion weights (dense fixed at 1), judged by leave-one-challenge-out over
    every variant together (a folder's challenges as labelled, without a sector, …).

    For each held-out challenge the weights best on the other challenges, over all the variants
    given (by mean nDCG@10 + recall@20), rank all its variants; the mean over held-out challenges
    estimates how the choice generalises. Tuned on the clean variant alone, the stated sector
    looks like the best evidence there is; over the variants it is weighed as it deserves.
    """
    tables = [tables] if isinstance(tables, ComponentTable) else list(tables)
    names = list(grid)
    candidates = [
        replace(DEFAULT_WEIGHTS, **dict(zip(names, values, strict=True)))
        for values in itertools.product(*grid.values())
    ]
    results = [[t.per_challenge(w) for t in tables] for w in candidates]  # candidate × table × challenge
    per = np.array([[[r[0] + (r[1] or 0.0) for r in rows] for rows in by_table] for by_table in results])
    per = per.mean(axis=1)  # candidate × challenge, over the variants
    best_all = candidates[int(per.mean(axis=1).argmax())]
    n = per.shape[1]
    held_out: list[list[tuple[float, float | None, float | None]]] = [[] for _ in tables]
    chosen = []
    for i in range(n):
        others = [j for j in range(n) if j != i]
        pick = int(per[:, others].mean(axis=1).argmax())
        chosen.append(candidates[pick])
        for t in range(len(tables)):
            held_out[t].append(results[pick][t][i])
    return {
        "best_on_all": best_all.as_dict(),
        "best_on_all_scores": [t.summary(best_all) for t in tables],
        "leave_one_out": [
            {
                "ndcg@10": round(mean([r[0] for r in rows]), 4),
                "recall@20": round(mean([r[1] for r in rows]), 4),
                "cross_lingual_recall@20": round(mean([r[2] for r in rows]), 4),
            }
            for rows in held_out
        ],
        "picked_in_folds": sorted({json.dumps({k: w.as_dict()[k] for k in names}) for w in chosen}),
    }


def simulate_learning(table: ComponentTable, shown: int = 10) -> dict[str, Any]:
    """Does learning from decisions help? A simulated manager decides on the top `shown` of a
    challenge as its grades say (2 accepted, 0 rejected, 1 left open); then

    - per challenge: the challenge is ranked again with that feedback, and nDCG@10 and recall@20
      are measured over the startups not yet shown (residual ranking), against the cold ranking;
    - across challenges: leave one challenge out; the model trained on the decisions of all the
      others ranks it, against the cold start.
    """
    from matching.learning import FEATURES, Example, Reranker

    ids = [s.id for s in table.folder.startups]
    languages = [s.language for s in table.folder.startups]
    examples_of: list[list[Example]] = []
    for i, challenge in enumerate(table.folder.challenges):
        grades = table.folder.grades.get(challenge.id, {})
        order = np.argsort(-table.scores(i, DEFAULT_WEIGHTS), kind="stable")[:shown]
        examples_of.append(
            [
                Example(
                    {f: float(table.components[i][f][j]) for f in FEATURES},
                    {2: 1, 0: 0}.get(grades.get(ids[j], 0)),
                    f"{challenge.id}:{ids[j]}",
                    challenge.id,
                    ids[j],
                )
                for j in order
            ]
        )
    residual: dict[str, list[tuple[float | None, float | None]]] = {"cold": [], "feedback": []}
    across: dict[str, list[float]] = {"cold": [], "learned": []}
    for i, challenge in enumerate(table.folder.challenges):
        grades = table.folder.grades.get(challenge.id, {})
        fused = table.scores(i, DEFAULT_WEIGHTS)
        seen = {e.startup_id for e in examples_of[i]}
        unseen = {s: g for s, g in grades.items() if s not in seen}
        own = Reranker.train(examples_of[i])
        feedback = own.feedback_for(challenge.id, ids, table.vectors[i], languages) if own else 0.0
        for name, scores in (("cold", fused), ("feedback", fused + feedback)):
            ranking = [ids[j] for j in np.argsort(-scores, kind="stable") if ids[j] not in seen]
            residual[name].append(
                (
                    ndcg_at(ranking, unseen, 10) if unseen else None,
                    recall_at(ranking, [s for s, g in unseen.items() if g >= 1], 20),
                )
            )
        others = Reranker.train([e for k, ex in enumerate(examples_of) if k != i for e in ex])
        adjusted = fused + (others.adjustment(table.components[i]) if others else 0.0)
        for name, scores in (("cold", fused), ("learned", adjusted)):
            across[name].append(ndcg_at([ids[j] for j in np.argsort(-scores, kind="stable")], grades, 10))
    return {
        "per_challenge_feedback": {
            name: {
                "residual_ndcg@10": round(mean([r[0] for r in rows]), 4),
                "residual_recall@20": round(mean([r[1] for r in rows]), 4),
            }
            for name, rows in residual.items()
        },
        "across_challenges": {name: {"ndcg@10": round(mean(v), 4)} for name, v in across.items()},
    }
