from flask_wtf import FlaskForm
from wtforms import BooleanField, EmailField, IntegerField, PasswordField, StringField
from wtforms.validators import (
    DataRequired,
    Email,
    EqualTo,
    InputRequired,
    Length,
    NumberRange,
    Optional,
)


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
