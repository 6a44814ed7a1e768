from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path

from projects.forms import EmailLoginForm

urlpatterns = [
    path(
        "accounts/login/",
        auth_views.LoginView.as_view(authentication_form=EmailLoginForm),
        name="login",
    ),
    path("accounts/", include("django.contrib.auth.urls")),
    path("admin/", admin.site.urls),
    path("", include("projects.urls")),
]
