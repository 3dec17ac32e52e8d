"""Masses: the flagged waves, a mass's page, its import, its bulk steps and its fees."""

from __future__ import annotations

import csv
import io
import re
from datetime import date
from typing import cast

from flask import (
    Blueprint,
    abort,
    flash,
    redirect,
    render_template,
    request,
    stream_with_context,
    url_for,
)
from flask_login import current_user

from qtrax_disputes.web.downloads import attachment
from qtrax_disputes.web.forms_common import version_of
from qtrax_disputes.web.refusals import show_refusal

from ..cases import workflow as wf
from ..cases.categories import label as category_label
from ..cases.step_forms import transition_form_class
from . import bulk, held_files, importing, operations, queries, settlement
from . import fees as fee_data
from .chart import forecast_chart
from .forms import (
    AcceptancesForm,
    AddCasesForm,
    AffirmationsForm,
    BatchForm,
    ConfirmImportForm,
    FeeAmountForm,
    ImportForm,
    MassForm,
    MemberForm,
    NewMassForm,
    OfferForm,
    ReleaseForm,
)

bp = Blueprint("mass", __name__, url_prefix="/masses")

# A web request moves this many cases, then the page asks for the next share: progress is
# shown and no request runs long enough for a proxy to cut it.
WEB_SHARE = 500


def _mass_or_404(mass_id: int):
    found = queries.mass(mass_id)
    if found is None:
        abort(404)
    return found


def _wave_key(counsel: str, category: str) -> str:
    return f"{counsel}\x1f{category}"


@bp.route("")
def index():
    waves = queries.flagged_waves()
    forms = []
    for wave in waves:
        form = NewMassForm(formdata=None)
        form.name.data = f"{wave.counsel} — {category_label(wave.category)}"
        form.counsel.data, form.category.data = wave.counsel, wave.category
        form.wave.data = _wave_key(wave.counsel, wave.category)
        forms.append((wave, form))
    return render_template("mass/index.html", masses=queries.all_masses(), waves=forms,
                           new_form=NewMassForm(formdata=None), category_label=category_label)


@bp.route("", methods=["POST"])
def create():
    form = NewMassForm()
    if not form.validate():
        return _index_with(form, 400)
    case_ids = []  # the wave's, when a flagged wave is confirmed
    if form.wave.data:
        wave = next((w for w in queries.flagged_waves()
                     if _wave_key(w.counsel, w.category) == form.wave.data), None)
        if wave is None:
            flash("That wave has changed since the page was shown (cases closed or joined a "
                  "mass). Look at it again.", "error")
            return redirect(url_for("mass.index"))
        case_ids = list(wave.case_ids)
    try:
        mass = operations.create_mass(form.name.data, counsel=form.counsel.data or "",
                                      category=form.category.data or "",
                                      filed_on=form.filed_on.data, case_ids=case_ids)
    except operations.MassRefused as exc:
        show_refusal(exc, form)
        return _index_with(form, 422)
    flash(f"The mass “{mass.name}” was made with {len(case_ids)} cases.", "success")
    return redirect(url_for("mass.show", mass_id=mass.id))


def _index_with(form: NewMassForm, status: int):
    return render_template("mass/index.html", masses=queries.all_masses(), waves=[],
                           new_form=form, category_label=category_label), status


