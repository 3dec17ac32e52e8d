"""`flask mass ...`: masses from the command line (imports and bulk steps too big for a page)."""

from __future__ import annotations

import contextlib
from datetime import date
from pathlib import Path

import click
from flask.cli import AppGroup

from qtrax_disputes.core.progress import progress
from qtrax_disputes.web.extensions import db

from ..audit.log import acting_as
from ..auth.cli_actor import by_option, cli_actor
from ..auth.models import User
from ..auth.roles import ADMIN
from ..cases import workflow as wf
from ..costs.schedules import format_cents
from . import bulk, importing, operations, queries
from . import fees as fee_data

mass_cli = AppGroup("mass", help="Mass arbitrations: waves of similar demands.")


def _actor_and_role(by: str | None) -> tuple[str, str]:
    """Who acts, and with which role: the --by account's, else the server's operator, who
    holds the installation and acts as an administrator."""
    actor = cli_actor(by)
    if actor.startswith("user:"):
        user = db.session.get(User, int(actor.split(":", 1)[1]))
        return actor, user.role if user else ADMIN
    return actor, ADMIN


def _mass(name: str):
    found = queries.mass_named(name)
    if found is None:
        raise click.ClickException(f"No mass called “{name}” (`flask --app app mass list`).")
    return found


def _refused(exc: Exception) -> click.ClickException:
    return click.ClickException(getattr(exc, "message", str(exc)))


@mass_cli.command("list")
def list_masses() -> None:
    """The masses, with how many cases each has."""
    for mass, count in queries.all_masses():
        state = f"closed {mass.closed_on}" if mass.closed_on else "active"
        click.echo(f"{mass.name}\t{count} cases\t{mass.counsel or '-'}\t{state}")


@mass_cli.command("flagged")
def flagged() -> None:
    """Open cases that look like a mass: 25+ by the same counsel with similar claims."""
    waves = queries.flagged_waves()
    if not waves:
        click.echo("No wave of 25 or more similar open cases by the same counsel.")
    for wave in waves:
        click.echo(f"{wave.size} cases\t{wave.counsel}\t{wave.category}")


@mass_cli.command("import")
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--mass", "mass_name", required=True, help="The mass (made if it is new).")
@click.option("--stage", type=click.Choice(sorted(importing.START_STAGES)), default=wf.FILED,
              show_default=True, help="Where the wave's cases stand.")
@click.option("--mediation-waived", is_flag=True,
              help="Mediation was waived for these demands (needed for arbitration_demanded).")
@click.option("--accounts", type=click.Path(exists=True, dir_okay=False, path_type=Path),
              help="A list of Qtrax accounts, one per line: rows naming another are refused.")
@click.option("--dry-run", is_flag=True, help="Check every row and report; save nothing.")
@by_option
def import_command(file: Path, mass_name: str, stage: str, mediation_waived: bool,
                   accounts: Path | None, dry_run: bool, by: str | None) -> None:
    """Import a spreadsheet of claimants (CSV or XLSX): one case per row without problems."""
    known = _accounts(accounts) if accounts else None
    mass = queries.mass_named(mass_name)
    category = mass.category if mass else ""
    with file.open("rb") as stream:
        try:
            checked = importing.preview(importing.checked_rows(
                stream, file.name, category=category or "other", accounts=known))
        except importing.ImportRefused as exc:
            raise _refused(exc) from exc
    click.echo(f"{checked.rows} rows: {checked.good} can be imported, {checked.bad} cannot.")
    for row in checked.bad_rows:
        click.echo(f"  row {row.line}: {'; '.join(row.problems)}")
    if checked.bad > len(checked.bad_rows):
        click.echo(f"  … and {checked.bad - len(checked.bad_rows)} more rows with problems")
    if dry_run or not checked.good:
        click.echo("Nothing was saved.")
        return
    actor, role = _actor_and_role(by)
    with acting_as(actor):
        try:
            if mass is None:
                mass = operations.create_mass(mass_name, category="")
            with file.open("rb") as stream, progress("importing", checked.rows) as step:
                done = importing.import_rows(
                    mass, importing.checked_rows(stream, file.name,
                                                 category=mass.category or "other",
                                                 accounts=known),
                    stage=stage, role=role, mediation_waived=mediation_waived, progress=step)
        except importing.ImportRefused as exc:
            raise _refused(exc) from exc
    click.echo(f"Imported {done.created} cases into “{mass_name}” at "
               f"“{wf.stage_label(stage)}”; {done.skipped} rows skipped.")


def _accounts(path: Path) -> set[str]:
    with path.open(encoding="utf-8-sig") as lines:
        return {line.strip().split(",")[0].strip().lower() for line in lines if line.strip()}


