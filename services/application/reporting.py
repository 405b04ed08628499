"""The council report as a document: sections numbered like the questions of inquiry 2021/0401, in
German or English, with dates and numbers formatted by Babel for the language (de: 27.04.2021).

The council asked six questions; section n answers question n, in the inquiry's own words, so a
reader can lay the report beside the inquiry. One document (`ReportDocument`: sections of
paragraphs, tables and funnels) is what the text (`render`), the web page, the CSV, the XLSX and
the PDF are all made of, so none of them can number or word a section differently.

Every word a reader sees comes from the gettext catalogues (services/locale, keys `report_*`,
`sector_*`; read through services/application/translations.py, like the pages' labels) or from
the history itself (names, themes, descriptions, reasons): the stored domain values (statuses,
sectors, activity kinds) are identifiers, and are put into words here.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from functools import cache
from typing import Any

from domain import ChallengeStatus, WorkshopStatus
from services.application.translations import LANGUAGES, N_, label, number
from services.application.translations import day as _day

#: A table cell: words, a count (a number in a spreadsheet), a date (a date in a spreadsheet), or empty.
Cell = str | int | date | None

#: Activity kinds that answer question 5 (links to universities); every other activity answers 6.
UNIVERSITY_KINDS = frozenset({"university", "technology transfer", "research", "science"})

#: The steps of a programme's funnel, in order (keys of the report's `funnel`).
FUNNEL_STEPS = ("challenges", "applications", "shortlisted", "accepted", "awarded")

#: The report's fixed words, by catalogue key (`report_title` is `t["title"]`).
KEYS = (
    N_("report_title"),
    N_("report_q1_text"),
    N_("report_figures"),
    N_("report_figure"),
    N_("report_count"),
    N_("report_registered"),
    N_("report_applied"),
    N_("report_shortlisted"),
    N_("report_accepted"),
    N_("report_awarded"),
    N_("report_funnel"),
    N_("report_funnel_step"),
    N_("report_step_challenges"),
    N_("report_step_applications"),
    N_("report_step_shortlisted"),
    N_("report_step_accepted"),
    N_("report_step_awarded"),
    N_("report_programmes"),
    N_("report_programme"),
    N_("report_city"),
    N_("report_since"),
    N_("report_state"),
    N_("report_tenders"),
    N_("report_workshops_held"),
    N_("report_workshops_open"),
    N_("report_active"),
    N_("report_ended"),
    N_("report_partners"),
    N_("report_partner"),
    N_("report_left_on"),
    N_("report_reason"),
    N_("report_held"),
    N_("report_workshop"),
    N_("report_held_on"),
    N_("report_outcomes"),
    N_("report_note"),
    N_("report_projects"),
    N_("report_project"),
    N_("report_owner"),
    N_("report_sectors"),
    N_("report_published_on"),
    N_("report_applications"),
    N_("report_no_projects"),
    N_("report_planned"),
    N_("report_plan"),
    N_("report_kind"),
    N_("report_kind_workshop"),
    N_("report_kind_challenge"),
    N_("report_nothing_planned"),
    N_("report_measures"),
    N_("report_measure"),
    N_("report_description"),
    N_("report_no_university_measures"),
    N_("report_no_measures"),
    N_("report_assumed"),
    N_("report_revoked"),
    N_("report_recorded_later"),
    N_("report_corrected"),
)
#: The inquiry's questions, as the council member asked them (de) and translated (en).
QUESTIONS = {
    1: N_("report_question_1"),
    2: N_("report_question_2"),
    3: N_("report_question_3"),
    4: N_("report_question_4"),
    5: N_("report_question_5"),
    6: N_("report_question_6"),
}
#: Where a project stands, keyed on the domain's statuses (parameters: the project's dates).
STATUS = {
    ChallengeStatus.DRAFT: N_("report_status_draft"),
    ChallengeStatus.PUBLISHED: N_("report_status_published"),
    ChallengeStatus.CLOSED: N_("report_status_closed"),
    ChallengeStatus.CLOSED_EARLY: N_("report_status_closed_early"),
    ChallengeStatus.AWARDED: N_("report_status_awarded"),
    ChallengeStatus.IMPLEMENTING: N_("report_status_implementing"),
    ChallengeStatus.COMPLETED: N_("report_status_completed"),
    ChallengeStatus.WITHDRAWN: N_("report_status_withdrawn"),
}
#: Where a workshop still to come stands (`UPCOMING`).
WORKSHOP_STATUS = {
    WorkshopStatus.PLANNED: N_("report_workshop_planned"),
    WorkshopStatus.SCHEDULED: N_("report_workshop_scheduled"),
    WorkshopStatus.POSTPONED: N_("report_workshop_postponed"),
}
#: Activity kinds are the manager's free text; these are the ones the programme managers use
#: (a kind not listed is shown as written).
ACTIVITY_KINDS = {
    "membership": N_("report_activity_membership"),
    "advice": N_("report_activity_advice"),
    "event series": N_("report_activity_event_series"),
    "open data": N_("report_activity_open_data"),
    "co-working": N_("report_activity_co-working"),
    "university": N_("report_activity_university"),
    "technology transfer": N_("report_activity_technology_transfer"),
    "research": N_("report_activity_research"),
    "science": N_("report_activity_science"),
    "funding": N_("report_activity_funding"),
    "network": N_("report_activity_network"),
    "workshop": N_("report_activity_workshop"),
}


@cache
def labels(language: str) -> dict[str, Any]:
    """The report's words in a language, from the gettext catalogues: `t["title"]`,
    `t["status"][ChallengeStatus.AWARDED]`, `t["question"][3]`, `t["activity"]["advice"]`."""
    if language not in LANGUAGES:
        raise ValueError(f"no report in {language!r}; known: {', '.join(LANGUAGES)}")
    t: dict[str, Any] = {key.removeprefix("report_"): label(key, language) for key in KEYS}
    t["question"] = {n: label(key, language) for n, key in QUESTIONS.items()}
    t["status"] = {s: label(key, language) for s, key in STATUS.items()}
    t["workshop_status"] = {s: label(key, language) for s, key in WORKSHOP_STATUS.items()}
    t["activity"] = {kind: label(key, language) for kind, key in ACTIVITY_KINDS.items()}
    return t


@dataclass(frozen=True)
class Table:
    """Rows under labelled columns; counts stay numbers and dates stay dates until shown."""

    caption: str
    columns: tuple[str, ...]
    rows: list[tuple[Cell, ...]]

    @property
    def counts(self) -> frozenset[int]:
        """The columns that hold counts only (set right-aligned, like their numbers)."""
        return frozenset(
            i
            for i in range(len(self.columns))
            if any(isinstance(r[i], int) for r in self.rows)
            and all(r[i] is None or isinstance(r[i], int) for r in self.rows)
        )


@dataclass(frozen=True)
class Funnel:
    """A programme's way from its calls to its awards: (step key, label, count) per step."""

    programme: str
    caption: str
    steps: list[tuple[str, str, int]]


