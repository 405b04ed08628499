"""Short and messy challenges: abbreviations spelt out, capabilities inferred (matching/expansion.py)."""

from __future__ import annotations

import numpy as np

from matching.expansion import ABBREVIATIONS, inferred_capabilities, spelt_out


def test_public_sector_abbreviations_are_spelt_out_once_in_german_and_english() -> None:
    text = spelt_out("Die WoWi sucht für ihre MFH eine Lösung; MFH im ÖPNV-Umfeld, KVP inklusive.")
    assert "WoWi (Wohnungswirtschaft / housing industry)" in text
    assert text.count("Mehrfamilienhaus") == 1
    assert "ÖPNV (öffentlicher Personennahverkehr / public transport)" in text
    assert "KVP (kontinuierlicher Verbesserungsprozess" in text


def test_only_whole_words_in_their_own_case_are_expanded() -> None:
    assert spelt_out("Das Spvx und die wp-Datei, PVC und mfh") == "Das Spvx und die wp-Datei, PVC und mfh"
    assert spelt_out("PV und P+R") == f"PV ({ABBREVIATIONS['PV']}) und P+R ({ABBREVIATIONS['P+R']})"


def test_inferred_capabilities_are_the_closest_distinct_phrases() -> None:
    names = ["Tourenplanung", "tourenplanung", "Abrechnung", "Fernablesung", "Chat"]
    similarity = np.array([0.9, 0.89, 0.1, 0.8, 0.7])
    picked = inferred_capabilities(similarity, names, limit=3)
    assert [names[i] for i in picked] == ["Tourenplanung", "Fernablesung", "Chat"]
