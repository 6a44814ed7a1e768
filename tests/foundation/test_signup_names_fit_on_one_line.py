"""Sign-up refuses a name with a line break, as every other name field does."""

from projects.teams.account_forms import SignUpForm


def test_sign_up_refuses_a_name_with_a_line_break(db):
    form = SignUpForm(
        data={
            "name": "Dana\nBcc: x@example.org",
            "email": "dana@example.org",
            "password1": "a-long-enough-password-1",
        }
    )
    assert not form.is_valid()
    assert "one line" in form.errors["name"][0]


def test_sign_up_takes_an_ordinary_name(db):
    form = SignUpForm(
        data={
            "name": "Dana Marketer",
            "email": "dana@example.org",
            "password1": "a-long-enough-password-1",
        }
    )
    assert form.is_valid(), form.errors