def _page(mass, *, status: int = 200, **forms):
    schedule = queries.schedule_for_mass(mass)
    members = queries.member_count(mass.id)
    forecast_for = max(members, 1)
    edit = forms.pop("edit_form", None) or MassForm(obj=mass, version=mass.version,
                                                    formdata=None)
    context = {
        "mass": mass, "members": members, "stages": queries.stage_counts(mass.id),
        "problems": queries.problem_counts(mass.id), "bellwethers": queries.bellwethers(mass.id),
        "schedule": schedule, "stage_label": wf.stage_label,
        "edit_form": edit, "batch_form": forms.pop("batch_form", None) or BatchForm(formdata=None),
        "add_form": forms.pop("add_form", None) or AddCasesForm(formdata=None),
        "import_form": forms.pop("import_form", None) or ImportForm(formdata=None),
        "affirm_form": forms.pop("affirm_form", None) or AffirmationsForm(formdata=None),
        "offer_form": forms.pop("offer_form", None) or OfferForm(formdata=None),
        "accept_form": forms.pop("accept_form", None) or AcceptancesForm(formdata=None),
        "release_form": ReleaseForm(formdata=None),
        "unfinished": bulk.unfinished(mass.id), "targets": _targets(),
        "fee_form": FeeAmountForm, "fees": fee_data, "category_label": category_label,
    }
    offer = settlement.current_offer(mass.id)
    context.update(offer=offer, offer_state=settlement.offer_state(offer) if offer else None,
                   awaiting=settlement.awaiting_release(offer) if offer else [],
                   source_labels=settlement.SOURCE_LABELS)
    if schedule is not None:
        reached = queries.reached_counts(mass.id)
        context.update(
            reached=reached, incurred=fee_data.incurred(schedule, reached),
            forecasts=[fee_data.forecast(schedule, forecast_for, r) for r in fee_data.REACHES],
            chart=forecast_chart(schedule, forecast_for), forecast_for=forecast_for)
    return render_template("mass/show.html", **context, **forms), status


def _add_error(errors, message: str) -> None:
    """WTForms types a field's errors as a sequence; after validation it is a list."""
    errors.append(message)


def _page_number() -> int:
    return max(1, min(request.args.get("page", 1, type=int) or 1, 100_000))


def _numbers(text: str | None) -> list[str]:
    return sorted({n.upper() for n in re.findall(r"[A-Za-z]{2}-\d{4}-\d+", text or "")})


def _targets() -> list[tuple[str, str]]:
    return [(stage, wf.stage_label(stage)) for stage in wf.STAGES if stage in bulk.TARGETS]


@bp.route("/<int:mass_id>")
def show(mass_id: int):
    return _page(_mass_or_404(mass_id))


@bp.route("/<int:mass_id>/filings")
def filings(mass_id: int):
    mass = _mass_or_404(mass_id)
    return render_template("mass/filings.html", mass=mass, stage_label=wf.stage_label,
                           members_page=queries.members_page(mass.id, _page_number()))


@bp.route("/<int:mass_id>/edit", methods=["POST"])
def edit(mass_id: int):
    mass = _mass_or_404(mass_id)
    form = MassForm()
    if not form.validate():
        return _page(mass, edit_form=form, status=400)
    try:
        operations.update_mass(mass, expected_version=version_of(form.version.data),
                               name=form.name.data or "", counsel=form.counsel.data or "",
                               process_arbitrator=form.process_arbitrator.data or "",
                               filed_on=form.filed_on.data, note=form.note.data or "")
    except operations.MassRefused as exc:
        show_refusal(exc, form)
        return _page(_mass_or_404(mass_id), edit_form=form, status=422)
    except operations.StaleMass as exc:
        show_refusal(exc)
        return redirect(url_for("mass.show", mass_id=mass_id))
    flash("Saved.", "success")
    return redirect(url_for("mass.show", mass_id=mass_id))


@bp.route("/<int:mass_id>/cases", methods=["POST"])
def add_cases(mass_id: int):
    mass = _mass_or_404(mass_id)
    form = AddCasesForm()
    if not form.validate():
        return _page(mass, add_form=form, status=400)
    numbers = _numbers(form.numbers.data)
    found = queries.case_ids_by_number(numbers)
    unknown = [n for n in numbers if n not in found]
    if not numbers or unknown:
        _add_error(form.numbers.errors,
            "No case number found; write them as QD-2026-00001." if not numbers else
            "No such case: " + ", ".join(unknown[:10]) + (" …" if len(unknown) > 10 else ""))
        return _page(mass, add_form=form, status=422)
    try:
        added = operations.add_cases(mass, found.values())
    except operations.MassRefused as exc:
        show_refusal(exc, form, field="numbers")
        return _page(_mass_or_404(mass_id), add_form=form, status=422)
    flash(f"Added {added} cases.", "success")
    return redirect(url_for("mass.show", mass_id=mass_id))


