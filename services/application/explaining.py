"""A candidate's score explained in words of the reader's language, for the pages and the terminal.

The matcher explains every score component as data (matching/explain.py: the component, its value,
a message key and its parameters); the words are in the shared gettext catalogues
(services/application/translations.py) under `explain_<key>`, the components' names under
`component_<name>`. Parameters that are stored identifiers (sectors, stages, a learnt feature) are
named in the language too, so a German line never shows `buildings` or `pre-seed`.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from services.application.translations import N_, label

#: The score components explained, in the order pages, terminals and exports show them (the
#: matcher's own list, matching/explain.py EXPLAINED, is the same; tests/test_catalogues.py checks).
SHOWN = (
    "dense",
    "lexical",
    "neighbours",
    "sector",
    "capabilities",
    "region",
    "stage",
    "reranker",
    "feedback",
)

# Keys put together at run time (`"explain_" + key`, `"sector_" + value`): listed so that
# `pybabel extract -k N_` finds them (matching/explain.py makes the explanation keys).
COMPOSED = (
    N_("component_dense"),
    N_("component_lexical"),
    N_("component_neighbours"),
    N_("component_sector"),
    N_("component_capabilities"),
    N_("component_region"),
    N_("component_stage"),
    N_("component_reranker"),
    N_("component_feedback"),
    N_("sector_waste"),
    N_("sector_energy"),
    N_("sector_mobility"),
    N_("sector_buildings"),
    N_("sector_water"),
    N_("sector_health"),
    N_("sector_education"),
    N_("sector_e-government"),
    N_("sector_retail"),
    N_("sector_tourism"),
    N_("sector_climate"),
    N_("sector_safety"),
    N_("sector_data"),
    N_("sector_finance"),
    N_("sector_logistics"),
    N_("sector_agriculture"),
    N_("sector_culture"),
    N_("stage_idea"),
    N_("stage_pre-seed"),
    N_("stage_seed"),
    N_("stage_series-a"),
    N_("stage_growth"),
    N_("explain_dense_far_above"),
    N_("explain_dense_above"),
    N_("explain_dense_average"),
    N_("explain_dense_below"),
    N_("explain_dense_not_embedded"),
    N_("explain_lexical_shared"),
    N_("explain_lexical_none"),
    N_("explain_neighbours_far_above"),
    N_("explain_neighbours_above"),
    N_("explain_neighbours_average"),
    N_("explain_neighbours_below"),
    N_("explain_neighbours_not_embedded"),
    N_("explain_level_far_above"),
    N_("explain_level_above"),
    N_("explain_level_average"),
    N_("explain_level_below"),
    N_("explain_sector_fits"),
    N_("explain_sector_near"),
    N_("explain_sector_other"),
    N_("explain_sector_unstated"),
    N_("explain_capabilities_matched"),
    N_("explain_capabilities_none"),
    N_("explain_capabilities_near"),
    N_("explain_capabilities_unasked"),
    N_("explain_capabilities_not_embedded"),
    N_("explain_region_in"),
    N_("explain_region_out"),
    N_("explain_region_open"),
    N_("explain_stage_known"),
    N_("explain_stage_unknown"),
    N_("explain_reranker_none"),
    N_("explain_reranker_waiting"),
    N_("explain_reranker_neutral"),
    N_("explain_reranker_raised"),
    N_("explain_reranker_lowered"),
    N_("explain_feedback_none"),
    N_("explain_feedback_neutral"),
    N_("explain_feedback_raised"),
    N_("explain_feedback_lowered"),
    N_("explain_feedback_unlike"),
    N_("explain_not_counted"),
    N_("explain_and"),
    N_("explain_more"),
)


def value_name(kind: str, value: str, language: str) -> str:
    """A stored identifier (`sector`/`stage`/`status`/`verdict`/`role`/`component` and its value)
    in words; an identifier the catalogue does not know is shown as it is."""
    key = f"{kind}_{value}"
    words = label(key, language)
    return value if words == key else words


def named_list(values: list[str], more: int, language: str) -> str:
    """`A, B und C`, or `A, B und 3 weitere` when `more` were left out."""
    if more:
        values = [*values, label("explain_more", language).format(n=more)]
    if len(values) <= 1:
        return "".join(values)
    return f"{', '.join(values[:-1])} {label('explain_and', language)} {values[-1]}"


def explanation_text(
    explanation: Mapping[str, Any],
    language: str,
    name_of: Callable[[str], str] = str,
    weights: Mapping[str, float] | None = None,
) -> str:
    """One component's explanation as a line; `name_of` names a startup by its id, `weights` (the
    shortlist's fusion weights) mark a component that did not count."""
    params = dict(explanation.get("params") or {})
    for key in ("sectors", "own"):
        if isinstance(params.get(key), list):
            params[key] = [value_name("sector", s, language) for s in params[key]]
    for key in ("terms", "sectors", "own"):
        if isinstance(params.get(key), list):
            params[key] = ", ".join(params[key]) or "–"
    if isinstance(params.get("stage"), str):
        params["stage"] = value_name("stage", params["stage"], language)
    if "matches" in params:
        params["matches"] = ", ".join(f"{m['required']} ≈ {m['offered']}" for m in params["matches"])
    if "startups" in params:
        named = [name_of(s) for s in params["startups"]]
        params["startups"] = named_list(named, int(params.get("more", 0)), language)
    if "feature" in params:
        params["feature"] = value_name("component", str(params["feature"]), language)
    key = "explain_" + str(explanation.get("key", ""))
    template = label(key, language)
    try:
        text = template.format(**params)
    except (KeyError, IndexError, ValueError):
        text = template
    component = explanation.get("component", "")
    if weights is not None and component in weights and weights[component] == 0:
        text = f"{text} {label('explain_not_counted', language)}"
    return text


def learning_text(reranker: Mapping[str, Any] | None, language: str) -> str:
    """What a shortlist's ranking learnt from decisions, with its training set's version."""
    decisions = (reranker or {}).get("decisions", 0)
    feedback = (reranker or {}).get("feedback_decisions", 0)
    if not reranker or not (decisions or feedback):
        return label("learning_none", language)
    return label("learning", language).format(
        decisions=decisions, feedback=feedback, version=reranker["version"]
    )
