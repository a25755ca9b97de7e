"""The compliance forms (Flask-WTF: each carries and checks a CSRF token)."""
from __future__ import annotations

from flask_wtf import FlaskForm
from flask_wtf.file import FileField, FileRequired
from wtforms import DateField, DecimalField, SelectField, StringField, TextAreaField
from wtforms.validators import InputRequired, Length, NumberRange, Optional


class CertificateForm(FlaskForm):
    requirement = SelectField("Voor welke verplichting?")
    done_on = DateField("Datum van het certificaat", validators=[InputRequired("Vul de datum in, zoals 2026-03-14.")])
    valid_until = DateField("Geldig tot (als het certificaat dat vermeldt)", validators=[Optional()])
    file = FileField("Bestand (PDF, JPEG of PNG)", validators=[FileRequired("Kies een bestand.")])


class ManualForm(FlaskForm):
    requirement = SelectField("Voor welke verplichting?")
    done_on = DateField("Gecontroleerd op", validators=[InputRequired("Vul de datum in, zoals 2026-03-14.")])
    valid_until = DateField("Geldig tot (leeg: volgens de verplichting)", validators=[Optional()])
    note = StringField("Wat heb je gezien?", validators=[Optional(), Length(max=300)])


class RevokeForm(FlaskForm):
    reason = StringField("Reden", validators=[InputRequired("Vul een reden in."), Length(max=300)])


class TagForm(FlaskForm):
    tag = SelectField("Werkt", choices=[("babies", "met baby's"), ("ve", "in de VE"), ("bhv", "als BHV'er")])
    state = SelectField("Aan of uit", choices=[("aan", "aan"), ("uit", "uit")])


class IkkForm(FlaskForm):
    location = SelectField("Locatie")
    hours = DecimalField("Uren", places=1, validators=[InputRequired("Vul het aantal uren in."),
                                                      NumberRange(0, 10000, "Vul 0 tot 10000 uur in.")])
    note = TextAreaField("Toelichting", validators=[Optional(), Length(max=500)])
