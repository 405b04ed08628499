"""Every write command of the command line once: each builds its command, which the service layer
runs, and says what it did in the words it always has."""

from __future__ import annotations

from pathlib import Path

from tests.cli.test_cli import run

#: Each step and what it says; creating again and revising to the same say that nothing changed.
STEPS: list[tuple[list[str], str]] = [
    (
        ["programme", "launch", "Data-Hub-Programm", "--city", "Herne", "--on", "2018-03-01"],
        "programme data-hub-programm launched",
    ),
    (
        ["programme", "launch", "Data-Hub-Programm", "--city", "Herne", "--on", "2018-03-01"],
        "programme data-hub-programm already launched; nothing changed",
    ),
    (
        ["programme", "join", "data-hub-programm", "FAKT AG", "--on", "2018-04-01"],
        "FAKT AG joined data-hub-programm (version 2)",
    ),
    (
        ["programme", "leave", "data-hub-programm", "FAKT AG", "--reason", "moved", "--on", "2018-05-01"],
        "FAKT AG left data-hub-programm (version 3)",
    ),
    (
        [
            "programme",
            "activity",
            "data-hub-programm",
            "Open Data Portal",
            "--kind",
            "open data",
            "--on",
            "2018-06-01",
        ],
        "activity 'Open Data Portal' noted on data-hub-programm (version 4)",
    ),
    (
        [
            "challenge",
            "draft",
            "Smart Waste Hunter: Sperrmüll",
            "--owner",
            "entsorgung herne AöR",
            "--sector",
            "waste",
            "--description",
            "Sperrmüll digital",
            "--capability",
            "Tourenplanung",
            "--on",
            "2019-02-01",
        ],
        "challenge smart-waste-hunter drafted",
    ),
    (
        ["challenge", "revise", "smart-waste-hunter", "--budget", "80000", "--on", "2019-02-02"],
        "challenge smart-waste-hunter revised (version 2)",
    ),
    (
        ["challenge", "revise", "smart-waste-hunter", "--budget", "80000", "--on", "2019-02-02"],
        "nothing differs; nothing recorded",
    ),
    (
        ["challenge", "publish", "smart-waste-hunter", "--deadline", "2019-04-30", "--on", "2019-03-01"],
        "challenge smart-waste-hunter published; applications until 2019-04-30",
    ),
    (
        [
            "startup",
            "register",
            "Einsatzlotse",
            "--description",
            "Tourenplanung für Kommunen",
            "--on",
            "2019-01-01",
        ],
        "startup einsatzlotse registered",
    ),
    (
        [
            "startup",
            "register",
            "Kerbside Ops",
            "--description",
            "Crew app",
            "--contact-name",
            "Kim",
            "--contact-email",
            "kim@kerbside.example",
            "--on",
            "2019-01-01",
        ],
        "startup kerbside-ops registered",
    ),
    (
        ["apply", "smart-waste-hunter", "einsatzlotse", "--pitch", "Wir planen Touren", "--on", "2019-04-01"],
        "application smart-waste-hunter/einsatzlotse submitted",
    ),
    (
        ["apply", "smart-waste-hunter", "einsatzlotse", "--pitch", "Wir planen Touren", "--on", "2019-04-01"],
        "application smart-waste-hunter/einsatzlotse already submitted; nothing changed",
    ),
    (
        [
            "application",
            "withdraw",
            "smart-waste-hunter/einsatzlotse",
            "--reason",
            "no capacity",
            "--on",
            "2019-04-02",
        ],
        "application smart-waste-hunter/einsatzlotse withdrawn",
    ),
    (
        [
            "shortlist",
            "smart-waste-hunter",
            "--pick",
            "kerbside-ops",
            "--pick",
            "einsatzlotse",
            "--on",
            "2019-04-03",
        ],
        "shortlist smart-waste-hunter/shortlist-1 recorded with 2 hand-picked candidates",
    ),
    (
        ["accept", "smart-waste-hunter/shortlist-1", "kerbside-ops", "--on", "2019-04-04"],
        "kerbside-ops accepted on smart-waste-hunter/shortlist-1",
    ),
    (
        [
            "reject",
            "smart-waste-hunter/shortlist-1",
            "einsatzlotse",
            "--reason",
            "withdrew",
            "--on",
            "2019-04-04",
        ],
        "einsatzlotse rejected on smart-waste-hunter/shortlist-1",
    ),
    (
        ["finalise", "smart-waste-hunter/shortlist-1", "--on", "2019-04-05"],
        "shortlist smart-waste-hunter/shortlist-1 finalised",
    ),
    (
        ["challenge", "close", "smart-waste-hunter", "--on", "2019-05-01"],
        "challenge smart-waste-hunter closed",
    ),
    (
        ["challenge", "reopen", "smart-waste-hunter", "--reason", "closed by mistake", "--on", "2019-05-02"],
        "challenge smart-waste-hunter reopened",
    ),
    (
        ["challenge", "close", "smart-waste-hunter", "--on", "2019-05-03"],
        "challenge smart-waste-hunter closed",
    ),
    (
        ["challenge", "award", "smart-waste-hunter", "kerbside-ops", "--on", "2019-07-01"],
        "challenge smart-waste-hunter awarded to kerbside-ops",
    ),
    (
        [
            "challenge",
            "start-implementation",
            "smart-waste-hunter",
            "--expected-end",
            "2021-06-30",
            "--on",
            "2019-09-01",
        ],
        "implementation of smart-waste-hunter started; expected end 2021-06-30",
    ),
    (
        ["challenge", "complete", "smart-waste-hunter", "--on", "2021-06-30"],
        "implementation of smart-waste-hunter completed",
    ),
    (
        [
            "challenge",
            "draft",
            "Smart Energy: Quartier",
            "--owner",
            "Stadtwerke Herne AG",
            "--sector",
            "energy",
            "--on",
            "2019-02-01",
        ],
        "challenge smart-energy drafted",
    ),
    (
        ["challenge", "withdraw", "smart-energy", "--reason", "no budget", "--on", "2019-02-03"],
        "challenge smart-energy withdrawn",
    ),
    (
        [
            "workshop",
            "plan",
            "Gebäude und Wohnungswirtschaft",
            "--organiser",
            "Stadt Herne",
            "--on",
            "2020-01-20",
        ],
        "workshop gebaeude-und-wohnungswirtschaft planned",
    ),
    (
        [
            "workshop",
            "schedule",
            "gebaeude-und-wohnungswirtschaft",
            "--date",
            "2020-04-23",
            "--place",
            "Herne",
            "--on",
            "2020-02-10",
        ],
        "workshop gebaeude-und-wohnungswirtschaft scheduled for 2020-04-23 in Herne",
    ),
    (
        [
            "workshop",
            "postpone",
            "gebaeude-und-wohnungswirtschaft",
            "--reason",
            "Corona",
            "--on",
            "2020-03-16",
        ],
        "workshop gebaeude-und-wohnungswirtschaft postponed",
    ),
    (
        [
            "workshop",
            "cancel",
            "gebaeude-und-wohnungswirtschaft",
            "--reason",
            "no room",
            "--on",
            "2020-03-20",
        ],
        "workshop gebaeude-und-wohnungswirtschaft cancelled",
    ),
    (["workshop", "plan", "Datenschätze", "--on", "2018-05-15"], "workshop datenschaetze planned"),
    (
        [
            "workshop",
            "schedule",
            "datenschaetze",
            "--date",
            "2018-06-12",
            "--place",
            "Rathaus",
            "--on",
            "2018-05-15",
        ],
        "workshop datenschaetze scheduled for 2018-06-12 in Rathaus",
    ),
    (
        [
            "workshop",
            "hold",
            "datenschaetze",
            "--participant",
            "Stadt Herne",
            "--outcomes",
            "Themen",
            "--on",
            "2018-06-12",
        ],
        "workshop datenschaetze held on 2018-06-12",
    ),
    (
        ["startup", "revise", "kerbside-ops", "--city", "Amsterdam", "--expected-version", "1"],
        "startup kerbside-ops revised (version 2)",
    ),
    (["startup", "withdraw", "einsatzlotse", "--reason", "closed down"], "startup einsatzlotse withdrawn"),
    (
        ["startup", "erase", "kerbside-ops", "--reason", "asked to be forgotten"],
        "contact data of startup kerbside-ops erased; its key is destroyed",
    ),
    (
        ["programme", "end", "data-hub-programm", "--reason", "done", "--on", "2021-07-01"],
        "programme data-hub-programm ended",
    ),
]


def test_every_write_command_says_what_it_did(tmp_path: Path) -> None:
    db = tmp_path / "cli.db"
    for step, said in STEPS:
        code, output = run(db, *step)
        assert code == 0, (step, output)
        assert f"✓ {said}" in output, (step, output)
