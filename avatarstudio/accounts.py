"""Account settings (django-allauth), read by avatarstudio/settings.py.

The client's address for the log-in budgets (ALLAUTH_TRUSTED_PROXY_COUNT)
is set in settings.py beside BEHIND_PROXY, which it follows."""

from avatarstudio.environment import env

# People log in with their e-mail address; nobody sees a username (it is set
# to the address, see projects/teams/adapter.py). Nobody uses the site before
# their address is verified. Pages never tell whether an address has an
# account: sign-up and reset answer the same, and the mail says the rest.
ACCOUNT_ADAPTER = "projects.teams.adapter.AccountAdapter"
ACCOUNT_FORMS = {
    "signup": "projects.teams.account_forms.SignUpForm",
    "login": "projects.teams.account_forms.LoginForm",
    "add_email": "projects.teams.account_forms.NewEmailForm",
}
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*"]
ACCOUNT_UNIQUE_EMAIL = True
ACCOUNT_EMAIL_VERIFICATION = "mandatory"
ACCOUNT_PREVENT_ENUMERATION = True
ACCOUNT_LOGIN_ON_EMAIL_CONFIRMATION = True
ACCOUNT_LOGIN_ON_PASSWORD_RESET = True
ACCOUNT_CHANGE_EMAIL = True
ACCOUNT_SESSION_REMEMBER = True
ACCOUNT_LOGOUT_ON_GET = False
ACCOUNT_EMAIL_SUBJECT_PREFIX = "Avatar Studio: "
ACCOUNT_DEFAULT_HTTP_PROTOCOL = "https" if env("SITE_URL").startswith("https://") else "http"

# Two-step sign-in: an authenticator app, with recovery codes to fall back on.
MFA_ADAPTER = "projects.teams.adapter.TwoStepAdapter"
MFA_SUPPORTED_TYPES = ["totp", "recovery_codes"]
MFA_TOTP_ISSUER = "Avatar Studio"
# A phone's clock a little off still works: the code before and after too.
MFA_TOTP_TOLERANCE = 1

# Failed log-ins, counted in the shared cache (below) so that every web
# process on every machine sees the same counts. Three budgets, each a sliding
# window; a failure counts in all three, a refused attempt checks no password:
# - per e-mail address and IP address: the person who mistyped;
# - per IP address, whatever the address: one machine trying many accounts;
# - per e-mail address, from anywhere: many machines trying one account. Its
#   window is short, so that the owner waits minutes, not hours.
# A password reset logs the person in (ACCOUNT_LOGIN_ON_PASSWORD_RESET).
LOGIN_MAX_FAILURES = int(env("LOGIN_MAX_FAILURES", "5"))
LOGIN_FAILURE_WINDOW_SECONDS = int(env("LOGIN_FAILURE_WINDOW_SECONDS", str(15 * 60)))
LOGIN_MAX_FAILURES_PER_IP = int(env("LOGIN_MAX_FAILURES_PER_IP", "30"))
LOGIN_MAX_FAILURES_PER_ACCOUNT = int(env("LOGIN_MAX_FAILURES_PER_ACCOUNT", "10"))
LOGIN_ACCOUNT_COOLDOWN_SECONDS = int(env("LOGIN_ACCOUNT_COOLDOWN_SECONDS", str(5 * 60)))
ACCOUNT_RATE_LIMITS = {
    # allauth's own budget, per IP address and per account ("key").
    "login_failed": (
        f"{LOGIN_MAX_FAILURES_PER_IP}/{LOGIN_FAILURE_WINDOW_SECONDS}s/ip,"
        f"{LOGIN_MAX_FAILURES_PER_ACCOUNT}/{LOGIN_ACCOUNT_COOLDOWN_SECONDS}s/key"
    ),
    # Ours, per (e-mail address, IP address): projects/teams/adapter.py.
    "login_failed_pair": f"{LOGIN_MAX_FAILURES}/{LOGIN_FAILURE_WINDOW_SECONDS}s/key",
    # Every log-in POST per IP address: the failure budgets above already
    # bound guessing, and this one would make a log-in fail with the cache.
    "login": "",
}

# Optional sign-in with Google and Microsoft: only a provider whose keys are
# set is installed, so with none the sign-in pages show no such buttons.
GOOGLE_CLIENT_ID = env("GOOGLE_CLIENT_ID")
GOOGLE_CLIENT_SECRET = env("GOOGLE_CLIENT_SECRET")
MICROSOFT_CLIENT_ID = env("MICROSOFT_CLIENT_ID")
MICROSOFT_CLIENT_SECRET = env("MICROSOFT_CLIENT_SECRET")
MICROSOFT_TENANT = env("MICROSOFT_TENANT", "organizations")
SOCIALACCOUNT_PROVIDERS = {}
if GOOGLE_CLIENT_ID and GOOGLE_CLIENT_SECRET:
    SOCIALACCOUNT_PROVIDERS["google"] = {
        "APPS": [{"client_id": GOOGLE_CLIENT_ID, "secret": GOOGLE_CLIENT_SECRET, "key": ""}],
        "SCOPE": ["profile", "email"],
        "AUTH_PARAMS": {"access_type": "online"},
        # Google verifies addresses: someone with an account for that
        # address may sign in with Google without linking it first.
        "EMAIL_AUTHENTICATION": True,
    }
if MICROSOFT_CLIENT_ID and MICROSOFT_CLIENT_SECRET:
    # Microsoft does not vouch for the address: it is verified by e-mail.
    SOCIALACCOUNT_PROVIDERS["microsoft"] = {
        "APPS": [
            {
                "client_id": MICROSOFT_CLIENT_ID,
                "secret": MICROSOFT_CLIENT_SECRET,
                "settings": {"tenant": MICROSOFT_TENANT},
            }
        ],
    }
SOCIAL_APPS = []
if SOCIALACCOUNT_PROVIDERS:
    SOCIAL_APPS = [
        "allauth.socialaccount",
        *(f"allauth.socialaccount.providers.{name}" for name in SOCIALACCOUNT_PROVIDERS),
    ]
    SOCIALACCOUNT_EMAIL_VERIFICATION = "mandatory"
    SOCIALACCOUNT_LOGIN_ON_GET = False
