"""Every page in German has no English left: no English label, no stored identifier (`buildings`,
`pre-seed`, `published`, `accepted`), no English refusal, no ISO date in the text.

The pages are rendered with the Herne scenario of tests/web/conftest.py (the small programme and
a shortlist ranked with reasons), decided on, and refused on purpose; their visible text (and the
attributes a reader sees: title, placeholder, aria-label, alt) is compared with the English
catalogue's words that differ from the German ones and with the domain's identifiers. What people
typed (names, pitches, reasons) and references are not labels: the allow-list names them.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from html.parser import HTMLParser

from domain import Role, Startup
from domain.challenge import ChallengeStatus
from domain.shortlist import Verdict
from domain.values import Sector, Stage
from services.entrypoints.web.i18n import LABELS
from tests.api.conftest import AUDITOR_KEY
from tests.web.conftest import CHALLENGE, Browser

SHORTLIST = "/ui/challenges/smart-waste-hunter/shortlists/1"
#: Words that are the same in both languages or names, not labels (refs are in <code>/links' hrefs).
ALLOWED = {"Matchmaker Herne", "Pitch", "Budget", "Region", "Status", "Website", "Shortlist", "Shortlists"}
ALLOWED |= {"Programme"}  # the German plural of Programm, as the report's tables name them
ALLOWED |= {"Deutsch"}  # a language's German name (the directory's filter), not the English switch
VISIBLE_ATTRIBUTES = ("title", "placeholder", "aria-label", "alt")
ISO_DATE = re.compile(r"\b\d{4}-\d{2}-\d{2}\b")
SEPARATORS = re.compile(r"\s*[,·:;()|–„“\"]\s*|\s+-\s+")
#: Identifiers with a hyphen or space never occur in German prose: looked for inside sentences too.
COMPOUND_IDENTIFIERS = re.compile(r"\b(pre-seed|series-a|e-government|closed early)\b")
#: A number written the English way: 4.00, 80,000 (German: 4,00 and 80.000); dates are not numbers.
ENGLISH_NUMBER = re.compile(r"(?<![\d.,])(\d+\.\d{1,2}|\d{1,3}(,\d{3})+)(?![\d.,])")
#: Words of English sentences that German ones never use: a piece with two of them is English
#: (a refusal from the domain that no pattern translated, say).
ENGLISH_WORDS = {"the", "is", "not", "must", "be", "of", "to", "and", "why", "has", "are", "this", "no"}
ENGLISH_WORDS |= {"yet", "with", "may", "on", "for", "a", "it", "its", "which", "what", "there", "from"}
#: What people typed in English (a Dutch startup's profile), shown as it is.
TYPED = {"A mobile app for collection crews that replaces paper route sheets."}


class Text(HTMLParser):
    """The text a reader sees, a piece per text node or visible attribute, with the tags around it
    (code and pre hold refs and raw values, not words)."""

    def __init__(self) -> None:
        super().__init__()
        self.stack: list[str] = []
        self.pieces: list[tuple[str, tuple[str, ...]]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        for name, value in attrs:
            if name in VISIBLE_ATTRIBUTES and value:
                self.pieces.append((value, (*self.stack, tag)))
        if tag not in {"br", "input", "img", "meta", "link", "hr", "source"}:
            self.stack.append(tag)

    def handle_endtag(self, tag: str) -> None:
        if tag in self.stack:
            del self.stack[len(self.stack) - 1 - self.stack[::-1].index(tag) :]

    def handle_data(self, data: str) -> None:
        if data.strip() and not {"script", "style", "code", "pre"} & set(self.stack):
            self.pieces.append((" ".join(data.split()), tuple(self.stack)))


def visible(html: str) -> list[str]:
    parser = Text()
    parser.feed(html)
    return [piece for piece, _ in parser.pieces]


def english_only() -> tuple[set[str], list[str]]:
    """The English catalogue's words that German does not share: short ones (matched as a whole
    piece of text) and the literal parts of long ones (matched inside sentences)."""
    german, english = LABELS["de"], LABELS["en"]
    whole, inside = set(), []
    for key in english:
        words = english[key].strip()
        if words == german[key].strip() or words in ALLOWED or key == "language":
            continue  # `language` is the switch to the other language: "Deutsch" on English pages
        literals = [part.strip() for part in re.split(r"\{\w*\}", words)]
        if len(literals) == 1 and len(words) < 16:
            whole.add(words)
        inside += [part for part in literals if len(part) >= 16]
    for values in (Sector, Stage, ChallengeStatus, Verdict, Role):
        whole |= {v.value for v in values}
    return whole, inside


def untranslated(html: str) -> list[str]:
    """What on a German page is English: a piece that is an English label or an identifier, a
    long English phrase inside a sentence, or an ISO date."""
    whole, inside = english_only()
    found = []
    for piece in visible(html):
        parts = {p.strip() for p in SEPARATORS.split(piece) if p.strip()}
        found += [f"{p!r} in {piece!r}" for p in sorted(parts & whole) if p not in ALLOWED]
        found += [f"{p!r} in {piece!r}" for p in inside if p in piece]
        found += [f"identifier in {piece!r}" for _ in COMPOUND_IDENTIFIERS.finditer(piece)]
        found += [f"ISO date in {piece!r}" for _ in ISO_DATE.finditer(piece)]
        found += [f"English number in {piece!r}" for _ in ENGLISH_NUMBER.finditer(piece)]
        words = set(re.findall(r"[a-z]+", piece))
        if len(words & ENGLISH_WORDS) >= 2 and piece not in TYPED:
            found.append(f"English sentence {piece!r}")
    return found


def german_pages(web: Browser) -> Iterator[tuple[str, str]]:
    """Every kind of page, in German, with what the Herne scenario gives them: the log-in form,
    the board, the challenge with its shortlists, a shortlist's candidate cards (one accepted, one
    rejected, one refused for want of a reason), the directory, a startup, histories, the report,
    and the error pages (not found, not allowed, a refused decision, a malformed date)."""
    yield "login", web.get("/ui/login").text
    web.login()
    einsatzlotse, kerbside, solarfuchs = (
        str(web.store.find(Startup, ref).id) for ref in ("einsatzlotse", "kerbside-ops", "solarfuchs")
    )
    assert (
        web.post(f"{SHORTLIST}/decisions", {"startup": einsatzlotse, "verdict": "accept"}).status_code == 303
    )
    rejected = {"startup": solarfuchs, "verdict": "reject", "reason": "zu weit weg"}
    assert web.post(f"{SHORTLIST}/decisions", rejected).status_code == 303
    refused = web.post(f"{SHORTLIST}/decisions", {"startup": kerbside, "verdict": "reject"})
    assert refused.status_code == 422 and "Bitte begründen Sie die Ablehnung" in refused.text
    yield "refused decision", refused.text
    yield "board", web.get("/ui/challenges").text
    yield "board, all statuses", web.get("/ui/challenges?status=draft").text
    yield "challenge", web.get(CHALLENGE).text
    yield "shortlist", web.get(f"{CHALLENGE}?shortlist=1").text
    yield "startups", web.get("/ui/startups").text
    yield "startup", web.get("/ui/startups/einsatzlotse").text
    yield "challenge history", web.get("/ui/history/challenge/smart-waste-hunter").text
    yield "shortlist history", web.get("/ui/history/shortlist/smart-waste-hunter/shortlist-1").text
    yield "startup history", web.get("/ui/history/startup/einsatzlotse").text
    yield "report", web.get("/ui/report").text
    yield "not found", web.get("/ui/no-such-page").text
    yield "unknown startup", web.get("/ui/startups/nobody-at-all").text
    yield "malformed date", web.get("/ui/report?as_of=2019-02-30").text
    web.login(AUDITOR_KEY)
    yield (
        "not allowed",
        web.post(f"{SHORTLIST}/decisions", {"startup": "kerbside-ops", "verdict": "accept"}).text,
    )


def test_every_german_page_is_german(web: Browser) -> None:
    findings = {name: untranslated(html) for name, html in german_pages(web)}
    findings = {name: found for name, found in findings.items() if found}
    assert not findings, "\n".join(f"{name}: {found}" for name, found in findings.items())


def test_the_check_finds_what_it_is_for() -> None:
    """The check itself: an English label, a sector, a stage and an ISO date are found; German
    words, names and refs in code are not."""
    page = (
        "<h1>Startups</h1><td>buildings, Energie</td><p>Reifegrad pre-seed (je weiter)</p>"
        "<p>Frist 2019-04-30</p><p title='Shortlist'>Einsatzlotse</p><code>2019-04-30 waste</code>"
        "<p>Punktzahl 4.00</p><span>say why the candidate is rejected</span>"
    )
    found = " ".join(untranslated(page))
    for english in ("Startups", "buildings", "pre-seed", "2019-04-30", "4.00", "say why"):
        assert english in found, english
    assert "Einsatzlotse" not in found and "waste" not in found
    german = "<h1>Start-ups</h1><td>Gebäude &amp; Wohnen</td><p>30.04.2019</p><p>4,00 · 80.000 €</p>"
    assert untranslated(german) == []
