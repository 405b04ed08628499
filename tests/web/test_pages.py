"""The web pages through FastAPI's test client: log-in, what each role sees, reading without
JavaScript, decisions with and without htmx, field errors that write nothing, languages."""

from __future__ import annotations

import re

from domain import Startup
from services.application.commands import DraftChallenge, handle
from services.entrypoints.http import create_app
from services.entrypoints.web.i18n import LABELS, preferred
from tests.api.conftest import AUDITOR_KEY, OTHER_STARTUP_KEY, STARTUP_KEY
from tests.conftest import MANAGER, on
from tests.herne import BEST_SENTENCE, challenge_details
from tests.web.conftest import CHALLENGE, Browser

DECISIONS = f"{CHALLENGE}/shortlists/1/decisions"


def candidate(page: str, ref: str) -> str:
    """The HTML of one candidate's card."""
    found = re.search(rf'<article class="candidate[^"]*" id="candidate-{ref}">.*?</article>', page, re.S)
    assert found, f"no card of {ref}"
    return found.group(0)


def startup_id(web: Browser, ref: str) -> str:
    return str(web.store.find(Startup, ref).id)


def test_pages_ask_for_a_log_in_and_the_key_decides_the_role(web: Browser) -> None:
    answer = web.get(f"{CHALLENGE}?shortlist=1", follow_redirects=False)
    assert answer.status_code == 303
    assert (
        answer.headers["location"] == "/ui/login?next=%2Fui%2Fchallenges%2Fsmart-waste-hunter%3Fshortlist%3D1"
    )
    wrong = web.client.post("/ui/login", data={"key": "guessed"})
    assert wrong.status_code == 422
    assert re.search(r'name="key".*\n.*<span class="field-error" data-field="key"', wrong.text)
    logged_in = web.client.post(
        "/ui/login",
        data={"key": "manager-key", "next": "/ui/challenges/smart-waste-hunter"},
        follow_redirects=False,
    )
    assert logged_in.headers["location"] == "/ui/challenges/smart-waste-hunter"
    cookie = logged_in.headers["set-cookie"]
    assert "HttpOnly" in cookie and "SameSite=strict" in cookie and "Path=/ui" in cookie
    assert "Petra Programm" in web.get("/ui/challenges").text
    elsewhere = web.client.post("/ui/login", data={"key": "manager-key", "next": "https://evil.example/"})
    assert elsewhere.url.path == "/ui/challenges"  # no open redirect
    web.post("/ui/logout")
    assert web.get("/ui/challenges", follow_redirects=False).status_code == 303


def test_the_board_filters_and_shows_field_errors(web: Browser) -> None:
    web.login()
    board = web.get("/ui/challenges").text
    assert "Smart Waste Hunter" in board and "Smart Energy Plattform" in board  # a manager sees drafts
    drafts = web.get("/ui/challenges?status=draft").text
    assert "Smart Energy Plattform" in drafts and "Smart Waste Hunter" not in drafts
    assert "Smart Waste Hunter" in web.get("/ui/challenges?programme=data-hub-programm&sector=waste").text
    bad = web.get("/ui/challenges?status=sleeping&sector=waste")
    assert bad.status_code == 422
    assert re.search(
        r'name="status".*?<span class="field-error" data-field="status"[^>]*>&#39;sleeping&#39;',
        bad.text,
        re.S,
    )
    unknown = web.get("/ui/challenges?programme=nowhere")
    assert unknown.status_code == 422 and 'data-field="programme"' in unknown.text


