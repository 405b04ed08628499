"""The read models of a store, as the entry points use them.

On the embedded default (SQLite, one process) every reader catches the read models it needs up
before it reads, so what it shows is current; in production `matchmaker project run` keeps them
current in worker processes and readers catching up find nothing left to do.
"""

from __future__ import annotations

import weakref

from matching.embedders import dense_spec
from projections.manager import ReadModels
from services.store import Store

_open: weakref.WeakKeyDictionary[Store, dict[bool, ReadModels]] = weakref.WeakKeyDictionary()


def read_models(store: Store, *, embeddings: bool = False) -> ReadModels:
    """The read models of this store (one set per store object); the embedding index only on
    request, since it loads the model."""
    sets = _open.setdefault(store, {})
    if embeddings not in sets:
        dependencies = {}
        if embeddings:
            from services.shortlisting import cached_embedder

            dependencies["embeddings"] = {"embedder": cached_embedder(store.location, dense_spec()[0][0])}
        sets[embeddings] = ReadModels(store, store.location, dependencies)
    return sets[embeddings]


def close_read_models(store: Store) -> None:
    for models in _open.pop(store, {}).values():
        models.close()
