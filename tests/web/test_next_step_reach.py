"""At every stage of the main road, the road's next step is at most three actions from the case
page: open the page (1), open the step's card if it is folded (2), submit its form (3). So the
step's form is on the Overview, inside no more than one <details>, and submitting it as the
page rendered it (the date and what the step needs filled in) moves the case on."""

from __future__ import annotations

from datetime import UTC, datetime, time, timedelta
from html.parser import HTMLParser

import pytest
from sqlalchemy import select

from qtrax_disputes.cases import workflow as wf
from qtrax_disputes.cases.models import Case
from qtrax_disputes.core.clock import frozen
from qtrax_disputes.web.extensions import db

from .. import factories
from ..factories import make_case
from .helpers import PDF_BYTES, file

# Every stage of the main road that has a stage after it, with that next stage.
NEXT = list(zip(wf.ROAD, wf.ROAD[1:], strict=False))


class _StepForm(HTMLParser):
    """The form posting to ``action``: how many <details> fold it, and what it would send."""

    def __init__(self, action: str):
        super().__init__()
        self.action, self.depth, self.found = action, 0, False
        self.folds: int | None = None
        self.fields: dict[str, str] = {}
        self._inside = False
        self._select: str | None = None
        self._first_option: str | None = None

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "details":
            self.depth += 1
        elif tag == "form" and a.get("action") == self.action:
            self.found, self._inside, self.folds = True, True, self.depth
        elif not self._inside:
            return
        elif tag == "input" and a.get("name"):
            kind = a.get("type", "text")
            if kind in ("checkbox", "radio") and "checked" not in a:
                return
            if kind not in ("file", "submit"):
                self.fields[a["name"]] = a.get("value") or ("y" if kind == "checkbox" else "")
        elif tag == "textarea" and a.get("name"):
            self.fields[a["name"]] = ""
        elif tag == "select":
            self._select, self._first_option = a.get("name"), None
        elif tag == "option" and self._select:
            value = a.get("value", "")
            if self._first_option is None:
                self._first_option = value
            if "selected" in a:
                self.fields[self._select] = value

    def handle_endtag(self, tag):
        if tag == "details":
            self.depth -= 1
        elif tag == "form":
            self._inside = False
        elif tag == "select" and self._select:
            self.fields.setdefault(self._select, self._first_option or "")
            self._select = None


def _form_values(value) -> str:
    if value is True:
        return "y"
    return value.isoformat() if hasattr(value, "isoformat") else str(value)


@pytest.mark.parametrize(("stage", "target"), NEXT, ids=[t for _, t in NEXT])
def test_the_road_s_next_step_is_open_the_page_open_the_card_submit(
        app, client, auth, stage, target):
    _, before, own = factories._road()[target]
    with app.app_context():
        made = make_case(stage)
        on = made.stepped_on + timedelta(days=1)
        if before is not None:
            # What must be on record first (a neutral both sides accepted, the confidentiality
            # agreement) is its own step on its own part of the page, not this one.
            before(factories.case_of(made), on)
            db.session.commit()
    auth.login("counsel")  # every step of the road is counsel's to take
    action = f"/cases/{made.number}/move/{target}"
    with frozen(datetime.combine(on, time(15), UTC)):
        page = client.get(f"/cases/{made.number}")  # action 1
        assert page.status_code == 200
        form = _StepForm(action)
        form.feed(page.get_data(as_text=True))
        assert form.found, f"at {stage} the Overview has no form for the step to {target}"
        assert form.folds is not None and form.folds <= 1, (  # action 2, at most
            f"the step to {target} is folded in {form.folds} <details>")
        prefix = f"to_{target}-"
        given = own(on) if callable(own) else dict(own)
        data: dict[str, object] = {**form.fields, prefix + "occurred_on": on.isoformat()}
        data.update({prefix + k: _form_values(v) for k, v in given.items()})
        if target in factories._WITH_DOCUMENT:
            data[prefix + "document"] = file(PDF_BYTES, factories._WITH_DOCUMENT[target])
        response = client.post(action, data=data, content_type="multipart/form-data")  # 3
    assert response.status_code == 302, response.get_data(as_text=True)[:2000]
    with app.app_context():
        assert db.session.scalar(select(Case.stage).where(Case.number == made.number)) == target


def test_scheduling_the_hearing_asks_the_day_it_was_set_then_the_day_it_is_for(
        app, client, auth):
    with app.app_context():
        number = make_case(wf.ARBITRATOR_APPOINTED).number
    auth.login("counsel")
    page = client.get(f"/cases/{number}").get_data(as_text=True)
    card = page.split('class="card next-step"', 1)[1].split("</section>", 1)[0]
    assert "Date the hearing was set" in card
    assert "Date the hearing was scheduled" not in page
