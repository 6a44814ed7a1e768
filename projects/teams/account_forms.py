"""allauth's sign-up, log-in and e-mail forms, in the site's words (``ACCOUNT_FORMS``)."""

from allauth.account.forms import AddEmailForm, SignupForm
from allauth.account.forms import LoginForm as AllauthLoginForm
from django import forms

from projects.teams.names import refuse_control_characters


def _plain(field, label, **attrs):
    field.label = label
    field.widget.attrs.pop("placeholder", None)
    field.widget.attrs.update(attrs)


class SignUpForm(SignupForm):
    name = forms.CharField(
        label="Your name",
        max_length=150,
        required=False,
        validators=[refuse_control_characters],
        widget=forms.TextInput(attrs={"autocomplete": "name"}),
    )
    field_order = ["name", "email", "password1"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        _plain(self.fields["email"], "Work e-mail", autocomplete="email")
        _plain(self.fields["password1"], "Password", autocomplete="new-password")


class LoginForm(AllauthLoginForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        _plain(self.fields["login"], "E-mail", autocomplete="email", autofocus=True)
        _plain(self.fields["password"], "Password", autocomplete="current-password")
        # The page links to the reset form under the button.
        self.fields["password"].help_text = ""


class NewEmailForm(AddEmailForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        _plain(self.fields["email"], "New e-mail address", autocomplete="email")
