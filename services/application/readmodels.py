"""The read models of a store, as the entry points use them.

On the embedded default (SQLite, one process) every reader catches up the read models it needs
before it reads, so what it shows is current; in production `matchmaker project run` keeps them
current in worker processes and readers catching up find nothing left to do.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import TypeVar

from projections.documents import Documents
from projections.manager import READ_MODELS, ReadModels
from services.infrastructure.personal_data import IN_MEMORY
from services.infrastructure.store import Store

__all__ = [
    "PERSONAL",
    "READ_MODELS",
    "ReadModels",
    "close_read_models",
    "embed_new_profiles",
    "folded",
    "forget_erased",
    "read_models",
]

#: The read models whose documents hold contact data: the directory shows whole profiles, every
#: other read model only what is public (tests/audit/test_erasure.py finds it nowhere else).
PERSONAL = ("directory",)

T = TypeVar("T")
_enabling = threading.Lock()  # the embeddings read model is enabled once per store


def read_models(store: Store, *, embeddings: bool = False) -> ReadModels:
    """The read models of this store (one set per store, closed with it); the embedding index
    runs only when asked for, since it loads the model."""

    models = store.attached("read models", lambda: ReadModels(store, store.location))
    with _enabling:
        if embeddings and not models.runs("embeddings"):
            from matching.embedders import dense_spec  # numpy and the models: only here
            from services.application.shortlisting import cached_embedder

            models.enable("embeddings", {"embedder": cached_embedder(store.location, dense_spec()[0][0])})
    return models


def folded(store: Store, name: str, fold: Callable[[Documents], T]) -> T:
    """Fold a read model, caught up to the log's head, into what a listing shows. One reader of a
    store at a time catches up and folds (fast: a page of documents), so that threads serving
    requests side by side do not catch up the same read model twice."""
    models = read_models(store)
    with store.attached("read models: one reader", threading.Lock):
        return fold(models.view(name))


def forget_erased(store: Store) -> None:
    """Catch the read models that hold contact data up past an erasure just recorded, and compact
    their storage, so that when the erasure returns no read model file (SQLite) or row
    (PostgreSQL) holds the erased values, whichever process showed them before: a serving process
    with its read models attached, or the command line, which opens them to do this and exits.
    They are compacted even if another runner applied the erasure first, since it may still be
    compacting. A store held in memory has no read models."""
    if store.location == IN_MEMORY:
        return
    models = read_models(store)
    with store.attached("read models: one reader", threading.Lock):
        models.catch_up(PERSONAL)
        for name in PERSONAL:
            models.runners[name].compact()


def close_read_models(store: Store) -> None:
    models = store.detach("read models")
    if models is not None:
        models.close()


def embed_new_profiles(
    store: Store, progress: Callable[[int, int], None] | None = None, recorded_after: int = 0
) -> int:
    """Let the embeddings read model embed the profiles recorded since it last ran (in batches of
    hundreds of texts; `progress(done, total)` counts events), if any profile was recorded after
    log position `recorded_after`. Loads the model only then."""
    models = read_models(store)
    runner = models.runners["embeddings"]
    pending = store.recorder.select_notifications(
        start=max(runner.position(), recorded_after),
        limit=1,
        topics=list(runner.model_class.event_topics),
        inclusive_of_start=False,
    )
    if not pending:
        return 0
    models = read_models(store, embeddings=True)
    start = runner.position()
    report = (lambda _, position, head: progress(position - start, head - start)) if progress else None
    return models.catch_up(["embeddings"], report)["embeddings"]
