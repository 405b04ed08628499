"""Happy paths of every resource through HTTP, against a real store."""

from __future__ import annotations

from tests.api.conftest import AUDITOR_KEY, STARTUP_KEY, Api, refused


def test_programmes_launch_once_and_list(api: Api) -> None:
    body = {
        "name": "Data-Hub-Programm",
        "city": "Herne",
        "partners": ["Gründerallianz Ruhr"],
        "occurred_on": "2018-03-01",
    }
    launched = api.post("/programmes", body)
    assert launched.status_code == 201 and launched.json()["ref"] == "data-hub-programm"
    again = api.post("/programmes", body)
    assert again.status_code == 200 and again.json()["changed"] is False
    [programme] = api.get("/programmes").json()["items"]
    assert (
        programme["partners"][0]["name"] == "Gründerallianz Ruhr" and programme["starts_on"] == "2018-03-01"
    )
    by_id = api.get(f"/programmes/{launched.json()['id']}").json()
    assert by_id["name"] == "Data-Hub-Programm" and by_id["version"] == 1


def test_a_challenge_from_draft_to_completed_implementation(seeded: Api) -> None:
    path = "/challenges/smart-energy-plattform"
    revised = seeded.patch(
        path,
        {
            "changes": {"description": "Quartiersenergie steuern", "region_preference": "NRW"},
            "occurred_on": "2019-02-10",
        },
    )
    assert revised.json()["changed"] is True
    assert seeded.patch(path, {"changes": {"region_preference": "NRW"}}).json()["changed"] is False
    assert (
        seeded.post(f"{path}/publish", {"deadline": "2099-06-30", "occurred_on": "2019-03-01"}).json()[
            "version"
        ]
        == 3
    )
    apply = {
        "challenge": "smart-energy-plattform",
        "startup": "solarfuchs",
        "pitch": "PV",
        "occurred_on": "2019-04-01",
    }
    assert seeded.post("/applications", apply).status_code == 201
    assert seeded.post(f"{path}/close", {"occurred_on": "2019-07-01"}).status_code == 200
    award = seeded.post(f"{path}/award", {"startups": ["solarfuchs"], "occurred_on": "2019-08-01"})
    assert award.status_code == 200, award.text
    started = seeded.post(
        f"{path}/implementation/start", {"expected_end": "2021-06-30", "occurred_on": "2019-09-01"}
    )
    assert started.status_code == 200
    done = seeded.post(f"{path}/implementation/complete", {"summary": "läuft", "occurred_on": "2021-06-30"})
    assert done.json()["version"] == 7
    state = seeded.get(path).json()
    assert state["status"] == "completed" and state["awarded_to"] == ["startup/solarfuchs"]
    board = seeded.get("/challenges?status=completed&sector=energy").json()["items"]
    assert [c["ref"] for c in board] == ["smart-energy-plattform"] and board[0]["awarded"] == ["Solarfuchs"]
    assert seeded.get("/challenges?programme=data-hub-programm").json()["count"] == 1
    withdrawn = seeded.post("/challenges/smart-waste-hunter/withdraw", {"reason": "Budget gestrichen"})
    assert withdrawn.status_code == 200
    assert seeded.get("/challenges?status=withdrawn").json()["items"][0]["ref"] == "smart-waste-hunter"


def test_a_challenge_names_several_sectors_or_none(seeded: Api) -> None:
    body = {"title": "Lieferverkehr", "owner": "Stadt Herne", "sectors": ["logistics", "mobility"]}
    drafted = seeded.post("/challenges", body)
    assert drafted.status_code == 201, drafted.text
    details = seeded.get("/challenges/lieferverkehr").json()["details"]
    assert (details["sectors"], details["sector"]) == (["logistics", "mobility"], "logistics")
    board = seeded.get("/challenges?sector=mobility").json()["items"]
    assert [(c["ref"], c["sectors"], c["sector"]) for c in board] == [
        ("lieferverkehr", ["logistics", "mobility"], "logistics")
    ]
    none = seeded.post("/challenges", {"title": "Ohne Branche", "owner": "Stadt"})
    assert none.status_code == 201, none.text
    rows = {c["ref"]: c for c in seeded.get("/challenges").json()["items"]}
    assert (rows["ohne-branche"]["sectors"], rows["ohne-branche"]["sector"]) == ([], None)
    one = seeded.patch("/challenges/ohne-branche", {"changes": {"sector": "water"}})
    assert one.status_code == 200, one.text
    assert seeded.get("/challenges/ohne-branche").json()["details"]["sectors"] == ["water"]
    before = seeded.events()
    twice = seeded.patch("/challenges/ohne-branche", {"changes": {"sectors": ["water", "water"]}})
    assert refused(seeded, twice, 422, before) == {
        "loc": ["body", "sectors"],  # as the API names any field of a revision the domain refuses
        "msg": "'water' is named twice",
        "type": "invalid_value",
    }