@bp.route("/<int:mass_id>/affirmations", methods=["POST"])
def record_affirmations(mass_id: int):
    """Counsel's affirmations (MA-2) arrived: for the cases named, else every filing of the
    mass still without one."""
    mass = _mass_or_404(mass_id)
    form = AffirmationsForm()
    if not form.validate():
        return _page(mass, affirm_form=form, status=400)
    numbers = _numbers(form.numbers.data)
    members = set(queries.member_case_ids(mass.id))
    if numbers:
        found = queries.case_ids_by_number(numbers)
        outside = [n for n in numbers if n not in found or found[n] not in members]
        if outside:
            _add_error(form.numbers.errors, "Not cases of this mass: " + ", ".join(outside[:10]))
            return _page(mass, affirm_form=form, status=422)
        ids = list(found.values())
    else:
        ids = queries.member_case_ids(mass.id, without_affirmation=True)
    done = operations.record_affirmations(mass, ids, cast(date, form.received_on.data))
    flash(f"Affirmation recorded for {done} filings.", "success")
    return redirect(url_for("mass.show", mass_id=mass_id) + "#problems")


@bp.route("/<int:mass_id>/members/<int:case_id>", methods=["POST"])
def update_member(mass_id: int, case_id: int):
    mass = _mass_or_404(mass_id)
    form = MemberForm()
    form.batch.choices = [("", "None"), *((str(b.number), f"Batch {b.number}")
                                          for b in mass.batches)]
    if not form.validate():
        flash("Not saved: " + "; ".join(e for errs in form.errors.values() for e in errs),
              "error")
        return redirect(url_for("mass.filings", mass_id=mass_id))
    try:
        operations.update_member(mass, case_id, affirmation_on=form.affirmation_on.data,
                                 deficiency=form.deficiency.data or "",
                                 bellwether=form.bellwether.data,
                                 batch_number=int(form.batch.data) if form.batch.data else None)
    except operations.MassRefused as exc:
        show_refusal(exc)
    else:
        flash("Saved.", "success")
    return redirect(url_for("mass.filings", mass_id=mass_id,
                            page=request.args.get("page", 1, type=int)))


@bp.route("/<int:mass_id>/batches", methods=["POST"])
def add_batch(mass_id: int):
    mass = _mass_or_404(mass_id)
    form = BatchForm()
    if not form.validate():
        return _page(mass, batch_form=form, status=400)
    try:
        batch = operations.add_batch(mass, merits_arbitrator=form.merits_arbitrator.data or "",
                                     hearings_from=form.hearings_from.data,
                                     hearings_to=form.hearings_to.data,
                                     note=form.note.data or "")
    except operations.MassRefused as exc:
        show_refusal(exc, form)
        return _page(_mass_or_404(mass_id), batch_form=form, status=422)
    flash(f"Batch {batch.number} added.", "success")
    return redirect(url_for("mass.show", mass_id=mass_id) + "#batches")


@bp.route("/<int:mass_id>/deficiencies.csv")
def deficiencies_csv(mass_id: int):
    mass = _mass_or_404(mass_id)

    def rows():
        out = io.StringIO()
        writer = csv.writer(out)
        writer.writerow(["case", "claimant", "stage", "affirmation (MA-2)", "deficiency"])
        for row in queries.deficiency_rows(mass.id):
            writer.writerow([row.number, _cell(row.name), wf.stage_label(row.stage),
                             row.affirmation_on.isoformat() if row.affirmation_on else "missing",
                             _cell(row.deficiency)])
            yield out.getvalue()
            out.seek(0)
            out.truncate()

    return attachment(stream_with_context(rows()), "text/csv",
                      f"mass-{mass.id}-deficiencies.csv")