@mass_cli.command("step")
@click.argument("name")
@click.option("--to", "target", required=True, type=click.Choice(sorted(bulk.TARGETS)))
@click.option("--on", "occurred_on", required=True, type=click.DateTime(["%Y-%m-%d"]),
              help="The step's legal date (YYYY-MM-DD, New York).")
@click.option("--batch", type=int, help="Only the cases of this batch.")
@click.option("--value", "values", multiple=True, metavar="FIELD=VALUE",
              help="A field the step asks for, e.g. notice_sent_on=2026-05-01.")
@click.option("--note", default="", help="A note for each case's timeline.")
@click.option("--yes", is_flag=True, help="Do not ask before moving the cases.")
@by_option
def step_command(name: str, target: str, occurred_on, batch: int | None, values: tuple[str, ...],
                 note: str, yes: bool, by: str | None) -> None:
    """Take one road step for every case of a mass (or batch) that can take it; an
    interrupted run of the same step is resumed, never taking a step twice."""
    mass = _mass(name)
    day: date = occurred_on.date()
    given = _values(values)
    actor, role = _actor_and_role(by)
    with acting_as(actor):
        resumed = next((b for b in bulk.unfinished(mass.id) if b.to_stage == target
                        and b.occurred_on == day), None)
        if resumed is None:
            batch_id = None
            if batch is not None:
                found = next((b for b in mass.batches if b.number == batch), None)
                if found is None:
                    raise click.ClickException(f"“{name}” has no batch {batch}.")
                batch_id = found.id
            ids = queries.member_case_ids(mass.id, batch_id=batch_id)
            try:
                planned = bulk.plan(ids, target, day, given, role=role, note=note)
            except operations.MassRefused as exc:
                raise _refused(exc) from exc
            click.echo(f"{len(planned.movable)} cases will move to "
                       f"“{wf.stage_label(target)}”; {planned.cannot} cannot:")
            for reason, count in planned.refusals.most_common():
                click.echo(f"  {count}: {reason}")
            if not planned.movable:
                return
            if not yes:
                click.confirm("Move them?", abort=True)
            run = bulk.start(mass, planned.movable, target, day, given, role=role, note=note)
        else:
            run = resumed
            click.echo(f"Resuming the unfinished step to “{wf.stage_label(target)}”.")
        left = bulk.counts(run.id)
        with progress("moving", left[bulk.PENDING]) as step:
            done = bulk.run(run.id, progress=step)
    click.echo(f"Moved {done[bulk.MOVED]}; refused {done[bulk.REFUSED]}.")


def _values(pairs: tuple[str, ...]) -> dict:
    values: dict = {}
    for pair in pairs:
        field, sep, value = pair.partition("=")
        if not sep:
            raise click.BadParameter(f"{pair!r}: write FIELD=VALUE.", param_hint="--value")
        if field.endswith("_on"):
            with contextlib.suppress(ValueError):
                values[field] = date.fromisoformat(value)
                continue
        values[field] = {"true": True, "false": False}.get(value.lower(), value)
    return values


def _sum(result: fee_data.Forecast, payer: str) -> str:
    # An amount no source states is never added as nothing.
    unknown = " + not known" if result.unknown(payer) else ""
    return format_cents(result.total(payer)) + unknown


@mass_cli.command("fees")
@click.argument("name")
@click.option("--cases", type=click.IntRange(1, 10_000_000),
              help="Forecast for this many cases (default: the mass's own count).")
def fees_command(name: str, cases: int | None) -> None:
    """Fees incurred so far and a forecast if the cases go to appointment and to a hearing."""
    mass = _mass(name)
    schedule = queries.schedule_for_mass(mass)
    if schedule is None:
        raise click.ClickException("No AAA mass fee schedule covers the mass's filing date.")
    count = cases or queries.member_count(mass.id)
    click.echo(f"{schedule.title}\n")
    so_far = fee_data.incurred(schedule, queries.reached_counts(mass.id))
    click.echo(f"Incurred so far (business): {format_cents(so_far.total())}")
    for reach in fee_data.REACHES:
        result = fee_data.forecast(schedule, count, reach)
        click.echo(f"\nIf {count:,} cases are {fee_data.REACH_LABELS[reach]}: "
                   f"business {_sum(result, fee_data.BUSINESS)}, "
                   f"claimants {_sum(result, fee_data.CLAIMANTS)}")
        for line in result.lines:
            amount = "not known" if line.cents is None else format_cents(line.cents)
            badge = f"  [{line.fee.badge}]" if line.fee.badge else ""
            click.echo(f"  {line.fee.label}: {amount}{badge}")
