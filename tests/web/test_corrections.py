"""Corrections through the pages, for managers only: reopen a closed challenge and revoke an award
on the challenge page, withdraw or change a decision on a candidate's card, correct a wrongly dated
event on the history page; each with a reason, refused next to the field without one, and nothing
written by a refusal. The board shows an early close; a shortlist says what it ranked."""

from __future__ import annotations

import re
from datetime import date

from domain import Challenge, Shortlist, Startup
from tests.api.conftest import AUDITOR_KEY, STARTUP_KEY
from tests.herne import Herne
from tests.web.conftest import CHALLENGE, Browser

DECISIONS = f"{CHALLENGE}/shortlists/1/decisions"
HISTORY = "/ui/history/challenge/smart-waste-hunter"


def card(page: str, ref: str) -> str:
    found = re.search(rf'<article class="candidate[^"]*" id="candidate-{ref}">.*?</article>', page, re.S)
    assert found, f"no card of {ref}"
    return found.group(0)


def status(web: Browser) -> str:
    return str(web.store.find(Challenge, "smart-waste-hunter").status)


def test_a_closed_challenge_is_reopened_with_a_reason_from_its_page(web: Browser) -> None:
    web.login()
    assert 'action="/ui/challenges/smart-waste-hunter/reopen"' not in web.get(CHALLENGE).text  # open
    Herne(web.store).closed(day=date(2019, 5, 2))  # before the deadline of 2099: closed early
    page = web.get(CHALLENGE).text
    assert "vorzeitig beendet" in page and "status-closed-early" in page
    assert 'action="/ui/challenges/smart-waste-hunter/reopen"' in page and "Wieder öffnen" in page
    assert "/revoke-award" not in page  # nothing awarded

    before = web.events()
    unsaid = web.post(f"{CHALLENGE}/reopen", {"reason": " "})
    assert unsaid.status_code == 422
    assert re.search(
        r'data-action="reopen".*?<span class="field-error" data-field="reason"', unsaid.text, re.S
    )
    assert web.events() == before
    reopened = web.post(f"{CHALLENGE}/reopen", {"reason": "closed by mistake"})
    assert reopened.status_code == 303 and reopened.headers["location"] == f"{CHALLENGE}#corrections"
    assert status(web) == "published" and web.events() == before + 1
    assert "/reopen" not in web.get(CHALLENGE).text


def test_an_award_is_revoked_with_a_reason_from_the_challenge_page(web: Browser) -> None:
    herne = Herne(web.store)
    herne.applied("einsatzlotse", day=date(2019, 4, 1))
    herne.closed(day=date(2019, 5, 3))
    herne.awarded("einsatzlotse")
    web.login()
    page = web.get(CHALLENGE).text
    assert "Zuschlag widerrufen" in page and "/reopen" not in page
    revoked = web.post(f"{CHALLENGE}/revoke-award", {"reason": "awarded by mistake"})
    assert revoked.status_code == 303, revoked.text
    assert status(web) == "closed" and web.store.find(Challenge, "smart-waste-hunter").awarded_to == []
    again = web.post(f"{CHALLENGE}/revoke-award", {"reason": "twice"})  # a form posted twice
    assert again.status_code == 409 and "only an award not yet implemented can be revoked" in again.text


def test_corrections_are_no_forms_for_auditors_and_refused_to_them_and_to_startups(web: Browser) -> None:
    Herne(web.store).closed(day=date(2019, 5, 2))
    before = web.events()
    for key in (AUDITOR_KEY, STARTUP_KEY):
        web.login(key)
        page = web.get(CHALLENGE).text
        assert "/reopen" not in page and "Korrekturen" not in page
        forced = web.post(f"{CHALLENGE}/reopen", {"reason": "mine"})
        assert forced.status_code == 403, forced.text
    web.login(AUDITOR_KEY)
    assert "Datum korrigieren" not in web.get(HISTORY).text  # an auditor reads the history only
    forced = web.post(f"{HISTORY}/events/3/date", {"now": "2019-05-01", "reason": "x"})
    assert forced.status_code == 403
    assert web.events() == before