@dataclass(frozen=True)
class Section:
    """The answer to question `number` of the inquiry."""

    number: int
    question: str
    paragraphs: list[str] = field(default_factory=list)
    tables: list[Table] = field(default_factory=list)
    funnels: list[Funnel] = field(default_factory=list)

    @property
    def heading(self) -> str:
        return f"{self.number}. {self.question}"


@dataclass(frozen=True)
class ReportDocument:
    language: str
    title: str
    as_of: date
    since: int
    sections: list[Section]
    notes: list[str]
    #: The counts over time the report's chart draws (queries.report.activity), when read.
    activity: tuple[Any, ...] = ()

    def date(self, value: date | str | None) -> str:
        return day(value, self.language)

    def number(self, value: int) -> str:
        return number(value, self.language)

    def cell(self, value: Cell) -> str:
        """A cell as a reader sees it in this language."""
        return cell_text(value, self.language)


def day(value: date | str | None, language: str) -> str:
    """A date as the language writes it (Babel; de: 27.04.2021, en: 27 Apr 2021); empty for none."""
    return _day(value, language)


def cell_text(value: Cell, language: str) -> str:
    if value is None:
        return ""
    if isinstance(value, date):
        return day(value, language)
    if isinstance(value, int):
        return number(value, language)
    return value


def _iso(value: str | None) -> date | None:
    return date.fromisoformat(value) if value else None


def _dated(item: Mapping[str, Any], keys: tuple[str, ...], language: str) -> dict[str, Any]:
    """The item with the named ISO dates written as the language writes dates."""
    return {**item, **{k: day(item.get(k), language) for k in keys if k in item}}


def _note(
    t: Mapping[str, Any], item: Mapping[str, Any], language: str, assumed: str = "dates_assumed"
) -> str:
    """How a row's dates came about, where that matters to the reader: assumed (≈), recorded more
    than a day after they happened (history recorded afterwards), or corrected (and why)."""
    later = item.get("recorded_later", [])
    notes = [t["recorded_later"].format(days=", ".join(day(d, language) for d in later))] if later else []
    notes += [
        t["corrected"].format(**{**c, "on": day(c["on"], language), "was": day(c["was"], language)})
        for c in item.get("corrected", [])
    ]
    return "; ".join((["≈"] if item.get(assumed) else []) + notes)


