"""Short and messy challenges: what a busy municipal employee writes, made rankable.

Three things, each measured on ../shared/eval/dev's `terse` variant (title and two sentences, no
capabilities, no sector; README, "Ranking quality"):

- abbreviations common in German public administration (MFH, WoWi, ÖPNV, KVP, …) are spelt out,
  in German and English, before the text is embedded and indexed: neither the embedder nor the
  lexical index can know that "MFH" is an apartment building;
- pseudo-relevance feedback: the centroid of the `NEIGHBOUR_DOCS` best-ranked startups' vectors is
  a second query ("neighbours"), which carries the vocabulary of the startups that fit to those
  that describe themselves in other words or another language (Rocchio);
- required capabilities, when the challenge names none, are inferred: the catalogue's own
  capability phrases nearest to the challenge's text.
"""

from __future__ import annotations

import re

import numpy as np

NEIGHBOUR_DOCS = 3  # best-ranked startups whose centroid is the second query
INFERRED_CAPABILITIES = 4  # capability phrases inferred for a challenge that names none
METHOD = {
    "name": "expansion",
    "abbreviations": "ABBREVIATIONS (matching/expansion.py)",
    "neighbour_docs": NEIGHBOUR_DOCS,
    "inferred_capabilities": INFERRED_CAPABILITIES,
}

#: Abbreviations of German municipal and housing work, spelt out in German / English. Only whole
#: words in the case written here are expanded, so "PV" is, "pv" in a word is not.
ABBREVIATIONS: dict[str, str] = {
    "MFH": "Mehrfamilienhaus / apartment building",
    "EFH": "Einfamilienhaus / single-family house",
    "WoWi": "Wohnungswirtschaft / housing industry",
    "WEG": "Wohnungseigentümergemeinschaft / condominium owners' association",
    "WBG": "Wohnungsbaugesellschaft / housing company",
    "TGA": "technische Gebäudeausrüstung / building services",
    "GLT": "Gebäudeleittechnik / building management system",
    "RLT": "Raumlufttechnik / ventilation",
    "BHKW": "Blockheizkraftwerk / combined heat and power plant",
    "PV": "Photovoltaik / solar power",
    "WP": "Wärmepumpe / heat pump",
    "HKV": "Heizkostenverteiler / heat cost allocator",
    "BIM": "Building Information Modeling / digitales Gebäudemodell",
    "FM": "Facility-Management / Gebäudebewirtschaftung",
    "ÖPNV": "öffentlicher Personennahverkehr / public transport",
    "SPNV": "Schienenpersonennahverkehr / regional rail",
    "ÖV": "öffentlicher Verkehr / public transport",
    "LSA": "Lichtsignalanlage / traffic lights",
    "LIS": "Ladeinfrastruktur / charging infrastructure",
    "P+R": "Park and Ride / Pendlerparkplatz",
    "KVP": "kontinuierlicher Verbesserungsprozess / continuous improvement",
    "OZG": "Onlinezugangsgesetz / online public services act",
    "DSGVO": "Datenschutz-Grundverordnung / GDPR data protection",
    "GIS": "Geoinformationssystem / geographic information system",
    "AöR": "Anstalt öffentlichen Rechts / public utility",
    "Kita": "Kindertagesstätte / day-care centre",
    "KiTa": "Kindertagesstätte / day-care centre",
    "OGS": "Offene Ganztagsschule / after-school care",
    "ÖGD": "öffentlicher Gesundheitsdienst / public health service",
    "RTW": "Rettungswagen / ambulance",
    "BOS": "Behörden und Organisationen mit Sicherheitsaufgaben / emergency services",
    "KdU": "Kosten der Unterkunft / housing costs",
    "QM": "Quartiersmanagement / neighbourhood management",
    "ISEK": "integriertes Stadtentwicklungskonzept / urban development plan",
    "KMU": "kleine und mittlere Unternehmen / small and medium-sized businesses",
    "SGB": "Sozialgesetzbuch / social code",
    "AWB": "Abfallwirtschaftsbetrieb / waste management company",
    "KWP": "kommunale Wärmeplanung / municipal heat planning",
}
_ABBREVIATION = re.compile(
    r"(?<![\w+])("
    + "|".join(re.escape(a) for a in sorted(ABBREVIATIONS, key=len, reverse=True))
    + r")(?![\w+])"
)


def spelt_out(text: str) -> str:
    """The text with each known abbreviation followed by its meaning, once per abbreviation."""
    seen: set[str] = set()

    def expand(match: re.Match[str]) -> str:
        word = match.group(1)
        if word in seen:
            return word
        seen.add(word)
        return f"{word} ({ABBREVIATIONS[word]})"

    return _ABBREVIATION.sub(expand, text)


def centroid(vectors: np.ndarray) -> np.ndarray:
    """The mean of the best-ranked startups' vectors: the second query of pseudo-relevance feedback."""
    if not len(vectors):
        return np.zeros(vectors.shape[1] if vectors.ndim == 2 else 0, dtype=np.float32)
    return vectors.mean(axis=0).astype(np.float32)


def inferred_capabilities(
    similarity: np.ndarray, names: list[str], limit: int = INFERRED_CAPABILITIES
) -> list[int]:
    """The catalogue capabilities most similar to the challenge, distinct by name (case aside)."""
    picked: list[int] = []
    seen: set[str] = set()
    for i in np.argsort(-similarity, kind="stable"):
        key = names[int(i)].casefold()
        if key not in seen:
            seen.add(key)
            picked.append(int(i))
        if len(picked) == limit:
            break
    return picked
