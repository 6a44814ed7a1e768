"""The forms of accounts and teams: signing up, logging in, naming a team,
members' roles and invitations."""

from django import forms
from django.contrib.admin.forms import AdminAuthenticationForm
from django.contrib.auth import password_validation
from django.contrib.auth.forms import AuthenticationForm

from projects.models import User
from projects.teams.invites import INVITE_DAYS
from projects.teams.names import refuse_control_characters
from projects.teams.roles import Role
from projects.teams.throttle import (
    client_ip,
    login_attempt_allowed,
    login_succeeded,
    too_many_attempts_message,
)


class SignUpForm(forms.Form):
    name = forms.CharField(label="Your name", max_length=150, required=False)
    email = forms.EmailField(label="Work e-mail", max_length=150)
    password = forms.CharField(
        label="Password",
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        help_text=password_validation.password_validators_help_text_html(),
    )

    def clean_email(self):
        email = self.cleaned_data["email"].lower()
        if User.objects.filter(username=email).exists():
            raise forms.ValidationError(
                "There is already an account with this e-mail. Log in, or reset your password."
            )
        return email

    def clean(self):
        cleaned = super().clean()
        password = cleaned.get("password")
        if password:
            probe = User(
                username=cleaned.get("email", ""),
                email=cleaned.get("email", ""),
                first_name=cleaned.get("name", ""),
            )
            try:
                password_validation.validate_password(password, probe)
            except forms.ValidationError as error:
                self.add_error("password", error)
        return cleaned


class EmailLoginForm(AuthenticationForm):
    username = forms.EmailField(
        label="E-mail", widget=forms.EmailInput(attrs={"autofocus": True, "autocomplete": "email"})
    )

    def clean_username(self):
        return self.cleaned_data["username"].lower()


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


class ThrottleMixin:
    """For authentication forms: refuse to check a password once the limit is hit."""

    def clean(self):
        email = self.cleaned_data.get("username")
        if email and self.cleaned_data.get("password"):
            ip = client_ip(self.request) if self.request else ""
            if not login_attempt_allowed(email=email, ip=ip):
                raise forms.ValidationError(too_many_attempts_message(), code="throttled")
            super().clean()
            login_succeeded(email=email, ip=ip)
            return self.cleaned_data
        return super().clean()


class ThrottledLoginForm(ThrottleMixin, EmailLoginForm):
    pass


class ThrottledAdminLoginForm(ThrottleMixin, AdminAuthenticationForm):
    pass