def test_the_board_and_the_challenge_page_show_every_sector(web: Browser) -> None:
    details = challenge_details(title="Lieferverkehr", sector=None, sectors=["logistics", "mobility"])
    handle(web.store, DraftChallenge(details), by=MANAGER, when=on(2019, 2, 1))
    none = challenge_details(title="Ohne Branche", sector=None)
    handle(web.store, DraftChallenge(none), by=MANAGER, when=on(2019, 2, 1))
    web.login()
    row = re.search(
        r"<tr>\s*<td[^>]*><a [^>]*>Lieferverkehr</a>.*?</tr>", web.get("/ui/challenges").text, re.S
    )
    assert row and re.search(r'<td class="sectors"[^>]*>Logistik, Mobilität</td>', row.group(0))
    second = web.get("/ui/challenges?sector=mobility").text  # the second of its sectors
    assert "Lieferverkehr" in second and "Smart Waste Hunter" not in second
    page = web.get("/ui/challenges/lieferverkehr").text
    assert '<dd class="sectors">Logistik, Mobilität</dd>' in page
    assert '<dd class="sectors">–</dd>' in web.get("/ui/challenges/ohne-branche").text
    assert '<dd class="sectors">Abfall &amp; Kreislaufwirtschaft</dd>' in web.get(CHALLENGE).text
    assert '<dd class="sectors">Waste &amp; recycling</dd>' in web.get(f"{CHALLENGE}?lang=en").text


def test_the_challenge_page_reads_without_javascript(web: Browser) -> None:
    web.login(AUDITOR_KEY)
    page = web.get(CHALLENGE).text
    assert "Sperrmüll digital anmelden" in page  # the description
    einsatzlotse = candidate(page, "einsatzlotse")
    assert f"<mark>{BEST_SENTENCE}</mark>" in einsatzlotse  # the best-matching sentence highlighted
    assert "Tourenplanung ← <strong>Tourenplanung</strong>" in einsatzlotse  # matched capability
    assert re.search(
        r'data-component="lexical">.*?style="left: 50(\.0)?%; width: 50(\.0)?%"', einsatzlotse, re.S
    )
    kerbside = candidate(page, "kerbside-ops")
    assert re.search(r'data-component="lexical">.*?class="bar-fill negative"', kerbside, re.S)
    assert "/ui/history/shortlist/smart-waste-hunter/shortlist-1" in page


def test_an_auditor_sees_no_form_that_writes_and_a_forced_one_writes_nothing(web: Browser) -> None:
    web.login(AUDITOR_KEY)
    page = web.get(CHALLENGE).text
    assert page.count('method="post"') == 1 and 'action="/ui/logout"' in page  # only logging out
    assert "Annehmen" not in page and "Shortlist anfordern" not in page
    before = web.events()
    forced = web.post(DECISIONS, {"verdict": "accept", "startup": startup_id(web, "einsatzlotse")})
    assert forced.status_code == 403 and "auditor" in forced.text
    assert web.post(f"{CHALLENGE}/shortlists", {"top": "3"}).status_code == 403
    assert web.events() == before


def test_a_startup_sees_what_the_api_shows_it(web: Browser) -> None:
    web.login(STARTUP_KEY)
    board = web.get("/ui/challenges").text
    assert "Smart Waste Hunter" in board and "Smart Energy Plattform" not in board  # no drafts
    page = web.get(CHALLENGE).text
    assert "Shortlist" not in page and "candidate-" not in page  # no shortlists for startups
    assert web.get("/ui/challenges/smart-energy-plattform").status_code == 404
    assert web.get("/ui/history/challenge/smart-waste-hunter").status_code == 403
    other = web.get("/ui/startups/solarfuchs").text
    assert "fritz@solarfuchs.example" not in other and "nur für das Start-up selbst" in other
    web.login(OTHER_STARTUP_KEY)
    assert "eva@einsatzlotse.example" not in web.get("/ui/startups/einsatzlotse").text
    web.login()
    own = web.get("/ui/startups/einsatzlotse").text
    assert "eva@einsatzlotse.example" in own and "smart-waste-hunter/shortlist-1" in own