def _cell(text: str) -> str:
    # A spreadsheet runs a cell that starts with = + - @ as a formula.
    return "'" + text if text[:1] in ("=", "+", "-", "@") else text


# --- import ---------------------------------------------------------------------------------


@bp.route("/<int:mass_id>/import", methods=["POST"])
def import_preview(mass_id: int):
    mass = _mass_or_404(mass_id)
    form = ImportForm()
    upload = form.spreadsheet.data
    if not form.validate() or not upload or not getattr(upload, "filename", ""):
        if not upload or not getattr(upload, "filename", ""):
            form.spreadsheet.errors = [*form.spreadsheet.errors, "Choose the spreadsheet."]
        return _page(mass, import_form=form, status=400)
    accounts_held = ""
    if form.accounts.data and getattr(form.accounts.data, "filename", ""):
        accounts_held = held_files.keep(form.accounts.data.stream, "accounts.csv")
    held = held_files.keep(upload.stream, upload.filename)
    kept = held_files.path_of(held)
    if kept is None:  # it was written a moment ago
        raise RuntimeError("The spreadsheet just kept cannot be found.")
    try:
        with kept.open("rb") as stream:
            checked = importing.preview(importing.checked_rows(
                stream, held, category=mass.category or "other",
                accounts=_accounts(accounts_held)))
    except importing.ImportRefused as exc:
        _release(held, accounts_held)
        show_refusal(exc, form, field="spreadsheet")
        return _page(mass, import_form=form, status=422)
    confirm = ConfirmImportForm(formdata=None, held=held, accounts=accounts_held,
                                stage=form.stage.data,
                                mediation_waived="1" if form.mediation_waived.data else "")
    return render_template("mass/import_preview.html", mass=mass, checked=checked,
                           confirm=confirm, stage_label=wf.stage_label(form.stage.data),
                           filename=upload.filename)


def _accounts(token: str) -> set[str] | None:
    path = held_files.path_of(token) if token else None
    if path is None:
        return None
    with path.open(encoding="utf-8-sig", errors="replace") as lines:
        return {line.strip().split(",")[0].strip().lower() for line in lines if line.strip()}


def _release(*tokens: str) -> None:
    for token in tokens:
        if token and (path := held_files.path_of(token)) is not None:
            held_files.release(path)


@bp.route("/<int:mass_id>/import/confirm", methods=["POST"])
def import_confirm(mass_id: int):
    mass = _mass_or_404(mass_id)
    form = ConfirmImportForm()
    if not form.validate() or form.stage.data not in importing.START_STAGES:
        abort(400)
    path = held_files.claim(form.held.data or "")
    if path is None:
        flash("This spreadsheet was imported already, or its preview is too old. Send it again "
              "to see a fresh preview.", "error")
        return redirect(url_for("mass.show", mass_id=mass_id))
    try:
        with path.open("rb") as stream:
            rows = importing.checked_rows(
                stream, path.name.removesuffix(".importing"), category=mass.category or "other",
                accounts=_accounts(form.accounts.data or ""))
            done = importing.import_rows(mass, rows, stage=form.stage.data,
                                         role=current_user.role,
                                         mediation_waived=form.mediation_waived.data == "1")
    except importing.ImportRefused as exc:
        path.rename(path.with_name(path.name.removesuffix(".importing")))  # keep it for a retry
        show_refusal(exc)
        return redirect(url_for("mass.show", mass_id=mass_id))
    held_files.release(path)
    _release(form.accounts.data or "")
    flash(f"Imported {done.created} cases; {done.skipped} rows left out.", "success")
    return redirect(url_for("cases.index", mass=mass_id, state="all"))


# --- bulk steps -----------------------------------------------------------------------------


def _bulk_form(target: str):
    row = next((t for t in wf.TRANSITIONS if t.target == target), None)
    if row is None or target not in bulk.TARGETS:
        abort(404)
    base = transition_form_class(row)
    # A bulk step attaches no document: a step that needs one is refused for each case.
    return type(f"Bulk_{target}", (base,), {"document": None})


