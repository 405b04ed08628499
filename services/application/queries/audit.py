"""The auditors' views: the tamper check, the recomputation of shortlists, the replay of the read
models and the export of the history. Each shows everything every actor did, so they are for
managers and auditors only; each is what `matchmaker audit` prints and /audit answers."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import TYPE_CHECKING, Any

from domain import Actor, Challenge, Shortlist
from domain.shortlist import shortlist_ref
from projections.chain import Verification
from services.application import access
from services.application.audit import export as exporting
from services.application.audit import replay as replaying
from services.application.queries.readable import named
from services.application.readmodels import read_models
from services.infrastructure.store import Store

if TYPE_CHECKING:
    from services.application.audit.shortlists import ShortlistCheck


def verify(
    by: Actor, store: Store, anchor: str | None = None, progress: Callable[[int, int], None] | None = None
) -> Verification:
    """Every stored event compared with the hash chain; findings name positions, first bad first.
    `anchor` (POSITION:HASH from an earlier check): the chain must still pass through it."""
    access.check_history(by)
    return read_models(store).chain.verify(anchor, progress)


def recomputable_shortlists(by: Actor, store: Store) -> list[str]:
    """The refs of the shortlists a matcher ranked (hand-picked ones cannot be recomputed)."""
    access.check_history(by)
    from services.application.audit.shortlists import recomputable_shortlists as ranked

    return ranked(store)


def verify_shortlist(by: Actor, store: Store, reference: str) -> ShortlistCheck:
    """The shortlist recomputed from the history as it was when it was made: identical, or what
    differs and why (costly: runs the matcher, imported only then)."""
    access.check_history(by)
    from services.application.audit.shortlists import verify_shortlist as recompute

    return recompute(store, reference)


def shortlist_of(by: Actor, store: Store, challenge: str, number: int) -> str:
    """The reference of a challenge's shortlist by its number, refused if there is none."""
    access.check_history(by)
    ref = shortlist_ref(named(store, Challenge, challenge, "challenge"), number)
    named(store, Shortlist, ref, "number")
    return ref


def replay(
    by: Actor, store: Store, progress: Callable[[str, int, int], None] | None = None
) -> list[replaying.Comparison]:
    """Every read model rebuilt from the first event in a scratch place and compared with the live one."""
    access.check_history(by)
    return replaying.replay(store, progress)


def export(by: Actor, store: Store, reference: str | None = None) -> Iterator[dict[str, Any]]:
    """The history of one item, or the whole log, one record per event (refused before the first)."""
    access.check_history(by)
    return exporting.export(store, reference)
