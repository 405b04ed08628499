"""Recompute a recorded shortlist and say whether it comes out the same, and if not, why.

A Shortlist-produced event records what the ranking depended on: the challenge version, the log
position and business date the pool was read at, the filters and diversity setting, and the
matcher's identity (models with their weight fingerprints, fusion weights, the re-ranker's
training-set version). The check rebuilds exactly that input from the history, ranks it with the
matcher as it is configured now, and compares order and scores. Where the result differs it names
the reasons it can see in the identities (another model installed, weights changed, other
decisions to learn from) and, when the weights changed, tries the recorded ones to tell whether
they explain the difference.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any
from uuid import UUID

from domain import Shortlist
from matching.fusion import Weights
from matching.matcher import Ranked
from services.application.queries.readable import Readable
from services.application.shortlisting import shortlisting_for
from services.infrastructure.store import Store

TOLERANCE = 1e-6


@dataclass(frozen=True)
class Row:
    startup: str
    score: float


@dataclass
class ShortlistCheck:
    shortlist: str
    recomputable: bool = True
    identical: bool = False
    reasons: list[str] = field(default_factory=list)  # what differs in the matcher's identity
    differences: list[str] = field(default_factory=list)  # what differs in the ranking
    explanation: str = ""  # what a recomputation with recorded settings showed
    recorded: list[Row] = field(default_factory=list)
    recomputed: list[Row] = field(default_factory=list)

    def as_record(self) -> dict[str, Any]:
        return {
            "shortlist": self.shortlist,
            "recomputable": self.recomputable,
            "identical": self.identical,
            "reasons": self.reasons,
            "differences": self.differences,
            "explanation": self.explanation,
            "recorded": [vars(r) for r in self.recorded],
            "recomputed": [vars(r) for r in self.recomputed],
        }


def verify_shortlist(store: Store, reference: str, tolerance: float = TOLERANCE) -> ShortlistCheck:
    shortlist = store.find(Shortlist, reference)
    readable = Readable(store)
    check = ShortlistCheck(shortlist.ref)
    check.recorded = [Row(readable(c.startup_id), c.score) for c in shortlist.candidates]
    if shortlist.matcher.get("name") != "hybrid" or "log_position" not in shortlist.settings:
        check.recomputable = False
        check.reasons.append("its candidates were picked by hand: there is no ranking to recompute")
        return check
    settings = shortlist.settings
    service = shortlisting_for(store)
    statistics: dict[str, Any] = {}
    ranked, pool_size, matcher = service.recompute(
        shortlist, seen=lambda s: statistics.update(s.lexical.as_record())
    )
    check.reasons = identity_differences(shortlist.matcher, service.identity(shortlist, matcher))
    check.recomputed = [Row(readable(_uuid(r)), round(r.score, 6)) for r in ranked]
    if pool_size != settings.get("pool_size", pool_size):
        check.differences.append(f"the pool held {settings['pool_size']} startups then, {pool_size} now")
    recorded_statistics = settings.get("lexical_statistics")
    if recorded_statistics and statistics and recorded_statistics != statistics:
        changed = ", ".join(
            f"{k} {recorded_statistics.get(k)} -> {statistics.get(k)}"
            for k in sorted(statistics)
            if recorded_statistics.get(k) != statistics.get(k)
        )
        check.differences.append(f"the pool's lexical statistics differ: {changed}")
    check.differences += ranking_differences(shortlist, ranked, readable, tolerance)
    check.identical = not check.differences
    recorded_weights = shortlist.matcher.get("weights")
    if check.differences and recorded_weights and recorded_weights != matcher.weights.as_dict():
        redo, _, _ = service.recompute(shortlist, Weights.from_record(recorded_weights))
        same = not ranking_differences(shortlist, redo, readable, tolerance)
        check.explanation = (
            "with the recorded fusion weights the ranking is identical: the weights explain the difference"
            if same
            else "with the recorded fusion weights it still differs: the weights are not the only cause"
        )
    return check


def _uuid(ranked: Ranked) -> UUID:
    return UUID(ranked.profile.id)


def identity_differences(recorded: dict[str, Any], now: dict[str, Any]) -> list[str]:
    """Why a recomputation may differ, read from the two identities."""
    reasons = []
    then_models = [(m["name"], m["fingerprint"], m["weight"]) for m in recorded.get("models", [])]
    now_models = [(m["name"], m["fingerprint"], m["weight"]) for m in now.get("models", [])]
    if then_models != now_models:
        reasons.append(
            "a different model is installed now: recorded "
            + ", ".join(f"{n} ({f[:12]}, weight {w})" for n, f, w in then_models)
            + "; installed "
            + ", ".join(f"{n} ({f[:12]}, weight {w})" for n, f, w in now_models)
        )
    then_weights, now_weights = recorded.get("weights") or {}, now.get("weights") or {}
    if then_weights != now_weights:
        changed = [
            f"{k} {then_weights.get(k)} -> {now_weights.get(k)}"
            for k in sorted(set(then_weights) | set(now_weights))
            if then_weights.get(k) != now_weights.get(k)
        ]
        reasons.append("the fusion weights differ: " + ", ".join(changed))
    then_reranker = (recorded.get("reranker") or {}).get("version")
    now_reranker = (now.get("reranker") or {}).get("version")
    if then_reranker != now_reranker:
        reasons.append(
            f"the re-ranker learnt from other decisions: recorded version {then_reranker}, now {now_reranker}"
        )
    for key in ("lexical", "normalisation", "candidates", "sectors", "expansion"):
        if (key in recorded or key != "candidates") and recorded.get(key) != now.get(key):
            reasons.append(f"the {key} method changed: recorded {recorded.get(key)!r}, now {now.get(key)!r}")
    return reasons


def ranking_differences(
    shortlist: Shortlist, ranked: list[Ranked], readable: Readable, tolerance: float
) -> list[str]:
    differences = []
    recorded = shortlist.candidates
    for rank in range(1, max(len(recorded), len(ranked)) + 1):
        then = recorded[rank - 1] if rank <= len(recorded) else None
        now = ranked[rank - 1] if rank <= len(ranked) else None
        then_id = then.startup_id if then else None
        now_id = _uuid(now) if now else None
        if then_id != now_id:
            differences.append(
                f"rank {rank}: recorded {readable(then_id) if then_id else 'nobody'}, "
                f"now {readable(now_id) if now_id else 'nobody'}"
            )
            continue
        assert then is not None and now is not None
        components = [
            name
            for name, value in then.components.items()
            if name in now.components and abs(round(now.components[name], 6) - value) > tolerance
        ]
        delta = abs(round(now.score, 6) - then.score)
        if delta > tolerance:
            differences.append(
                f"rank {rank} {readable(then_id)}: score recorded {then.score:.6f}, now {now.score:.6f} "
                f"(difference {delta:.1e}); components that differ: {', '.join(components) or 'none'}"
            )
        elif components:
            differences.append(f"rank {rank} {readable(then_id)}: components differ: {', '.join(components)}")
    return differences


def recomputable_shortlists(store: Store) -> list[str]:
    """Refs of every ranked (not hand-picked) shortlist, from the matching index's record of them."""
    index, _ = shortlisting_for(store).current()
    return [shown.ref for shown in index.shown]