@bp.route("/<int:mass_id>/step", methods=["GET", "POST"])
def step(mass_id: int):
    mass = _mass_or_404(mass_id)
    target = request.values.get("to", "")
    form = _bulk_form(target)(prefix="step")
    batch = request.values.get("batch", type=int)
    batch_row = next((b for b in mass.batches if b.number == batch), None) if batch else None
    if request.method == "GET" or not form.validate() or not form.check_amounts():
        return render_template("mass/step.html", mass=mass, form=form, target=target,
                               target_label=wf.stage_label(target), batch=batch_row,
                               planned=None), 400 if form.errors else 200
    values = _values(form)
    ids = queries.member_case_ids(mass.id, batch_id=batch_row.id if batch_row else None)
    planned = bulk.plan(ids, target, form.occurred_on.data, values, role=current_user.role,
                        note=form.note.data or "")
    if request.form.get("action") != "start" or not planned.movable:
        return render_template("mass/step.html", mass=mass, form=form, target=target,
                               target_label=wf.stage_label(target), batch=batch_row,
                               planned=planned, refused=planned.refused[:200])
    run = bulk.start(mass, planned.movable, target, form.occurred_on.data, values,
                     role=current_user.role, note=form.note.data or "")
    return redirect(url_for("mass.step_progress", mass_id=mass_id, bulk_id=run.id))


def _values(form) -> dict:
    return {name: field.cents if hasattr(field, "cents") else field.data
            for name, field in form._fields.items()
            if name not in ("csrf_token", "occurred_on", "note", "document")}


def _run_or_404(mass_id: int, bulk_id: int):
    run = queries.bulk_step(bulk_id)
    if run is None or run.mass_id != mass_id:
        abort(404)
    return run


@bp.route("/<int:mass_id>/steps/<int:bulk_id>")
def step_progress(mass_id: int, bulk_id: int):
    mass = _mass_or_404(mass_id)
    run = _run_or_404(mass_id, bulk_id)
    counts = bulk.counts(run.id)
    return render_template("mass/step_progress.html", mass=mass, run=run, counts=counts,
                           total=sum(counts.values()), refused=bulk.refused_items(run.id),
                           target_label=wf.stage_label(run.to_stage))


@bp.route("/<int:mass_id>/steps/<int:bulk_id>/continue", methods=["POST"])
def step_continue(mass_id: int, bulk_id: int):
    _mass_or_404(mass_id)
    run = _run_or_404(mass_id, bulk_id)
    if run.finished_at is None:
        bulk.run(run.id, limit=WEB_SHARE)
    return redirect(url_for("mass.step_progress", mass_id=mass_id, bulk_id=bulk_id))


# --- fees -----------------------------------------------------------------------------------


@bp.route("/fees", methods=["POST"])
def enter_fee():
    form = FeeAmountForm()
    back = request.form.get("back", type=int)
    target = url_for("mass.show", mass_id=back) + "#fees" if back else url_for("mass.index")
    if not form.validate():
        flash("The amount was not saved: " + "; ".join(
            e for errors in form.errors.values() for e in errors), "error")
        return redirect(target)
    try:
        operations.enter_fee_amount(form.schedule.data, form.fee.data, form.amount.cents,
                                    form.source.data)
    except operations.MassRefused as exc:
        show_refusal(exc)
        return redirect(target)
    flash("The amount was saved; it is shown as unverified, with its source.", "success")
    return redirect(target)



# --- a global settlement --------------------------------------------------------------------