def test_decisions_without_javascript_redirect_back_and_with_htmx_replace_the_card(web: Browser) -> None:
    web.login()
    before = web.events()
    accepted = web.post(
        DECISIONS, {"verdict": "accept", "startup": startup_id(web, "einsatzlotse"), "reason": "passt"}
    )
    assert accepted.status_code == 303
    assert (
        accepted.headers["location"] == "/ui/challenges/smart-waste-hunter?shortlist=1#candidate-einsatzlotse"
    )
    card = candidate(web.get(accepted.headers["location"]).text, "einsatzlotse")
    assert "verdict-accepted" in card and "angenommen von Petra Programm" in card
    rejected = web.post(
        DECISIONS,
        {"verdict": "reject", "startup": startup_id(web, "solarfuchs"), "reason": "Energie"},
        headers={"HX-Request": "true"},
    )
    assert rejected.status_code == 200 and rejected.text.lstrip().startswith('<article class="candidate')
    assert "verdict-rejected" in rejected.text and "<html" not in rejected.text
    assert web.events() == before + 2


def test_a_rejection_without_a_reason_is_refused_next_to_the_field(web: Browser) -> None:
    web.login()
    before = web.events()
    kerbside = startup_id(web, "kerbside-ops")
    page = web.post(DECISIONS, {"verdict": "reject", "startup": kerbside, "reason": " "})
    assert page.status_code == 422
    card = candidate(page.text, "kerbside-ops")
    assert re.search(
        r'name="reason".*\n.*<span class="field-error" data-field="reason"[^>]*>Bitte begründen', card
    )
    assert 'data-field="reason"' not in candidate(page.text, "solarfuchs")  # only that candidate's field
    fragment = web.post(DECISIONS, {"verdict": "reject", "startup": kerbside}, headers={"HX-Request": "true"})
    assert fragment.status_code == 422 and 'data-field="reason"' in fragment.text
    assert web.events() == before


def test_forms_need_their_token_and_our_origin(web: Browser) -> None:
    web.login()
    before = web.events()
    decision = {"verdict": "accept", "startup": startup_id(web, "einsatzlotse")}
    without = web.client.post(DECISIONS, data=decision)
    assert without.status_code == 403 and "csrf" in without.text
    foreign = web.post(DECISIONS, decision, headers={"Origin": "https://evil.example"})
    assert foreign.status_code == 403
    assert web.post(DECISIONS, decision, headers={"Origin": "http://testserver"}).status_code == 303
    assert web.events() == before + 1


def test_a_shortlist_request_with_bad_input_is_refused_next_to_the_field(web: Browser) -> None:
    web.login()
    before = web.events()
    for form, field in (
        ({"top": "0"}, "top"),
        ({"top": "many"}, "top"),
        ({"occurred_on": "2019-13-45"}, "occurred_on"),
        ({"region": "Mars"}, "region"),
    ):
        page = web.post(f"{CHALLENGE}/shortlists", form)
        assert page.status_code == 422, form
        assert re.search(
            rf'name="{field}".*?<span class="field-error" data-field="{field}"', page.text, re.S
        ), form
    assert web.events() == before
    draft = web.get("/ui/challenges/smart-energy-plattform").text
    assert (
        "Shortlist anfordern" not in draft and "is draft; shortlists are made for" in draft
    )  # the rule, as a note


def test_a_shortlist_requested_through_the_form_is_ranked_by_the_model(web: Browser) -> None:
    web.login()
    made = web.post(f"{CHALLENGE}/shortlists", {"top": "2", "sectors": "waste", "diverse": "on"})
    assert made.status_code == 303
    assert made.headers["location"] == "/ui/challenges/smart-waste-hunter?shortlist=2#shortlist"
    page = web.get(made.headers["location"]).text
    assert "smart-waste-hunter/shortlist-2" in page and page.count('<article class="candidate') == 2


