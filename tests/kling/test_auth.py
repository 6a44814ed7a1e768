import jwt
import pytest

from projects.kling import KlingClient, KlingConfigurationError
from projects.kling.auth import ApiKeyCredentials, JwtCredentials

from .canned import ACCESS_KEY, API_KEY, SECRET_KEY


class Clock:
    """A clock the test moves by hand."""

    def __init__(self, now=1_700_000_000.0):
        self.now = now

    def __call__(self):
        return self.now

    def advance(self, seconds):
        self.now += seconds


def decode(token):
    return jwt.decode(
        token,
        SECRET_KEY,
        algorithms=["HS256"],
        options={"verify_exp": False, "verify_nbf": False},
    ), jwt.get_unverified_header(token)


def test_token_is_hs256_signed_with_the_secret_key_and_has_the_documented_claims():
    clock = Clock()
    token = JwtCredentials(ACCESS_KEY, SECRET_KEY, clock=clock).bearer()

    claims, header = decode(token)
    assert header == {"alg": "HS256", "typ": "JWT"}
    assert claims == {"iss": ACCESS_KEY, "exp": 1_700_000_000 + 1800, "nbf": 1_700_000_000 - 5}


def test_token_does_not_verify_with_another_secret():
    token = JwtCredentials(ACCESS_KEY, SECRET_KEY).bearer()
    with pytest.raises(jwt.InvalidSignatureError):
        jwt.decode(token, "another-secret-of-sufficient-length-000", algorithms=["HS256"])


def test_token_is_reused_while_more_than_five_minutes_remain():
    clock = Clock()
    credentials = JwtCredentials(ACCESS_KEY, SECRET_KEY, clock=clock)
    first = credentials.bearer()

    clock.advance(1800 - 301)
    assert credentials.bearer() == first


def test_token_is_renewed_when_less_than_five_minutes_remain():
    clock = Clock()
    credentials = JwtCredentials(ACCESS_KEY, SECRET_KEY, clock=clock)
    first = credentials.bearer()

    clock.advance(1800 - 299)
    second = credentials.bearer()

    assert second != first
    claims, _ = decode(second)
    assert claims["exp"] == int(clock.now) + 1800


def test_renew_forces_a_new_token_even_when_the_cached_one_is_fresh():
    clock = Clock()
    credentials = JwtCredentials(ACCESS_KEY, SECRET_KEY, clock=clock)
    first = credentials.bearer()
    clock.advance(1)

    assert credentials.renew() is True
    assert credentials.bearer() != first


def test_api_key_is_sent_as_it_is_and_cannot_be_renewed():
    credentials = ApiKeyCredentials(API_KEY)
    assert credentials.bearer() == API_KEY
    assert credentials.renew() is False


def test_api_key_wins_over_access_and_secret_keys():
    client = KlingClient(
        base_url="http://127.0.0.1:1",
        access_key=ACCESS_KEY,
        secret_key=SECRET_KEY,
        api_key=API_KEY,
    )
    assert client.auth_kind == "api_key"


@pytest.mark.parametrize(
    "keys",
    [
        {},
        {"access_key": ACCESS_KEY},
        {"secret_key": SECRET_KEY},
        {"access_key": "", "secret_key": "", "api_key": ""},
    ],
)
def test_client_refuses_to_start_without_credentials(keys):
    with pytest.raises(KlingConfigurationError):
        KlingClient(base_url="http://127.0.0.1:1", **keys)


def test_a_key_with_a_newline_is_refused_without_echoing_it():
    bad = SECRET_KEY + "\nX-Injected: 1"
    with pytest.raises(KlingConfigurationError) as caught:
        KlingClient(base_url="http://127.0.0.1:1", access_key=ACCESS_KEY, secret_key=bad)
    assert SECRET_KEY not in str(caught.value)
    assert SECRET_KEY not in repr(caught.value.args)


def test_credentials_and_client_reprs_show_no_key_or_token():
    credentials = JwtCredentials(ACCESS_KEY, SECRET_KEY)
    token = credentials.bearer()
    client = KlingClient(
        base_url="http://127.0.0.1:1", access_key=ACCESS_KEY, secret_key=SECRET_KEY
    )
    api_client = KlingClient(base_url="http://127.0.0.1:1", api_key=API_KEY)

    shown = repr(credentials) + repr(ApiKeyCredentials(API_KEY)) + repr(client) + repr(api_client)
    shown += str(client) + str(api_client)
    for secret in (SECRET_KEY, ACCESS_KEY, API_KEY, token):
        assert secret not in shown
