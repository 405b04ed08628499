"""Embedding a newly imported catalogue: the embeddings read model against the bare model.

The same profiles (texts of the dev and YC catalogues) are embedded twice, in CPU seconds of this
process (both cores count): by `E5.query` on all their texts at once (profile texts,
capabilities and description sentences, the least any ingest must do), and by the embeddings
read model catching up on the import's events (decoding them, looking vectors up by content, the
model in batches of 1,024, the vector store and the read model's documents written per batch).
Fresh vector stores, so nothing is found already.
"""

from __future__ import annotations

import os
import tempfile
import time
from pathlib import Path

from benchmarks.runner import Figure, benchmark
from benchmarks.shortlist import MANAGER, ON, catalogue

PROFILES = int(os.environ.get("MATCHMAKER_BENCH_INGEST") or 300)


def cpu(work: object) -> float:
    started = time.process_time()
    work()  # type: ignore[operator]
    return time.process_time() - started


@benchmark(
    "ingest", "embedding an imported catalogue: CPU per text of the embeddings read model vs bare encode"
)
def ingest_benchmark(scale: int) -> list[Figure]:
    from domain import Startup
    from matching.embedders import E5Embedder
    from matching.explain import sentences
    from matching.profiles import Profile
    from matching.vectors import CachedEmbedder, SQLiteVectors
    from projections.manager import ReadModels
    from services.infrastructure.store import Store

    profiles = catalogue(PROFILES * scale, seed=99)
    model = E5Embedder()
    model.embed(["warm up: load the model"])
    texts: list[str] = []
    for record in profiles:
        profile = Profile.from_record({**record, "id": "-"})
        texts += [profile.text, *profile.capabilities, *sentences(profile.description)]
    texts = list(dict.fromkeys(texts))
    with tempfile.TemporaryDirectory() as folder:
        store = Store(str(Path(folder) / "store.db"))
        store.save(
            *(
                Startup.register(ref=f"ingest-{n}", profile=p, by=MANAGER, when=ON)
                for n, p in enumerate(profiles)
            )
        )
        bare = cpu(lambda: model.embed(texts))
        embedder = CachedEmbedder(model, SQLiteVectors(Path(folder) / "vectors.db"))
        models = ReadModels(store, store.location, {"embeddings": {"embedder": embedder}})
        ingest = cpu(lambda: models.catch_up(["embeddings"]))
        assert embedder.embedded == len(texts), (embedder.embedded, len(texts))
        models.close()
        store.close()
    per_text = 1000.0 / len(texts)
    return [
        Figure(
            f"ingest CPU per text ({len(texts)} texts)",
            ingest * per_text,
            "bare E5.query",
            bare * per_text,
            "ms",
            target_ratio=1 / 1.1,
            higher_is_better=False,
        )
    ]
