"""The challenge page's decision view, download links and tab counts, and a startup's page listing
each challenge once (fast: the web fixture's small Herne programme with a ranked shortlist)."""

from __future__ import annotations

import io
import re
from datetime import date

from openpyxl import load_workbook

from domain import Startup
from services.application.commands import WithdrawDecision
from tests.api.conftest import AUDITOR_KEY, STARTUP_KEY
from tests.conftest import on
from tests.herne import FIRST_SHORTLIST, SMART_WASTE_HUNTER, Herne
from tests.web.conftest import CHALLENGE, Browser

SECOND = f"{SMART_WASTE_HUNTER}/shortlist-2"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def tabs(page: str) -> dict[str, str]:
    """The shortlist tabs' decided counts by number (`1` → `1/3`)."""
    nav = re.search(r'<nav class="tabs" id="shortlist-tabs".*?</nav>', page, re.S)
    assert nav, "no shortlist tabs"
    return dict(re.findall(r'data-number="(\d+)".*?<span class="decided">([^<]+)</span>', nav.group(0), re.S))


def decision_row(page: str, ref: str) -> str:
    found = re.search(rf'<tr data-startup="{ref}">.*?</tr>', page, re.S)
    assert found, f"no decision row of {ref}"
    return found.group(0)


def test_the_tab_counts_a_decision_taken_through_htmx(web: Browser) -> None:
    web.login()
    assert tabs(web.get(CHALLENGE).text) == {"1": "0/3"}
    startup = str(web.store.find(Startup, "einsatzlotse").id)
    answer = web.post(
        f"{CHALLENGE}/shortlists/1/decisions",
        {"verdict": "accept", "startup": startup, "reason": "passt"},
        headers={"HX-Request": "true"},
    )
    assert answer.status_code == 200 and answer.text.lstrip().startswith('<article class="candidate')
    assert 'id="shortlist-tabs" hx-swap-oob="true"' in answer.text  # swapped in beside the card
    assert tabs(answer.text) == {"1": "1/3"}
    assert 'id="decisions" hx-swap-oob="true"' in answer.text
    assert "angenommen" in decision_row(answer.text, "einsatzlotse")
    assert tabs(web.get(CHALLENGE).text) == {"1": "1/3"}  # and so does the page


def test_the_decision_view_shows_the_latest_decision_and_the_history(web: Browser) -> None:
    herne = Herne(web.store)
    herne.accepted("einsatzlotse", "passt", shortlist=FIRST_SHORTLIST, day=date(2019, 5, 3))
    herne.rejected("kerbside-ops", "zu früh", shortlist=FIRST_SHORTLIST, day=date(2019, 5, 3))
    herne.shortlisted(herne.candidates("einsatzlotse", "kerbside-ops"), date(2019, 6, 1))
    herne.rejected("einsatzlotse", "Budget fehlt", shortlist=SECOND, day=date(2019, 6, 2))
    herne.accepted("kerbside-ops", "doch", shortlist=SECOND, day=date(2019, 6, 2))
    herne.record(WithdrawDecision(SECOND, "kerbside-ops", "Irrtum"), on(2019, 6, 3))
    web.login(AUDITOR_KEY)
    page = web.get(CHALLENGE).text
    assert tabs(page) == {"1": "2/3", "2": "1/2"}
    einsatzlotse = decision_row(page, "einsatzlotse")
    current = re.search(r'<td class="current">(.*?)</td>', einsatzlotse, re.S).group(1)
    assert "abgelehnt" in current and "auf Shortlist 2" in current and "02.06.2019" in current
    history = re.findall(r"<li[^>]*>(.*?)</li>", einsatzlotse)
    assert history[0].startswith("angenommen auf Shortlist 1, 03.05.2019")
    assert history[1].startswith("abgelehnt auf Shortlist 2, 02.06.2019")
    kerbside = decision_row(page, "kerbside-ops")
    assert "abgelehnt" in re.search(r'<td class="current">(.*?)</td>', kerbside, re.S).group(1)
    assert "zurückgenommen auf Shortlist 2, 03.06.2019" in kerbside  # the withdrawal, kept
    english = web.get(f"{CHALLENGE}?lang=en").text
    assert "withdrawn on shortlist 2" in decision_row(english, "kerbside-ops")


def test_the_download_links_give_the_shortlist_in_the_visitors_language(web: Browser) -> None:
    Herne(web.store).accepted("einsatzlotse", "passt", day=date(2019, 5, 3))
    web.login()
    page = web.get(CHALLENGE).text
    link = re.search(r'<a class="download" href="([^"]+)" download data-format="xlsx">', page)
    assert link and link.group(1) == f"{CHALLENGE}/shortlists/1/export?format=xlsx"
    answer = web.get(link.group(1))
    assert answer.status_code == 200 and answer.headers["content-type"] == XLSX
    assert 'filename="smart-waste-hunter-shortlist-1.xlsx"' in answer.headers["content-disposition"]
    sheet = load_workbook(io.BytesIO(answer.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][:3] == ("Rang", "Referenz", "Name") and "Entscheidung" in rows[0]
    einsatzlotse = dict(zip(rows[0], rows[1], strict=True))
    assert einsatzlotse["Referenz"] == "einsatzlotse" and einsatzlotse["Entscheidung"] == "angenommen"
    assert einsatzlotse["Entschieden am"].date() == date(2019, 5, 3)
    assert sheet.cell(2, rows[0].index("Entschieden am") + 1).number_format == "DD.MM.YYYY"
    csv_link = re.search(r'<a class="download" href="([^"]+)" download data-format="csv">', page).group(1)
    csv_text = web.get(csv_link + "&lang=en").content.decode("utf-8-sig")
    assert csv_text.startswith("Rank,Reference,Name,") and "accepted" in csv_text


def test_a_startup_downloads_no_shortlist(web: Browser) -> None:
    web.login(STARTUP_KEY)
    assert web.get(f"{CHALLENGE}/shortlists/1/export?format=xlsx").status_code == 403
    assert "download" not in web.get(CHALLENGE).text


def test_a_startup_page_lists_each_challenge_once_with_its_current_state(web: Browser) -> None:
    herne = Herne(web.store)
    herne.applied("einsatzlotse", day=date(2019, 5, 1))
    herne.accepted("einsatzlotse", "passt", day=date(2019, 5, 3))
    for day in (date(2019, 6, 1), date(2019, 6, 5), date(2019, 6, 9)):
        herne.shortlisted(herne.candidates("einsatzlotse"), day)
    herne.rejected(
        "einsatzlotse", "Budget fehlt", shortlist=f"{SMART_WASTE_HUNTER}/shortlist-3", day=date(2019, 6, 6)
    )
    web.login()
    page = web.get("/ui/startups/einsatzlotse").text
    rows = re.findall(r'<tr data-challenge="([^"]+)" data-state="([^"]+)">', page)
    assert rows == [(SMART_WASTE_HUNTER, "rejected")]  # once, though on four shortlists
    row = re.search(r'<tr data-challenge="smart-waste-hunter".*?</tr>', page, re.S).group(0)
    assert "abgelehnt" in row and "auf Shortlist 3" in row and "Budget fehlt" in row
    assert len(re.findall(r"\?shortlist=\d", row)) == 4
    web.login(STARTUP_KEY)
    own = web.get("/ui/startups/einsatzlotse").text
    assert re.findall(r'<tr data-challenge="([^"]+)" data-state="([^"]+)">', own) == [
        (SMART_WASTE_HUNTER, "applied")
    ]  # its application; no decisions, which are the city's
    assert "Budget fehlt" not in own
