"""The report's figures as tables and charts: one shape for the page, the PDF and the CSV."""

from __future__ import annotations

from dataclasses import dataclass

from qtrax_disputes.costs.schedules import STAGE_LABELS

from . import charts

OUTCOME_LABELS = {"settled": "Settled", "award_issued": "Awarded", "withdrawn": "Withdrawn",
                  "dismissed": "Dismissed", "closed": "Closed"}
COMPARE_LABELS = {"filed": "Cases filed", "stage_changes": "Stage changes",
                  "closed": "Cases closed", "costs_cents": "Costs incurred"}


def money(cents) -> str:
    return f"${cents / 100:,.2f}" if cents is not None else "—"


# Long lists (deadlines missed, due, overdue) show this many rows on the page and in the PDF;
# the CSV lists them all. A PDF of thousands of rows helps no reader and takes long to lay out.
SHOWN_ROWS = 25


@dataclass
class Table:
    key: str
    title: str
    header: list[str]
    rows: list[list]
    empty: str = "None."
    more: int = 0  # rows left out of a shortened table


def _or_dash(value) -> str:
    return "—" if value is None else str(value)


def tables(f: dict, limit: int | None = SHOWN_ROWS) -> list[Table]:
    d, dl, cw, cy = f["durations"], f["deadlines"], f["costs"]["week"], f["costs"]["ytd"]

    def deadline_rows(items):
        return [[i["due_on"], i["case"], i["title"], i["status"], i["assignee"] or "—"]
                for i in items]

    compare = f["trend"]["compare"]
    result = [
        Table("compare", "This week against the previous one and the 4-week average",
              ["Figure", "This week", "Previous week", "4-week average"],
              [[COMPARE_LABELS[k], *((money(v["this"]), money(v["previous"]),
                                      money(v["avg4"])) if k == "costs_cents" else
                                     (v["this"], v["previous"], v["avg4"]))]
               for k, v in compare.items()]),
        Table("filed", f"Cases filed: {f['filed']['total']} "
                       f"({f['filed']['child']} concerning a child under 13)",
              ["Category", "Cases"], [[label, n] for _, label, n in f["filed"]["by_category"]]),
        Table("outcomes", "Outcomes", ["Outcome", "Cases"],
              [[OUTCOME_LABELS[k], v] for k, v in f["outcomes"].items()]),
        Table("stage_changes", f"Stage changes: {f['stage_changes']['total']}",
              ["Moved to", "Times"], [[label, n] for _, label, n in
                                      f["stage_changes"]["by_stage"]]),
        Table("open", f"Open cases at the week's end: {f['open']['total']}",
              ["Stage", "Cases"], [[label, n] for _, label, n in f["open"]["by_stage"]]),
        Table("durations", f"Days from filing to closure (cases closed this week: "
                           f"{d['closed_count']}): median {_or_dash(d['median_days'])}, "
                           f"90th percentile {_or_dash(d['p90_days'])}",
              ["Stage left this week", "Stays", "Median days", "90th percentile days"],
              [[label, n, m, p] for _, label, n, m, p in d["by_stage"]]),
        Table("deadlines_missed", f"Deadlines met: {dl['met']}; missed: {dl['missed_count']}",
              ["Due", "Case", "Deadline", "Status", "Assigned to"],
              deadline_rows(dl["missed"]), "No deadline was missed."),
        Table("deadlines_next_week", f"Due next week: {dl['due_next_week_count']}",
              ["Due", "Case", "Deadline", "Status", "Assigned to"],
              deadline_rows(dl["due_next_week"])),
        Table("overdue", f"Overdue at the week's end: {dl['overdue_count']}",
              ["Due", "Case", "Deadline", "Status", "Assigned to"],
              deadline_rows(dl["overdue"]), "Nothing is overdue."),
        Table("costs_week", f"Costs incurred this week: {money(cw['total'])}",
              ["Stage", "Complainants", "Qtrax", "Total"],
              [[_stage(s), money(c), money(r), money(t)] for s, c, r, t in cw["by_stage"]]
              + [["All", money(cw["claimant"]), money(cw["respondent"]), money(cw["total"])]]),
        Table("costs_ytd", f"Costs incurred this year to the week's end: {money(cy['total'])}",
              ["Stage", "Complainants", "Qtrax", "Total"],
              [[_stage(s), money(c), money(r), money(t)] for s, c, r, t in cy["by_stage"]]
              + [["All", money(cy["claimant"]), money(cy["respondent"]), money(cy["total"])]]),
        Table("workload", "Workload", ["Assigned to", "Open cases", "Overdue", "Due next week"],
              [[w["assignee"], w["open_cases"], w["overdue"], w["due_next_week"]]
               for w in f["workload"]]),
    ]
    result += mass_tables(f.get("masses", []))  # reports stored before masses have none
    return [_shortened(t, limit) for t in result]


def mass_tables(masses: list[dict]) -> list[Table]:
    """Per active mass: its stage funnel, and its AAA fees (all amounts unverified)."""
    tables = []
    for m in masses:
        tables.append(Table(
            f"mass-{m['id']}-stages",
            f"Mass “{m['name']}”: {m['cases']:,} cases, {m['new_demands']:,} new demands this "
            "week", ["Stage", "Cases"], [[label, n] for label, n in m["by_stage"]]))
        fees = m["fees"]
        if fees:
            left_out = ("; leaves out: " + ", ".join(fees["unknown"])) if fees["unknown"] else ""
            tables.append(Table(
                f"mass-{m['id']}-fees",
                f"Mass “{m['name']}”: AAA fees (unverified amounts, {fees['schedule']}"
                f"{left_out})", ["Figure", "Business pays"],
                [["Incurred so far", money(fees["incurred"])],
                 [f"If all {m['cases']:,} cases reach appointment", money(fees["appointed"])],
                 [f"If all {m['cases']:,} cases reach a hearing", money(fees["heard"])]]))
    return tables


def _shortened(table: Table, limit: int | None) -> Table:
    if limit is None or len(table.rows) <= limit:
        return table
    return Table(table.key, table.title, table.header, table.rows[:limit], table.empty,
                 more=len(table.rows) - limit)


def chart_svgs(f: dict) -> list[str]:
    return [
        charts.column_chart("Cases filed per week, last 12 weeks",
                            [(label, n) for label, n in f["trend"]["filings_12_weeks"]]),
        charts.bar_chart("Open cases by stage at the week's end",
                         [(label, n) for _, label, n in f["open"]["by_stage"]]),
        charts.stacked_money_chart(
            "Costs this week by stage and party",
            [(_stage(s), c, r) for s, c, r, _ in f["costs"]["week"]["by_stage"]],
            ("Complainants", "Qtrax")),
    ]


def _stage(stage: str) -> str:
    """A cost stage in the ledger's words, as the case page names it."""
    return STAGE_LABELS.get(stage, "Other")