@bp.route("/<int:mass_id>/offers", methods=["POST"])
def make_offer(mass_id: int):
    mass = _mass_or_404(mass_id)
    form = OfferForm()
    if not form.validate():
        return _page(mass, offer_form=form, status=400)
    try:
        by_category = settlement.parse_by_category(form.by_category.data or "")
    except ValueError as exc:
        _add_error(form.by_category.errors, str(exc))
        return _page(mass, offer_form=form, status=422)
    try:
        settlement.make_offer(mass, per_claimant_cents=form.amount.cents,
                              by_category=by_category, made_on=cast(date, form.made_on.data),
                              accept_by=form.accept_by.data, terms=form.terms.data or "",
                              on_status_pages=form.on_status_pages.data)
    except settlement.OfferRefused as exc:
        show_refusal(exc, form)
        return _page(_mass_or_404(mass_id), offer_form=form, status=422)
    flash("The offer to the mass is recorded.", "success")
    return redirect(url_for("mass.show", mass_id=mass_id) + "#settlement")


def _offer_or_404(mass_id: int, offer_id: int):
    offer = queries.offer(offer_id)
    if offer is None or offer.mass_id != mass_id:
        abort(404)
    return offer


@bp.route("/<int:mass_id>/offers/<int:offer_id>/acceptances", methods=["POST"])
def record_acceptances(mass_id: int, offer_id: int):
    mass = _mass_or_404(mass_id)
    offer = _offer_or_404(mass_id, offer_id)
    form = AcceptancesForm()
    if not form.validate():
        return _page(mass, accept_form=form, status=400)
    sheet = form.sheet.data if form.sheet.data and getattr(form.sheet.data, "filename", "") \
        else None
    try:
        if sheet is not None:
            ids, unknown, latest = settlement.acceptances_from_sheet(
                offer, sheet.stream.read(20 << 20))
            source = settlement.COUNSELS_LIST
        else:
            numbers = _numbers(form.numbers.data)
            found = queries.case_ids_by_number(numbers)
            ids, unknown, latest = list(found.values()), \
                [n for n in numbers if n not in found], None
            source = settlement.STAFF
        accepted_on = form.accepted_on.data or latest
        if accepted_on is None:
            _add_error(form.accepted_on.errors, "Enter the day they accepted.")
            return _page(mass, accept_form=form, status=422)
        if not ids and not unknown:
            _add_error(form.numbers.errors, "Name the cases that accepted, or send counsel's list.")
            return _page(mass, accept_form=form, status=422)
        done = settlement.record_acceptances(offer, ids, accepted_on, source=source,
                                             unknown=unknown)
    except settlement.OfferRefused as exc:
        show_refusal(exc, form, field="numbers")
        return _page(_mass_or_404(mass_id), accept_form=form, status=422)
    message = f"{done.accepted} acceptances recorded"
    if done.already:
        message += f"; {done.already} were recorded before"
    if done.unknown:
        message += f"; not cases of this mass: {', '.join(done.unknown[:10])}"
    flash(message + ".", "success" if not done.unknown else "error")
    return redirect(url_for("mass.show", mass_id=mass_id) + "#settlement")


@bp.route("/<int:mass_id>/offers/<int:offer_id>/releases/<int:case_id>", methods=["POST"])
def record_release(mass_id: int, offer_id: int, case_id: int):
    _mass_or_404(mass_id)
    offer = _offer_or_404(mass_id, offer_id)
    case = queries.case(case_id)
    if case is None:
        abort(404)
    form = ReleaseForm()
    release = form.release.data if form.release.data and getattr(
        form.release.data, "filename", "") else None
    if not form.validate() or release is None:
        problems = [e for errs in form.errors.values() for e in errs]
        if release is None:
            problems.append("Choose the signed release.")
        flash(f"{case.number}: not settled. " + " ".join(problems), "error")
        return redirect(url_for("mass.show", mass_id=mass_id) + "#settlement")
    try:
        settlement.settle_on_release(offer, case, release, cast(date, form.signed_on.data),
                                     role=current_user.role)
    except settlement.OfferRefused as exc:
        flash(f"{case.number}: not settled. {exc.message}", "error")
    else:
        flash(f"{case.number} is settled on its signed release.", "success")
    return redirect(url_for("mass.show", mass_id=mass_id) + "#settlement")
