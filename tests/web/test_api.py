"""The JSON API: personal access tokens, the case list for programs, a complaint filed through
it, and refusals as problem details."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import func, select

from qtrax_disputes.audit.models import AuditEntry
from qtrax_disputes.auth import api_tokens
from qtrax_disputes.auth.models import ApiToken, User
from qtrax_disputes.cases.models import Case
from qtrax_disputes.core.clock import frozen
from qtrax_disputes.intake.tokens import hash_token
from qtrax_disputes.outbox.models import OutboxMessage
from qtrax_disputes.web.extensions import db
from tests.conftest import page_text

PROBLEM = "application/problem+json"


@pytest.fixture
def token_for(app, make_user):
    """``token_for(role, scope)``: a token of a new person of ``role``; its secret."""
    def make(role="staff", scope="read", days=None, email=None):
        user_id, _ = make_user(role, email)
        with app.app_context():
            user = db.session.get(User, user_id)
            return api_tokens.create_token(user, name="Reporting", scope=scope,
                                           days=days).secret
    return make


def bearer(secret):
    return {"Authorization": f"Bearer {secret}"}


def test_a_token_is_printed_once_and_only_its_hash_is_kept(app, runner, make_user):
    _, email = make_user("counsel")
    result = runner.invoke(args=["tokens", "create", email, "--scope", "read",
                                 "--expires", "30"])
    assert result.exit_code == 0, result.output
    secret = result.output.strip().splitlines()[0]
    assert secret.startswith("qtrax_pat_")
    with app.app_context():
        token = db.session.scalar(select(ApiToken))
        assert token.token_hash == hash_token(secret)
        assert secret not in repr(db.session.execute(select(ApiToken.__table__)).all())
        assert 29 <= (token.expires_at - token.created_at).days <= 30
    listed = runner.invoke(args=["tokens", "list", email]).output
    assert token.prefix in listed and secret not in listed


def test_the_case_list_answers_a_token_and_pages_by_cursor(app, client, token_for, new_case):
    numbers = [new_case("filed", email=f"c{i}@mail.example") for i in range(3)]
    secret = token_for("viewer")
    first = client.get("/api/v1/cases?limit=2", headers=bearer(secret))
    assert first.status_code == 200, first.get_data(as_text=True)
    page = first.get_json()
    assert [c["number"] for c in page["items"]] == numbers[::-1][:2]
    rest = client.get(f"/api/v1/cases?limit=2&cursor={page['next_cursor']}",
                      headers=bearer(secret)).get_json()
    assert [c["number"] for c in rest["items"]] == [numbers[0]]
    assert rest["next_cursor"] is None
    one = client.get(f"/api/v1/cases/{numbers[0]}", headers=bearer(secret)).get_json()
    assert one["complainant_email"] == "c0@mail.example" and one["version"] >= 1


def test_every_use_of_a_token_is_audited(app, client, token_for):
    secret = token_for("viewer")
    client.get("/api/v1/cases", headers=bearer(secret))
    client.get("/api/v1/cases/QD-2026-999999", headers=bearer(secret))
    with app.app_context():
        uses = db.session.scalars(select(AuditEntry.detail).where(
            AuditEntry.action == "api_token.used")).all()
    assert [u["path"] for u in uses] == ["/api/v1/cases", "/api/v1/cases/QD-2026-999999"]


def test_no_token_a_wrong_one_a_revoked_one_and_an_expired_one_are_refused(app, client,
                                                                           token_for):
    assert client.get("/api/v1/cases").status_code == 401
    wrong = client.get("/api/v1/cases", headers=bearer("qtrax_pat_nothing"))
    assert wrong.status_code == 401 and wrong.content_type == PROBLEM
    assert "Bearer" in wrong.headers["WWW-Authenticate"]
    secret = token_for("counsel", days=1)
    with app.app_context():
        assert client.get("/api/v1/cases", headers=bearer(secret)).status_code == 200
        with frozen(datetime.now(UTC) + timedelta(days=1, minutes=1)):
            late = client.get("/api/v1/cases", headers=bearer(secret))
        assert late.status_code == 401 and late.get_json()["detail"] == api_tokens.EXPIRED
        api_tokens.revoke_token(db.session.scalar(select(ApiToken)))
    revoked = client.get("/api/v1/cases", headers=bearer(secret))
    assert revoked.status_code == 401 and revoked.get_json()["detail"] == api_tokens.REVOKED


def test_a_token_of_a_deactivated_person_stops_working(app, client, token_for):
    secret = token_for("staff", email="leaver@firm.example")
    with app.app_context():
        db.session.scalar(select(User).where(User.email == "leaver@firm.example")).active = False
        db.session.commit()
    assert client.get("/api/v1/cases", headers=bearer(secret)).status_code == 401


def test_a_signed_in_browser_does_not_reach_the_api(client, auth):
    auth.login("admin")
    assert client.get("/cases").status_code == 200
    assert client.get("/api/v1/cases").status_code == 401


def test_a_bad_filter_is_named_in_a_problem(client, token_for):
    response = client.get("/api/v1/cases?stage=nowhere&limit=0", headers=bearer(token_for()))
    assert response.status_code == 422 and response.content_type == PROBLEM
    assert set(response.get_json()["errors"]) == {"stage", "limit"}


COMPLAINT = {"name": "Rosa Diaz", "email": "rosa@mail.example", "account": "rosa",
             "category": "third_party_disclosure", "incident_on": "2026-10-01",
             "description": "Qtrax shared my listening history with an advertiser.",
             "resolution": "Delete what was shared.", "acknowledged": True}


def test_a_complaint_filed_through_the_api_is_a_case_with_its_receipt(app, client, auth):
    response = client.post("/api/v1/complaints", json=COMPLAINT)
    assert response.status_code == 201, response.get_data(as_text=True)
    number = response.get_json()["number"]
    assert "/status/" in response.get_json()["status_url"]
    with app.app_context():
        case = db.session.scalar(select(Case).where(Case.number == number))
        assert case.source == "web" and case.complainant_email == "rosa@mail.example"
        receipt = db.session.scalar(select(OutboxMessage).where(
            OutboxMessage.case_id == case.id))
        assert receipt.to_address == "rosa@mail.example"
    auth.login("staff")
    assert number in page_text(client.get("/cases"))


def test_a_complaint_gets_the_forms_own_messages_by_field(app, client):
    response = client.post("/api/v1/complaints", json={
        **COMPLAINT, "email": "not an address", "description": "short", "acknowledged": False})
    assert response.status_code == 422 and response.content_type == PROBLEM
    errors = response.get_json()["errors"]
    assert "valid email address" in errors["email"]
    assert "20 to 20,000 characters" in errors["description"]
    assert "read how disputes are handled" in errors["acknowledged"]
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(Case)) == 0


def test_an_unknown_field_is_refused_by_name(client):
    response = client.post("/api/v1/complaints", json={**COMPLAINT, "nmae": "x"})
    assert response.status_code == 422 and "nmae" in response.get_json()["errors"]


def test_complaints_are_rate_limited_like_the_form(app, client):
    limit = int(app.config["COMPLAINT_RATE_LIMIT"].split()[0])
    answers = [client.post("/api/v1/complaints", json={**COMPLAINT, "email": f"r{i}@m.example"})
               .status_code for i in range(limit + 1)]
    assert answers[:limit] == [201] * limit and answers[-1] == 429


def test_the_reference_page_and_the_document_are_served_by_the_app(client):
    spec = client.get("/api/v1/openapi.json").get_json()
    assert spec["openapi"] == "3.1.0" and "/api/v1/cases" in spec["paths"]
    page = client.get("/api/v1/docs")
    assert page.status_code == 200
    assert "GET /api/v1/cases" in page_text(page) and "https://" not in page.get_data(
        as_text=True).split("<main", 1)[-1]


def test_a_person_makes_a_token_in_their_settings_sees_it_once_and_revokes_it(app, client,
                                                                             auth):
    auth.login("staff")
    refused = client.post("/account/tokens", data={"name": "", "scope": "read", "days": "400"})
    assert refused.status_code == 400
    assert "Name the token" in page_text(refused) and "between 1 and 366" in page_text(refused)
    made = client.post("/account/tokens", data={"name": "Power BI", "scope": "read",
                                                "days": "30"})
    assert made.status_code == 200
    secret = made.get_data(as_text=True).split('<code class="secret">')[1].split("<")[0]
    assert client.get("/api/v1/cases", headers=bearer(secret)).status_code == 200
    # Shown once: the settings page later names it only by its first characters.
    assert secret not in client.get("/account").get_data(as_text=True)
    with app.app_context():
        token_id = db.session.scalar(select(ApiToken.id))
    client.post(f"/account/tokens/{token_id}/revoke")
    assert client.get("/api/v1/cases", headers=bearer(secret)).status_code == 401
    assert "revoked" in page_text(client.get("/account"))


def test_no_one_revokes_another_persons_token(app, client, auth, token_for):
    token_for("counsel")
    with app.app_context():
        token_id = db.session.scalar(select(ApiToken.id))
    auth.login("admin")
    assert client.post(f"/account/tokens/{token_id}/revoke").status_code == 404
