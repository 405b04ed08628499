"""Request and response shapes every resource shares: business date, expected version, the answer
to a write."""

from __future__ import annotations

from datetime import date
from typing import Any
from uuid import UUID

from pydantic import BaseModel, ConfigDict, Field, StrictInt

MAX_VERSION = 2**53  # beyond any aggregate's history; keeps the number exact in JSON clients


class Body(BaseModel):
    """Every request body: an unknown field is refused, and so is a number that is not finite
    (the JSON parser refuses NaN and Infinity already, services/entrypoints/api/bodies.py)."""

    model_config = ConfigDict(extra="forbid", allow_inf_nan=False)


class WriteOptions(Body):
    """When something happened, as every recorded change says (like the CLI's --on/--assumed)."""

    occurred_on: date | None = Field(
        None,
        description="Business date it happened (default today; never in the future, never before "
        "the item's last recorded event).",
        examples=["2019-03-01"],
    )
    date_assumed: bool = Field(False, description="The business date is an estimate, not known.")


class ChangeOptions(WriteOptions):
    """A change to an existing item, optionally guarded by the version the client last read."""

    expected_version: StrictInt | None = Field(
        None,
        ge=1,
        le=MAX_VERSION,
        description="Refuse with 409 if the item is no longer at this version (optimistic "
        "concurrency; the `If-Match` header does the same). Without it a decision that loses a race "
        "to another writer is re-applied to the new state. A JSON integer: `true`, `1.0` and "
        '`"1"` are refused.',
        examples=[3],
    )


class Written(BaseModel):
    """What a write did: the item, its version after the write, and whether anything was recorded."""

    kind: str = Field(description="programme, challenge, startup, application, workshop, shortlist")
    ref: str = Field(description="The readable reference.", examples=["smart-waste-hunter"])
    id: UUID = Field(description="The item's UUID (derived from kind and ref).")
    version: int = Field(description="The item's version after this request.", examples=[4])
    changed: bool = Field(
        description="Whether this request recorded an event (false: the same thing existed or "
        "nothing differed)."
    )


class Item(BaseModel):
    """An item's state: what it is, its version, and its fields (dates as ISO strings, ids as refs)."""

    model_config = ConfigDict(extra="allow")

    kind: str = Field(examples=["challenge"])
    ref: str = Field(examples=["smart-waste-hunter"])
    id: UUID
    version: int = Field(examples=[3])


class Listing(BaseModel):
    """Rows of a read model."""

    count: int = Field(description="How many rows follow.")
    items: list[dict[str, Any]]
