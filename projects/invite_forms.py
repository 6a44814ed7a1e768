"""The form that invites someone to a team: on the team's members page
(through the ``sharing`` template tags) and on its own page."""

from django import forms

from projects.roles import Role
from projects.sharing import INVITE_DAYS


class InviteForm(forms.Form):
    email = forms.EmailField(
        label="Their e-mail",
        required=False,
        help_text=(
            "We send the invitation there, and only the account with this e-mail can use it. "
            "Leave it empty to get a link you pass on yourself."
        ),
    )
    role = forms.ChoiceField(label="Role", choices=Role.choices, initial=Role.EDITOR)
    days = forms.TypedChoiceField(
        label="The invitation works for",
        choices=[(1, "1 day"), (7, "7 days"), (30, "30 days")],
        coerce=int,
        initial=INVITE_DAYS,
    )

    def __init__(self, *args, **kwargs):
        # The members page also has the "add a member" form: keep ids apart.
        kwargs.setdefault("auto_id", "invite_%s")
        super().__init__(*args, **kwargs)
