"""The team pages' forms (Flask-WTF: every form carries and checks a CSRF token)."""
from __future__ import annotations

from flask_wtf import FlaskForm
from wtforms import (DateField, EmailField, IntegerField, SelectField, SelectMultipleField,
                     StringField, TextAreaField)
from wtforms.validators import (DataRequired, Email, InputRequired, Length, NumberRange, Optional,
                                ValidationError)
from wtforms.widgets import CheckboxInput, ListWidget

from .strings import translate as _


class ChoiceField(SelectField):
    """A select whose refusal of a value not in the list is in the team view's words."""

    def pre_validate(self, form):
        if self.choices is not None and self.data not in {str(value) for value, _label in self.choices}:
            raise ValidationError("Kies een van de mogelijkheden uit de lijst.")


class MultiCheckboxField(SelectMultipleField):
    """A list of checkboxes (participants), easier on a phone than a multiple select."""

    widget = ListWidget(prefix_label=False, html_tag="ul")
    option_widget = CheckboxInput()

    def pre_validate(self, form):
        allowed = {str(value) for value, _label in (self.choices or [])}
        if any(value not in allowed for value in self.data or []):
            raise ValidationError("Kies alleen uit de lijst; iemand die je koos hoort niet (meer) bij jouw teams.")


class DayField(DateField):
    """A date (YYYY-MM-DD, as a date input sends it) whose error says what to type."""

    def process_formdata(self, valuelist):
        try:
            super().process_formdata(valuelist)
        except ValueError:
            self.data = None
            raise ValueError("Vul de datum in als jjjj-mm-dd, zoals 2026-03-14.") from None


class WholeNumberField(IntegerField):
    """A whole number whose error says what to type."""

    def process_formdata(self, valuelist):
        try:
            super().process_formdata(valuelist)
        except ValueError:
            self.data = None
            raise ValueError("Vul een heel getal in, zoals 45.") from None


class PlainForm(FlaskForm):
    """A form with only its CSRF token: sign-out, revoke, sign-in with a link."""


class EmailLinkForm(FlaskForm):
    email = EmailField("E-mailadres", validators=[DataRequired("Vul je e-mailadres in."),
                                                  Email("Vul een geldig e-mailadres in, zoals naam@organisatie.nl.")])


class ConfirmForm(FlaskForm):
    kind = ChoiceField("Wat vond er plaats?", choices=[
        ("training", "Training"), ("coaching", "Coachgesprek"), ("intervisie", "Intervisie")])
    step = ChoiceField("Welke stap uit het leerpad?", validators=[Optional()])
    held_on = DayField("Datum", validators=[InputRequired("Vul de datum in, zoals 2026-03-14.")])
    minutes = WholeNumberField("Duur in minuten", validators=[
        Optional(), NumberRange(1, 600, "Vul een duur tussen 1 en 600 minuten in.")])
    participants = MultiCheckboxField("Deelnemers", validators=[
        DataRequired("Kies ten minste één deelnemer.")])


class FeedbackForm(FlaskForm):
    statement = StringField("Reflectie", validators=[DataRequired(), Length(36, 36)])
    text = TextAreaField("Jouw reactie", validators=[
        DataRequired("Schrijf een reactie."), Length(max=4000, message="Maximaal 4000 tekens.")])


class NoteForm(FlaskForm):
    text = TextAreaField("Nieuwe notitie", validators=[
        DataRequired("Schrijf een notitie."), Length(max=4000, message="Maximaal 4000 tekens.")])


class LocationForm(FlaskForm):
    name = StringField("Naam", validators=[DataRequired("Vul de naam van de locatie in."), Length(max=120)])
    lrk = StringField("LRK-nummer", validators=[Optional(), Length(9, 12, "Een LRK-nummer heeft 9 tot 12 cijfers.")])
    kind = ChoiceField("Soort opvang", choices=[("dagopvang", "Dagopvang"), ("peuteropvang", "Peuteropvang"),
                                                 ("bso", "BSO"), ("combinatie", "Combinatie")])
    ve_children = WholeNumberField("Kinderen met een VE-indicatie", validators=[
        Optional(), NumberRange(0, 1000, "Vul een aantal van 0 of meer in.")])


class TeamForm(FlaskForm):
    name = StringField("Naam van het team (de groep)", validators=[DataRequired("Vul de naam in."), Length(max=120)])
    location = ChoiceField("Locatie", validators=[DataRequired("Kies een locatie.")])


class StaffForm(FlaskForm):
    name = StringField("Naam", validators=[DataRequired("Vul de naam in."), Length(max=120)])
    email = EmailField("E-mailadres", validators=[Optional(), Email("Vul een geldig e-mailadres in.")])
    role = ChoiceField("Rol", choices=[("coach", "Coach"), ("manager", "Leidinggevende"), ("admin", "Beheerder")])
    scope = MultiCheckboxField("Teams (coach) of locaties (leidinggevende)")


class LearnerTeamForm(FlaskForm):
    team = ChoiceField("Team", validators=[DataRequired("Kies een team.")])


class HoursForm(FlaskForm):
    hours = WholeNumberField("Contracturen per week", validators=[
        InputRequired("Vul het aantal uren in."), NumberRange(0, 60, "Vul 0 tot 60 uur in.")])
    effective_from = DayField("Vanaf", validators=[InputRequired("Vul de datum in, zoals 2026-01-01.")])


def translate_form(form: FlaskForm) -> FlaskForm:
    """Labels and choices in the team view's language (the Dutch text is the key)."""
    for field in form:
        if field.label is not None:
            field.label.text = _(field.label.text)
        if getattr(field, "choices", None) and all(isinstance(c, tuple) for c in field.choices):
            field.choices = [(value, _(label)) for value, label in field.choices]
    return form
