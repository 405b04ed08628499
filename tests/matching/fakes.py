"""A small deterministic embedder for fast unit tests (the product and integration tests use e5)."""

from __future__ import annotations

import hashlib
import re

import numpy as np

from matching.vectors import CachedEmbedder, MemoryVectors

DIMENSIONS = 64


class WordHashEmbedder:
    """Bag of hashed word stems: texts sharing words are close. Counts how often it is called."""

    name = "word-hash test embedder"
    fingerprint = "test-wordhash-1"

    def __init__(self) -> None:
        self.calls = 0

    def embed(self, texts: list[str]) -> np.ndarray:
        self.calls += len(texts)
        vectors = np.zeros((len(texts), DIMENSIONS), dtype=np.float32)
        for i, text in enumerate(texts):
            for word in re.findall(r"\w+", text.lower()):
                stem = word[:6]
                vectors[i, int(hashlib.md5(stem.encode()).hexdigest(), 16) % DIMENSIONS] += 1.0
            vectors[i, 0] += 0.1  # never all zero
        return vectors / np.linalg.norm(vectors, axis=1, keepdims=True)


def cached_fake() -> CachedEmbedder:
    return CachedEmbedder(WordHashEmbedder(), MemoryVectors())
