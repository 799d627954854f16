from __future__ import annotations

from wtforms import BooleanField

from marketplace.i18n.forms import Form
from marketplace.notifications import messages


def preferences_form(choices: dict[str, bool]) -> Form:
    """One checkbox per group of kinds, named after the group; the form class is
    built from messages.GROUPS, so a new group needs no change here."""

    class PreferencesForm(Form):
        pass

    for group, label in messages.GROUPS.items():
        setattr(PreferencesForm, group, BooleanField(label, default=choices.get(group, True)))
    return PreferencesForm()
