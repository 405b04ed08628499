"""The embedding index: the matcher's vectors as a projection.

When a startup registers or revises its profile, its text, its capabilities and the sentences of
its description are embedded (the vector store keeps them by content), so that a shortlist
needs no model pass for any profile: not to score it, not to find its sentence closest to the
challenge. After a restart nothing is embedded again. Each document records which text digest
and model fingerprint the startup's current vectors have.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from domain import Startup
from domain.startup import public_profile
from matching.explain import sentences
from matching.profiles import Profile
from matching.vectors import CachedEmbedder, digest
from projections.documents import Document, Documents
from projections.readmodel import ReadModel, on


class EmbeddingIndex(ReadModel):
    name = "embeddings"

    def __init__(self, view: Documents, embedder: CachedEmbedder | None = None) -> None:
        super().__init__(view)
        self.embedder = embedder

    @on(Startup.Registered)
    def registered(self, e: Any, doc: Document | None) -> Document:
        return {
            "kind": "startup",
            "id": str(e.originator_id),
            "profile": public_profile(e.profile),  # what is embedded; no personal data
            "active": True,
            "version": e.originator_version,
        }

    @on(Startup.ProfileRevised)
    def revised(self, e: Any, doc: Document | None) -> Document | None:
        if doc is None:
            return doc
        return {
            **doc,
            "profile": {**doc["profile"], **public_profile(e.changes)},
            "version": e.originator_version,
        }

    @on(Startup.Withdrawn)
    def withdrawn(self, e: Any, doc: Document | None) -> Document | None:
        return {**doc, "active": False, "version": e.originator_version} if doc else doc

    def apply(self, events: Sequence[Any], documents: dict[str, Document]) -> dict[str, Document | None]:
        """Apply the page, then embed every changed profile in one call to the model."""
        changed = super().apply(events, documents)
        if self.embedder is None:
            raise RuntimeError("the embedding index needs an embedder")
        docs = [d for d in changed.values() if d is not None and d["active"]]
        profiles = [Profile.from_record({**d["profile"], "id": d["id"]}) for d in docs]
        texts = [p.text for p in profiles]
        capabilities = [c for p in profiles for c in p.capabilities]
        self.embedder.embed(texts + capabilities + [s for p in profiles for s in sentences(p.description)])
        for doc, text in zip(docs, texts, strict=True):
            doc["digest"] = digest(text)
            doc["fingerprint"] = self.embedder.fingerprint
        return changed


def indexed(view: Documents) -> dict[str, Document]:
    return {d["id"]: d for d in view.all("startup")}
