"""The embedding index: profiles are embedded when they are recorded, once, and the matcher finds them."""

from __future__ import annotations

from matching.profiles import ChallengeSpec
from matching.vectors import CachedEmbedder, MemoryVectors
from projections.embeddings import indexed
from projections.manager import ReadModels
from services.application.commands import RegisterStartup, ReviseStartup, handle
from services.application.shortlisting import Shortlisting
from services.infrastructure.store import Store
from tests.builders import profile
from tests.conftest import MANAGER
from tests.matching.fakes import WordHashEmbedder


def test_new_and_revised_profiles_are_embedded_once_and_used_by_the_matcher(store: Store) -> None:
    vectors = MemoryVectors()
    model = WordHashEmbedder()
    models = ReadModels(store, store.location, {"embeddings": {"embedder": CachedEmbedder(model, vectors)}})
    handle(store, RegisterStartup(profile("Einsatzlotse")), by=MANAGER)
    handle(store, RegisterStartup(profile("Kerbside Ops")), by=MANAGER)
    models.catch_up(["embeddings"])
    embedded_once = model.calls
    assert embedded_once > 0
    handle(store, ReviseStartup("kerbside-ops", {"description": "Now also bulky waste pickups."}), by=MANAGER)
    models.catch_up(["embeddings"])
    assert model.calls == embedded_once + 2  # only the revised text and its one new sentence
    docs = indexed(models.view("embeddings", current=False))
    assert {d["fingerprint"] for d in docs.values()} == {"test-wordhash-1"} and len(docs) == 2

    restarted = WordHashEmbedder()  # a new process: nothing in memory, the vector store kept
    service = Shortlisting(store, dense=[(CachedEmbedder(restarted, vectors), 1.0)])
    assert service.not_embedded() == 0  # the embeddings read model reached every profile
    matcher, index, pool, embedded = service.scores_now()
    matcher.score_pool(ChallengeSpec(id="c", title="Sperrmüll", description="Touren"), index, pool, embedded)
    assert restarted.calls == 1  # the challenge's text; every profile was found
    handle(store, RegisterStartup(profile("Binfolio")), by=MANAGER)
    assert service.not_embedded() == 1  # until the embeddings read model reaches it: ranked on text alone
    models.catch_up(["embeddings"])
    assert service.not_embedded() == 0
    models.close()
