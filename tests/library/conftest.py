"""A team with a library: Alice owns it, Bob edits, Vera views; two projects."""

import hashlib
import uuid
from urllib.parse import urlencode

import pytest
from django.test import Client

from projects.models import Membership, Project, Render, RenderStatus
from projects.teams.roles import Role
from projects.teams.services import user_sign_up
from tests.conftest import PASSWORD
from tests.factories import portrait_asset, voiceover_asset


@pytest.fixture
def vera(db, team):
    user = user_sign_up(email="vera@example.org", password=PASSWORD, name="Vera")
    Membership.objects.create(team=team, user=user, role=Role.VIEWER)
    return user


@pytest.fixture
def autumn(team, alice):
    return Project.objects.create(team=team, name="Autumn launch", created_by=alice)


def client_of(user):
    client = Client()
    client.force_login(user)
    return client


def library_url(team, **query):
    return f"/teams/{team.code}/library/" + (f"?{urlencode(query)}" if query else "")


def page_of(response):
    assert response.status_code == 200
    return response.content.decode()


def portrait(team, project=None, *, label="face.png", colour=(90, 120, 200), tags="", **kwargs):
    uploaded_by = kwargs.pop("uploaded_by", None)
    asset = portrait_asset(team, project=project, label=label, colour=colour, **kwargs)
    asset.tags, asset.uploaded_by = tags, uploaded_by
    asset.save(update_fields=["tags", "uploaded_by"])
    return asset


def voiceover(team, project=None, *, label="voice.mp3", tags="", uploaded_by=None):
    """A 3-second MP3 voiceover; the same sound each time, counted as a new file."""
    return voiceover_asset(
        team,
        project=project,
        label=label,
        tags=tags,
        uploaded_by=uploaded_by,
        source_sha256=hashlib.sha256(uuid.uuid4().bytes).hexdigest(),
    )


def renders(project, user, portrait, voiceover=None, count=1, **fields):
    """Videos made with these inputs (queued: what they look like does not matter here)."""
    made = []
    for version in range(1, count + 1):
        code = uuid.uuid4()
        made.append(
            Render(
                project=project,
                created_by=user,
                portrait=portrait,
                voiceover=voiceover,
                script="" if voiceover else "Hello from the spring collection.",
                voice_id="" if voiceover else "oversea_male1",
                status=RenderStatus.QUEUED,
                code=code,
                external_task_id=f"avs-{code.hex}",
                version=version,
                **fields,
            )
        )
    return Render.objects.bulk_create(made)