def test_startups_register_revise_withdraw(seeded: Api) -> None:
    body = {
        "name": "Mietwatt",
        "description": "Mieterstrom",
        "sectors": ["energy"],
        "stage": "seed",
        "occurred_on": "2019-05-01",
    }
    registered = seeded.post("/startups", body)
    assert registered.status_code == 201 and registered.json()["ref"] == "mietwatt"
    assert seeded.post("/startups", body).status_code == 200
    assert seeded.patch("/startups/mietwatt", {"changes": {"team_size": 4}}).json()["version"] == 2
    energy = seeded.get("/startups?sector=energy").json()["items"]
    assert {s["ref"] for s in energy} == {"mietwatt", "solarfuchs"}
    assert seeded.post("/startups/mietwatt/withdraw", {"reason": "aufgelöst"}).json()["version"] == 3
    assert seeded.get("/startups/mietwatt").json()["withdrawn_on"] is not None


def test_workshops_plan_schedule_postpone_hold_and_cancel(seeded: Api) -> None:
    path = "/workshops/gebaeude-und-wohnungswirtschaft"
    assert (
        seeded.post(
            f"{path}/schedule",
            {"takes_place_on": "2020-03-20", "place": "Rathaus", "occurred_on": "2020-02-01"},
        ).status_code
        == 200
    )
    assert (
        seeded.post(f"{path}/postpone", {"reason": "Corona", "occurred_on": "2020-03-13"}).status_code == 200
    )
    assert (
        seeded.post(
            f"{path}/schedule",
            {"takes_place_on": "2021-09-10", "place": "online", "occurred_on": "2021-06-01"},
        ).status_code
        == 200
    )
    held = seeded.post(
        f"{path}/hold", {"participants": ["Stadt Herne"], "outcomes": "Ideen", "occurred_on": "2021-09-10"}
    )
    assert held.json()["version"] == 5
    [workshop] = seeded.get("/workshops", STARTUP_KEY).json()["items"]
    assert workshop["status"] == "held" and workshop["postponements"][0]["reason"] == "Corona"
    planned = seeded.post(
        "/workshops", {"theme": "Mobilität", "organisers": ["Stadt Herne"], "programme": "data-hub-programm"}
    )
    assert planned.status_code == 201
    assert seeded.post("/workshops/mobilitaet/cancel", {"reason": "keine Anmeldungen"}).status_code == 200
    assert seeded.get("/workshops/mobilitaet").json()["status"] == "cancelled"


def test_applications_by_challenge_and_startup(seeded: Api) -> None:
    for startup in ("einsatzlotse", "kerbside-ops"):
        body = {
            "challenge": "smart-waste-hunter",
            "startup": startup,
            "pitch": "Touren",
            "occurred_on": "2019-04-01",
        }
        assert seeded.post("/applications", body).status_code == 201
    assert seeded.get("/applications?challenge=smart-waste-hunter").json()["count"] == 2
    [one] = seeded.get("/applications?startup=kerbside-ops").json()["items"]
    assert one["startup"] == "Kerbside Ops" and one["challenge"].startswith("Smart Waste Hunter")
    read = seeded.get("/applications/smart-waste-hunter/einsatzlotse", STARTUP_KEY)
    assert read.json()["pitch"] == "Touren"
    withdrawn = seeded.post(
        "/applications/smart-waste-hunter/einsatzlotse/withdraw", {"reason": "keine Zeit"}, STARTUP_KEY
    )
    assert withdrawn.json()["version"] == 2


def test_the_council_report_in_both_languages(seeded: Api) -> None:
    german = seeded.get("/reports/council?as_of=2019-12-31", STARTUP_KEY).json()
    assert german["text"].startswith("Bericht zur Anfrage") and german["as_of"] == "2019-12-31"
    assert german["report"]["projects"][0]["ref"] == "smart-waste-hunter"
    english = seeded.get("/reports/council?as_of=2019-12-31&lang=en").json()
    assert english["text"].startswith("Report on the inquiry")
    assert seeded.get("/reports/council?lang=fr").status_code == 422


def test_history_and_state_as_of_a_business_date(seeded: Api) -> None:
    history = seeded.get("/history/challenge/smart-waste-hunter", AUDITOR_KEY).json()
    assert [e["event"] for e in history["items"]] == ["Drafted", "Published"]
    assert (
        history["items"][0]["actor"] == "Petra Programm"
        and history["items"][1]["occurred_on"] == "2019-03-01"
    )
    early = seeded.get("/history/challenge/smart-waste-hunter?as_of=2019-02-15", AUDITOR_KEY).json()
    assert early["count"] == 1
    then = seeded.get("/state/challenge/smart-waste-hunter?as_of=2019-02-15", AUDITOR_KEY).json()
    assert then["status"] == "draft" and then["version"] == 1
    challenge_id = then["id"]
    assert seeded.get(f"/state/challenge/{challenge_id}").json()["status"] == "published"
    assert seeded.get(f"/state/startup/{challenge_id}").status_code == 404  # a UUID of another kind
    missing = seeded.get("/state/challenge/smart-waste-hunter?as_of=2018-01-01").json()
    assert missing["detail"][0]["loc"] == ["query", "as_of"]
