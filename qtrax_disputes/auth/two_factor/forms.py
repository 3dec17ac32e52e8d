from flask_wtf import FlaskForm
from wtforms import StringField
from wtforms.validators import DataRequired, Length


class EnrolForm(FlaskForm):
    code = StringField("Code from your app",
                       validators=[DataRequired("Enter the 6-digit code your app shows."),
                                   Length(max=64)])


class SignInCodeForm(FlaskForm):
    code = StringField("Code",
                       validators=[DataRequired("Enter the code from your app, or a recovery "
                                                "code."), Length(max=64)])


class RegenerateForm(FlaskForm):
    code = StringField("Code from your app",
                       validators=[DataRequired("Enter the 6-digit code your app shows."),
                                   Length(max=64)])


class DisableForm(FlaskForm):
    code = StringField("Code from your app",
                       validators=[DataRequired("Enter the 6-digit code your app shows."),
                                   Length(max=64)])

