import getpass

from sqlalchemy import select

from qtrax_disputes.audit.models import AuditEntry
from qtrax_disputes.auth.models import User
from qtrax_disputes.web.extensions import db


def test_create_an_admin_from_standard_input(app, runner):
    result = runner.invoke(args=["users", "create", "Ada@Qtrax.example", "--role", "admin"],
                           input="a long enough passphrase\n")
    assert result.exit_code == 0, result.output
    assert "Created ada@qtrax.example (admin)" in result.output
    with app.app_context():
        user = db.session.scalar(select(User))
        assert user.role == "admin" and user.check_password("a long enough passphrase")
        entry = db.session.scalar(select(AuditEntry).where(AuditEntry.action == "user.created"))
        assert entry.detail == {"email": "ada@qtrax.example", "role": "admin"}
        # No --by (the first admin has nobody to name): the operating-system user ran it.
        assert entry.actor == f"os:{getpass.getuser()}" and entry.actor_user_id is None


def test_weak_passwords_and_unknown_roles_are_refused(app, runner):
    result = runner.invoke(args=["users", "create", "a@qtrax.example", "--role", "staff"],
                           input="short\n")
    assert result.exit_code != 0 and "at least 12 characters" in result.output
    result = runner.invoke(args=["users", "create", "a@qtrax.example", "--role", "boss"],
                           input="a long enough passphrase\n")
    assert result.exit_code != 0
    with app.app_context():
        assert db.session.scalar(select(User)) is None


def test_list_set_role_and_deactivate(app, runner):
    runner.invoke(args=["users", "create", "b@qtrax.example", "--role", "viewer"],
                  input="a long enough passphrase\n")
    assert runner.invoke(args=["users", "set-role", "b@qtrax.example", "counsel"]).exit_code == 0
    assert runner.invoke(args=["users", "deactivate", "b@qtrax.example"]).exit_code == 0
    listing = runner.invoke(args=["users", "list"]).output
    assert "b@qtrax.example\tcounsel\tdisabled" in listing
    with app.app_context():
        acts = db.session.scalars(select(AuditEntry.action).order_by(AuditEntry.id)).all()
        change = db.session.scalar(
            select(AuditEntry).where(AuditEntry.action == "user.role_changed"))
    assert acts == ["user.created", "user.role_changed", "user.deactivated"]
    assert change.detail == {"from": "viewer", "to": "counsel"}
    assert runner.invoke(args=["users", "deactivate", "nobody@x.example"]).exit_code != 0
