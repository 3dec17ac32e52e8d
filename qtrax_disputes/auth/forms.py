from flask_wtf import FlaskForm
from wtforms import (
    BooleanField,
    EmailField,
    IntegerField,
    PasswordField,
    SelectField,
    StringField,
)
from wtforms.validators import (
    DataRequired,
    Email,
    EqualTo,
    InputRequired,
    Length,
    NumberRange,
    Optional,
)

from .roles import ROLES, STAFF


class LoginForm(FlaskForm):
    email = EmailField("Email", validators=[DataRequired(), Email(), Length(max=254)])
    password = PasswordField("Password", validators=[DataRequired(), Length(max=200)])
    remember = BooleanField("Keep me signed in on this computer")
    next = StringField(validators=[Optional(), Length(max=500)])


class SettingsForm(FlaskForm):
    reminder_days = IntegerField(
        "Remind me of deadlines this many days ahead",
        validators=[InputRequired("Enter a number of days."),
                    NumberRange(1, 60, "Choose between 1 and 60 days.")])
    report_subscribed = BooleanField("Email me the weekly report")


class ApiTokenForm(FlaskForm):
    name = StringField("What the token is for", validators=[
        DataRequired("Name the token after the program that will use it."),
        Length(max=100, message="Keep the name to 100 characters.")])
    scope = SelectField("It may", choices=[("read", "Only read"),
                                            ("write", "Read and change what my role may")],
                        default="read")
    days = IntegerField("Works for this many days", default=90, validators=[
        InputRequired("Enter a number of days."),
        NumberRange(1, 366, "Choose between 1 and 366 days.")])


class FirstAdminForm(FlaskForm):
    name = StringField("Your name", validators=[DataRequired("Enter your name."), Length(max=200)])
    email = EmailField("Email", validators=[DataRequired("Enter your email address."),
                                            Email("Enter a valid email address."),
                                            Length(max=254)])
    password = PasswordField("Password", validators=[DataRequired("Choose a password."),
                                                     Length(max=200)])
    confirm = PasswordField("Password again", validators=[
        DataRequired("Type the password again."),
        EqualTo("password", "The two passwords are not the same.")])


_CHOOSING_HINT = ("At least 12 characters and hard to guess: a few unrelated words "
                      "work well.")


class ChangePasswordForm(FlaskForm):
    current_password = PasswordField(
        "Current password", validators=[DataRequired("Enter your current password."),
                                        Length(max=200)])
    new_password = PasswordField(
        "New password", validators=[DataRequired("Enter a new password."),
                                    Length(max=200, message="Use at most 200 characters.")])
    confirm = PasswordField(
        "New password again",
        validators=[DataRequired("Enter the new password again."),
                    EqualTo("new_password", "The two new passwords are not the same.")])
    hint = _CHOOSING_HINT


class ForgotPasswordForm(FlaskForm):
    email = EmailField("Email", validators=[DataRequired("Enter your email address."),
                                            Email("Enter a valid email address."),
                                            Length(max=254)])


class NewPasswordForm(FlaskForm):
    password = PasswordField(
        "New password", validators=[DataRequired("Enter a new password."),
                                    Length(max=200, message="Use at most 200 characters.")])
    confirm = PasswordField(
        "New password again",
        validators=[DataRequired("Enter the new password again."),
                    EqualTo("password", "The two passwords are not the same.")])
    hint = _CHOOSING_HINT


class InviteForm(FlaskForm):
    email = EmailField("Email", validators=[DataRequired("Enter the person's email address."),
                                            Email("Enter a valid email address."),
                                            Length(max=254)])
    name = StringField("Name", validators=[Optional(), Length(max=200)])
    role = SelectField("Role", choices=[(r, r.title()) for r in ROLES], default=STAFF)


class RoleForm(FlaskForm):
    role = SelectField("Role", choices=[(r, r.title()) for r in ROLES])
