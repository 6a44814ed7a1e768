"""The e-mail that a render ended goes out whatever the project's name or
Kling's reason holds, and a mail that cannot go never fails the render's
task: the notice in the app stays (issue #12)."""

import pytest
from django.core import mail
from django.core.mail import BadHeaderError

from projects.models import Notice, Project, Render, RenderStatus
from projects.renders.following import fail_render
from projects.renders.notify import render_finished


@pytest.fixture
def two_line_project(project):
    # Written before names had to fit on one line.
    Project.objects.filter(pk=project.pk).update(name="Spring\ncampaign")
    return project


def test_a_finished_render_in_a_two_line_project_still_sends(make_render, two_line_project):
    render = make_render()
    Render.objects.filter(pk=render.pk).update(status=RenderStatus.DONE)
    render_finished(render_id=render.pk)
    (message,) = mail.outbox
    expected = f"“{render.title}” in “Spring campaign” is ready."
    assert message.subject == expected
    assert Notice.objects.get().message == expected


def test_a_failure_reason_on_several_lines_still_sends(
    make_render, two_line_project, django_capture_on_commit_callbacks
):
    render = make_render()
    with django_capture_on_commit_callbacks(execute=True):
        assert fail_render(render, "Kling refused the portrait:\nno face found.")
    (message,) = mail.outbox
    assert message.subject == (
        f"“{render.title}” in “Spring campaign” could not be made: "
        "Kling refused the portrait: no face found."
    )
    assert "no face found." in message.body


class RefusingMailBackend:
    def __init__(self, *args, **kwargs):
        pass

    def send_messages(self, messages):
        raise BadHeaderError("Header values can't contain newlines")


def test_a_refused_e_mail_never_fails_the_render(settings, make_render, project):
    settings.EMAIL_BACKEND = f"{__name__}.RefusingMailBackend"
    render = make_render()
    Render.objects.filter(pk=render.pk).update(status=RenderStatus.DONE)
    render_finished(render_id=render.pk)  # does not raise
    assert Notice.objects.filter(render=render).exists()