def test_a_decision_is_withdrawn_and_changed_with_a_reason_on_the_candidates_card(web: Browser) -> None:
    web.login()
    kerbside = str(web.store.find(Startup, "kerbside-ops").id)
    assert 'value="withdraw"' not in card(web.get(CHALLENGE).text, "kerbside-ops")  # undecided
    assert web.post(DECISIONS, {"verdict": "accept", "startup": kerbside}).status_code == 303
    assert 'value="withdraw"' in card(web.get(CHALLENGE).text, "kerbside-ops")

    before = web.events()
    unsaid = web.post(DECISIONS, {"verdict": "withdraw", "startup": kerbside, "reason": ""})
    assert unsaid.status_code == 422 and 'data-field="reason"' in card(unsaid.text, "kerbside-ops")
    changed = web.post(DECISIONS, {"verdict": "reject", "startup": kerbside, "reason": ""})
    assert changed.status_code == 422
    assert web.events() == before
    withdrawn = web.post(
        DECISIONS,
        {"verdict": "withdraw", "startup": kerbside, "reason": "entered by mistake"},
        headers={"HX-Request": "true"},
    )
    assert withdrawn.status_code == 200 and "verdict-open" in withdrawn.text, withdrawn.text
    assert web.store.find(Shortlist, "smart-waste-hunter/shortlist-1").decisions == {}
    rejected = web.post(DECISIONS, {"verdict": "reject", "startup": kerbside, "reason": "consumer app"})
    assert rejected.status_code == 303
    unchanged = web.post(DECISIONS, {"verdict": "accept", "startup": kerbside, "reason": ""})
    assert unchanged.status_code == 422 and "Bitte begründen Sie, warum sich die Entscheidung ändert" in card(
        unchanged.text, "kerbside-ops"
    )
    changed = web.post(DECISIONS, {"verdict": "accept", "startup": kerbside, "reason": "a fit after all"})
    assert changed.status_code == 303 and web.events() == before + 3


def test_a_wrongly_dated_event_is_corrected_from_the_history_page(web: Browser) -> None:
    Herne(web.store).closed(day=date(2019, 5, 20))  # event 3
    web.login()
    page = web.get(HISTORY).text
    assert page.count("<summary>Datum korrigieren</summary>") == 2  # not the first event
    assert 'action="/ui/history/challenge/smart-waste-hunter/events/3/date"' in page

    before = web.events()
    early = web.post(f"{HISTORY}/events/3/date", {"now": "2019-02-15", "reason": "typo"})
    assert early.status_code == 409
    assert re.search(r'id="event-3".*?<details class="correct" open>.*?data-field="now"', early.text, re.S)
    unsaid = web.post(f"{HISTORY}/events/3/date", {"now": "2019-05-02", "reason": ""})
    assert unsaid.status_code == 422 and 'data-field="reason"' in unsaid.text
    undated = web.post(f"{HISTORY}/events/3/date", {"now": "", "reason": "typo"})
    assert undated.status_code == 422 and 'data-field="now"' in undated.text
    assert web.events() == before

    corrected = web.post(f"{HISTORY}/events/3/date", {"now": "2019-05-02", "reason": "typed 20 for 02"})
    assert corrected.status_code == 303 and corrected.headers["location"] == f"{HISTORY}#event-3"
    history = web.get(HISTORY).text
    assert "event-DateCorrected" in history and "typed 20 for 02" in history
    assert web.store.find(Challenge, "smart-waste-hunter").closed_on == date(2019, 5, 2)
    assert web.events() == before + 1


def test_the_board_shows_an_early_close_in_both_languages(web: Browser) -> None:
    Herne(web.store).closed(day=date(2019, 5, 2))
    web.login()
    assert "vorzeitig beendet" in web.get("/ui/challenges").text
    english = web.get("/ui/challenges?lang=en").text
    assert 'class="status status-closed-early">closed early</span>' in english
    filtered = web.get("/ui/challenges?status=closed+early&lang=en")
    assert filtered.status_code == 200 and "Smart Waste Hunter" in filtered.text


def test_a_shortlist_says_how_many_startups_it_ranked_known_on_which_day(web: Browser) -> None:
    web.login()
    assert "3 Start-ups bewertet, die am 02.05.2019 bekannt waren" in web.get(CHALLENGE).text
    assert "ranked 3 startups known on 2 May 2019" in web.get(f"{CHALLENGE}?lang=en").text
