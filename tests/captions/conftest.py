import pytest

from projects.models import Caption, CaptionSource
from projects.sharing.services import sharelink_create
from tests.sharing.conftest import done_render, vera  # noqa: F401  (a viewer)

CUES = [
    {"start": 0.2, "end": 1.6, "text": "Hello from the"},
    {"start": 1.6, "end": 3.4, "text": "spring <campaign> & more."},
]


@pytest.fixture
def render(project, alice):
    return done_render(project, alice, title="Spring — EN")


@pytest.fixture
def captioned(render):
    Caption.objects.create(render=render, source=CaptionSource.ALIGNED, cues=CUES, version=1)
    return render


@pytest.fixture
def make_link(project, alice):
    def make(render, **kwargs):
        return sharelink_create(
            project=project, created_by=alice, label="For ACME", renders=[render], **kwargs
        )

    return make