def test_the_report_as_of_a_date_with_its_chart_and_field_errors(web: Browser) -> None:
    web.login()
    report = web.get("/ui/report?as_of=2019-06-01").text
    assert "Stand 01.06.2019" in report and report.count('<polyline class="series') == 2
    assert "<td>01.03.2019</td>" in report  # the chart's values as a table, readable without the chart
    bad = web.get("/ui/report?as_of=2019-02-30")
    assert bad.status_code == 422
    assert re.search(r'name="as_of".*\n.*<span class="field-error" data-field="as_of"', bad.text)
    english = web.get("/ui/report?as_of=2019-06-01&lang=en")
    assert "as of 1 Jun 2019" in english.text and "lang=en" in english.headers["set-cookie"]
    assert "Challenges" in web.get("/ui/challenges").text  # the cookie keeps the language


def test_the_history_of_an_item_names_who_did_what_and_when(web: Browser) -> None:
    web.login(AUDITOR_KEY)
    history = web.get("/ui/history/challenge/smart-waste-hunter").text
    assert history.count('<tr class="event') == 2
    assert "event-Published" in history and "Petra Programm" in history and "Programm-Management" in history
    assert "<td>ausgeschrieben</td>" in history  # the event's name in German
    assert (
        web.get("/ui/history/challenge/smart-waste-hunter?as_of=2019-02-15").text.count('<tr class="event')
        == 1
    )
    bad = web.get("/ui/history/challenge/smart-waste-hunter?as_of=yesterday")
    assert bad.status_code == 422 and 'data-field="as_of"' in bad.text
    assert web.get("/ui/history/sandwich/smart-waste-hunter").status_code == 404
    shortlist = web.get("/ui/history/shortlist/smart-waste-hunter/shortlist-1").text
    assert "event-Produced" in shortlist and "<details>" in shortlist  # long changes folded


def test_german_by_default_english_on_request_and_every_label_in_both() -> None:
    assert set(LABELS["de"]) == set(LABELS["en"])
    assert preferred("") == "de" and preferred("en-GB,en;q=0.9,de;q=0.8") == "en"
    assert preferred("fr-FR,de;q=0.5,en;q=0.4") == "de"


def test_accept_language_chooses_english(web: Browser) -> None:
    web.login()
    assert "Log out" in web.get("/ui/challenges", headers={"Accept-Language": "en-US,en;q=0.9"}).text
    assert "Abmelden" in web.get("/ui/challenges").text


def test_the_pages_are_not_part_of_the_api_document() -> None:
    assert not [path for path in create_app(keys={}).openapi()["paths"] if path.startswith("/ui")]


def test_an_unknown_address_is_a_page_not_json(web: Browser) -> None:
    web.login()
    answer = web.get("/ui/no-such-page")
    assert answer.status_code == 404 and answer.headers["content-type"].startswith("text/html")
    assert "Nicht gefunden" in answer.text and "/ui/no-such-page" in answer.text
    assert web.get("/ui/static/web.css").status_code == 200  # the files are still served


def test_every_score_component_is_explained_in_the_visitors_language(web: Browser) -> None:
    """A ranked shortlist's cards say in a line per component why it scored so, in German or in
    English, and the shortlist says what was learnt from decisions (none yet)."""
    web.login()
    made = web.post(f"{CHALLENGE}/shortlists", {"top": "2"})
    assert made.status_code == 303
    german = web.get(made.headers["location"]).text
    assert "Noch nichts gelernt: keine Entscheidungen erfasst" in german
    card = re.search(r'<article class="candidate.*?</article>', german.split("shortlist-2", 1)[1], re.S)
    assert card
    assert LABELS["de"]["explanations"] in card.group(0)
    components = ("dense", "lexical", "sector", "capabilities", "region", "stage", "reranker", "feedback")
    for component in components:
        assert f'<li data-component="{component}">' in card.group(0)
    assert "noch keine Entscheidungen zu dieser Ausschreibung" in card.group(0)
    english = web.get(f"{CHALLENGE}?shortlist=2&lang=en").text
    assert "no decisions on this challenge yet" in english and "Nothing learnt yet" in english
