"""Handlers several read models share: the names of startups and programmes, the titles of challenges."""

from __future__ import annotations

from typing import Any

from domain import Challenge, Programme, Startup
from projections.documents import Document
from projections.readmodel import on


class StartupNames:
    @on(Startup.Registered)
    def startup(self, e: Any, doc: Document | None) -> Document:
        return {"kind": "startup", "id": str(e.originator_id), "ref": e.ref, "name": e.profile["name"]}

    @on(Startup.ProfileRevised)
    def startup_renamed(self, e: Any, doc: Document | None) -> Document | None:
        return {**doc, "name": e.changes.get("name", doc["name"])} if doc else doc


class ChallengeTitles:
    @on(Challenge.Drafted)
    def challenge(self, e: Any, doc: Document | None) -> Document:
        return {"kind": "challenge", "id": str(e.originator_id), "ref": e.ref, "title": e.details["title"]}

    @on(Challenge.Revised)
    def challenge_revised(self, e: Any, doc: Document | None) -> Document | None:
        return {**doc, "title": e.changes.get("title", doc["title"])} if doc else doc


class ProgrammeNames:
    @on(Programme.Launched)
    def programme(self, e: Any, doc: Document | None) -> Document:
        return {"kind": "programme", "id": str(e.originator_id), "ref": e.ref, "name": e.name}
