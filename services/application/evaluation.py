"""Ranking quality on a labelled folder (challenges, startups, graded relevance): the matcher's
components over every pair, scored as nDCG@10 and recall@20, for `matchmaker evaluate`."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from domain.errors import InvalidValue
from matching import evaluation
from matching.matcher import Matcher
from matching.variants import VARIANTS
from services.application.shortlisting import dense_models
from services.infrastructure.store import store_location

Progress = Callable[[str, int], None]  # (what is being embedded, how many texts more)


class Evaluation:
    """One labelled folder, ranked with one or more dense models; the vectors are kept beside the
    store at `location` (default MATCHMAKER_STORE), so a second run embeds nothing."""

    def __init__(self, folder: Path, location: str | None = None) -> None:
        try:
            self.data = evaluation.load_folder(folder)
        except ValueError as error:  # a malformed line, named with its file and number
            raise InvalidValue("folder", str(error)) from None
        self.location = location or store_location()
        self._tables: dict[tuple[str | None, str], evaluation.ComponentTable] = {}

    def table(
        self, model: str | None, variant: str = "clean", progress: Progress | None = None
    ) -> evaluation.ComponentTable:
        """Every component's score for every pair, with `model` as the dense model (None: e5),
        the challenges rewritten as `variant` says."""
        if (model, variant) not in self._tables:
            matcher = Matcher(dense_models(self.location, model))
            label = f"embedding new texts for {model or 'e5'}"
            self._tables[model, variant] = evaluation.components_for(
                self.data, matcher, (lambda n: progress(label, n)) if progress else None, variant
            )
        return self._tables[model, variant]

    def scores(
        self, model: str | None, variant: str = "clean", progress: Progress | None = None
    ) -> dict[str, dict[str, float]]:
        """nDCG@10, recall@20 and cross-language recall@20 of the hybrid, lexical and dense rankers."""
        return evaluation.evaluate(self.table(model, variant, progress))

    def tuned_weights(self, model: str | None, variants: Sequence[str] = VARIANTS) -> dict[str, Any]:
        """Fusion weights by grid search, judged by leave-one-challenge-out over the variants."""
        tuned = evaluation.tune([self.table(model, v) for v in variants])
        for key in ("best_on_all_scores", "leave_one_out"):
            tuned[key] = dict(zip(variants, tuned[key], strict=True))
        return tuned

    def learning(self, model: str | None, variant: str = "clean") -> dict[str, Any]:
        """Simulated managers' decisions on the top 10, and what re-ranking makes of them."""
        return evaluation.simulate_learning(self.table(model, variant))


def checked_variants(chosen: Sequence[str] | None) -> list[str]:
    """The variants asked for, in their documented order (none asked: all); an unknown one is
    refused by name."""
    for name in chosen or ():
        if name not in VARIANTS:
            raise InvalidValue("variant", f"{name!r} is not one of {', '.join(VARIANTS)}")
    return [v for v in VARIANTS if not chosen or v in chosen]
