from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path

from projects.health.http import health
from projects.teams.forms import ThrottledAdminLoginForm, ThrottledLoginForm

# The admin's own log-in page counts failures with the same limits.
admin.site.login_form = ThrottledAdminLoginForm

urlpatterns = [
    path(
        "accounts/login/",
        auth_views.LoginView.as_view(authentication_form=ThrottledLoginForm),
        name="login",
    ),
    path("accounts/", include("django.contrib.auth.urls")),
    path("admin/", admin.site.urls),
    # Answered by projects.health.http.HealthCheckMiddleware before host checks;
    # the route names it and serves it should that middleware be removed.
    path("health/", health, name="health"),
    path("", include("projects.urls")),
]