def _names(names: list[str]) -> str:
    return ", ".join(names) or "–"


def _status(t: Mapping[str, Any], c: Mapping[str, Any], language: str) -> str:
    """Where a project stands, and whose award was revoked (the award counted until then)."""
    dates = ("deadline", "closed_early_on", "awarded_on", "expected_end", "completed_on")
    status = t["status"][c["status"]].format(
        **{**_dated(c, dates, language), "awarded": _names(c["awarded"])}
    )
    revoked = c.get("award_revoked")
    if revoked:
        status += t["revoked"].format(
            **{**revoked, "on": day(revoked["on"], language)}, names=_names(c["revoked"])
        )
    return status


def sector_name(sector: str, language: str) -> str:
    """A sector in words of the language (the catalogue's `sector_*`); an unknown one as stored."""
    key = "sector_" + sector
    words = label(key, language)
    return sector if words == key else words


def activity_kind(kind: str, language: str) -> str:
    """A known kind in words of the language; a kind of the manager's own words as written."""
    return labels(language)["activity"].get(kind, kind)


def _question(number: int, language: str, since: int) -> str:
    return labels(language)["question"][number].format(since=since)


def _users(report: Mapping[str, Any], t: Mapping[str, Any], language: str) -> Section:
    s = report["startups"]
    names = f" ({', '.join(s['awarded_names'])})" if s["awarded_names"] else ""
    counts = {k: number(s.get(k, 0), language) for k in ("applied", "shortlisted", "accepted", "awarded")}
    figures = Table(
        t["figures"],
        (t["figure"], t["count"]),
        [(t[k], int(s.get(k, 0))) for k in ("registered", "applied", "shortlisted", "accepted", "awarded")],
    )
    funnels, tables = [], [figures]
    for p in report["programmes"]:
        funnel = p.get("funnel")
        if not funnel or not funnel["challenges"]:
            continue
        caption = t["funnel"].format(programme=p["name"])
        steps = [(k, t["step_" + k], int(funnel[k])) for k in FUNNEL_STEPS]
        funnels.append(Funnel(p["name"], caption, steps))
        tables.append(Table(caption, (t["funnel_step"], t["count"]), [(label, n) for _, label, n in steps]))
    return Section(
        1,
        _question(1, language, report["since"]),
        [t["q1_text"].format(**counts, names=names)],
        tables,
        funnels,
    )


def _cooperation(report: Mapping[str, Any], t: Mapping[str, Any], language: str) -> Section:
    programmes = report["programmes"]
    section = Section(2, _question(2, language, report["since"]))
    if not programmes:
        section.paragraphs.append(t["no_projects"])
        return section
    section.tables.append(
        Table(
            t["programmes"],
            (
                t["programme"],
                t["city"],
                t["since"],
                t["state"],
                t["tenders"],
                t["workshops_held"],
                t["workshops_open"],
            ),
            [
                (
                    p["name"],
                    p["city"],
                    _iso(p["starts_on"]),
                    t["active"] if p["active"] else t["ended"].format(ended_on=day(p["ended_on"], language)),
                    p["challenges_tendered"],
                    p["workshops_held"],
                    p["workshops_open"],
                )
                for p in programmes
            ],
        )
    )
    partners = [
        (
            p["name"],
            partner["name"],
            _iso(partner["since"]),
            _iso(partner["left_on"]),
            partner["reason"] or None,
        )
        for p in programmes
        for partner in p["partners"]
    ]
    if partners:
        section.tables.append(
            Table(
                t["partners"], (t["programme"], t["partner"], t["since"], t["left_on"], t["reason"]), partners
            )
        )
    if report["workshops_held"]:
        section.tables.append(
            Table(
                t["held"],
                (t["workshop"], t["programme"], t["held_on"], t["outcomes"], t["note"]),
                [
                    (
                        w["theme"],
                        w.get("programme", ""),
                        _iso(w["held_on"]),
                        w["outcomes"] or None,
                        _note(t, w, language) or None,
                    )
                    for w in report["workshops_held"]
                ],
            )
        )
    return section


