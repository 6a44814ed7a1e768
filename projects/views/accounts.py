from django.contrib import messages
from django.contrib.auth import login
from django.shortcuts import redirect, render

from projects.forms import SignUpForm
from projects.services import user_sign_up


def signup(request):
    if request.user.is_authenticated:
        return redirect("project_list")
    form = SignUpForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        user = user_sign_up(
            email=form.cleaned_data["email"],
            password=form.cleaned_data["password"],
            name=form.cleaned_data["name"],
        )
        login(request, user, backend="django.contrib.auth.backends.ModelBackend")
        messages.success(request, "Welcome to Avatar Studio! Start by creating a project.")
        return redirect("project_list")
    return render(request, "registration/signup.html", {"form": form})
