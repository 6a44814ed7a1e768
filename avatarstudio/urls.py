from allauth.account import views as account_views
from allauth.account.decorators import secure_admin_login
from django.contrib import admin
from django.urls import include, path
from django.views.generic import RedirectView

from projects.health.http import health

# The admin logs in through the site's own log-in page: the same budgets for
# failed attempts, and two-step sign-in for those who set it up.
admin.site.login = secure_admin_login(admin.site.login)


def moved(name):
    """An address of the pages before allauth, still in bookmarks and e-mails."""
    return RedirectView.as_view(pattern_name=name, query_string=True, permanent=True)


urlpatterns = [
    # allauth's pages, under the names the templates and the app use
    # ("account_login" and the others work too, for allauth's own pages).
    path("accounts/login/", account_views.login, name="login"),
    path("accounts/logout/", account_views.logout, name="logout"),
    path("accounts/signup/", account_views.signup, name="signup"),
    path("accounts/password/reset/", account_views.password_reset, name="password_reset"),
    path("accounts/", include("allauth.urls")),
    path("signup/", moved("signup")),
    path("accounts/password_reset/", moved("password_reset")),
    path("admin/", admin.site.urls),
    # Answered by projects.health.http.HealthCheckMiddleware before host checks;
    # the route names it and serves it should that middleware be removed.
    path("health/", health, name="health"),
    path("", include("projects.urls")),
]

# The site's own error pages, with DEBUG on or off: avatarstudio/errors.py.
handler400 = "avatarstudio.errors.bad_request"
handler403 = "avatarstudio.errors.permission_denied"
handler404 = "avatarstudio.errors.page_not_found"
handler500 = "avatarstudio.errors.server_error"