def _projects(report: Mapping[str, Any], t: Mapping[str, Any], language: str) -> Section:
    section = Section(3, _question(3, language, report["since"]))
    if not report["projects"]:
        section.paragraphs.append(t["no_projects"])
        return section
    rows: list[tuple[Cell, ...]] = [
        (
            c["title"],
            c["owner"],
            c.get("programme") or None,
            ", ".join(sector_name(s, language) for s in c.get("sectors") or []) or None,
            _iso(c["published_on"]),
            int(c["applications"]),
            _status(t, c, language),
            _note(t, c, language) or None,
        )
        for c in report["projects"]
    ]
    columns = (
        t["project"],
        t["owner"],
        t["programme"],
        t["sectors"],
        t["published_on"],
        t["applications"],
        t["state"],
        t["note"],
    )
    section.tables.append(Table(t["projects"], columns, rows))
    return section


def _planned(report: Mapping[str, Any], t: Mapping[str, Any], language: str) -> Section:
    section = Section(4, _question(4, language, report["since"]))
    rows: list[tuple[Cell, ...]] = []
    for w in report["planned"]["workshops"]:
        last = w["postponements"][-1] if w["postponements"] else {"on": None, "reason": ""}
        dated = _dated(w, ("planned_on", "takes_place_on"), language)
        status = t["workshop_status"][w["status"]].format(
            **dated, postponed_on=day(last["on"], language), reason=last["reason"]
        )
        rows.append((w["theme"], t["kind_workshop"], status, _note(t, w, language) or None))
    for c in report["planned"]["challenges"]:
        rows.append((c["title"], t["kind_challenge"], c["owner"], _note(t, c, language) or None))
    if rows:
        section.tables.append(Table(t["planned"], (t["plan"], t["kind"], t["state"], t["note"]), rows))
    else:
        section.paragraphs.append(t["nothing_planned"])
    return section


def _measures(
    number: int,
    activities: list[Mapping[str, Any]],
    empty: str,
    t: Mapping[str, Any],
    language: str,
    since: int,
) -> Section:
    section = Section(number, _question(number, language, since))
    if not activities:
        section.paragraphs.append(t[empty])
        return section
    rows: list[tuple[Cell, ...]] = [
        (
            a["title"],
            activity_kind(a["activity"], language),
            _iso(a["on"]),
            ", ".join(a["partners"]) or None,
            a["description"] or None,
            _note(t, a, language, "assumed") or None,
        )
        for a in activities
    ]
    columns = (t["measure"], t["kind"], t["since"], t["partners"], t["description"], t["note"])
    section.tables.append(Table(t["measures"], columns, rows))
    return section


def document(report: Mapping[str, Any], language: str = "de") -> ReportDocument:
    """The council report (projections/report.py `council_report`) as a document in a language."""
    t = labels(language)
    activities = [a for p in report["programmes"] for a in p["activities"]]
    university = [a for a in activities if a["activity"] in UNIVERSITY_KINDS]
    others = [a for a in activities if a["activity"] not in UNIVERSITY_KINDS]
    since = report["since"]
    sections = [
        _users(report, t, language),
        _cooperation(report, t, language),
        _projects(report, t, language),
        _planned(report, t, language),
        _measures(5, university, "no_university_measures", t, language, since),
        _measures(6, others, "no_measures", t, language, since),
    ]
    as_of = date.fromisoformat(report["as_of"])
    return ReportDocument(
        language, t["title"].format(as_of=day(as_of, language)), as_of, since, sections, [t["assumed"]]
    )


def _row_line(table: Table, row: tuple[Cell, ...], language: str) -> str:
    """A row as one line: the first cell, then each filled cell with its column's label."""
    first, *rest = row
    parts = [
        f"{column}: {cell_text(value, language)}"
        for column, value in zip(table.columns[1:], rest, strict=True)
        if value not in (None, "")
    ]
    return f"{cell_text(first, language)}" + (f" – {'; '.join(parts)}" if parts else "")


def render(report: Mapping[str, Any], language: str = "de") -> str:
    """The report as plain text (the CLI, the API's `text`): headings numbered like the inquiry."""
    doc = document(report, language)
    lines = [doc.title, ""]
    for section in doc.sections:
        lines.append(section.heading)
        lines += [f"  {p}" for p in section.paragraphs]
        for table in section.tables:
            if section.funnels and table.caption in {f.caption for f in section.funnels}:
                funnel = next(f for f in section.funnels if f.caption == table.caption)
                steps = " → ".join(f"{label} {cell_text(n, language)}" for _, label, n in funnel.steps)
                lines.append(f"  {table.caption}: {steps}")
                continue
            lines.append(f"  {table.caption}:")
            lines += [f"    {_row_line(table, row, language)}" for row in table.rows]
        lines.append("")
    lines += doc.notes
    return "\n".join(lines)
