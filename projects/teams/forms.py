"""The forms of teams: naming a team, members' roles and invitations. Signing
up and logging in are allauth's forms (``projects.teams.account_forms``)."""

from django import forms

from projects.teams.invites import INVITE_DAYS
from projects.teams.names import refuse_control_characters
from projects.teams.roles import Role


class TeamForm(forms.Form):
    name = forms.CharField(
        label="Team name", max_length=100, validators=[refuse_control_characters]
    )


class RoleForm(forms.Form):
    role = forms.ChoiceField(choices=Role.choices)


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
        # The members page also has the "rename the team" form: keep ids apart.
        kwargs.setdefault("auto_id", "invite_%s")
        super().__init__(*args, **kwargs)


class TeamSecurityForm(forms.Form):
    require_mfa = forms.BooleanField(
        label="Every member must use two-step sign-in",
        required=False,
        help_text=(
            "Members without it are asked to set it up (an authenticator app on their "
            "phone) before they can open this team's projects."
        ),
    )
