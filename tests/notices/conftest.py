import pytest

from projects.models import Notice, NoticeKind, NotificationPreference, Project
from tests.sharing.conftest import (  # noqa: F401  (fixtures)
    anna,
    done_render,
    feedback_link,
    make_link,
    other_render,
    render,
)


@pytest.fixture
def video(project, alice):
    """Alice's finished video, by the title people know it by."""

    def make(title, *, in_project=None, by=None):
        return done_render(in_project or project, by or alice, title=title)

    return make


@pytest.fixture
def notice():
    """A notice as notify.py leaves it: about a video, in its project."""

    def make(user, take, kind=NoticeKind.READY, message=None, **fields):
        return Notice.objects.create(
            user=user,
            render=take,
            project=take.project if take else None,
            kind=kind,
            message=message or f"“{take.title}” in “{take.project.name}” is ready.",
            **fields,
        )

    return make


@pytest.fixture
def other_project(team, alice):
    return Project.objects.create(team=team, name="Autumn teaser", created_by=alice)


def choose(user, **choices):
    """Save a person's e-mail choices, e.g. choose(alice, ready="digest")."""
    NotificationPreference.objects.update_or_create(user=user, defaults=choices)
