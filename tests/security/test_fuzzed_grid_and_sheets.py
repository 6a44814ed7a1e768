"""The campaign grid, the sheet import and the sample try, sent random values
in the names their forms read: never a server error, and nothing queued
without a confirmation."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from projects.models import Render
from tests.security.test_fuzzed_parameters import budget, clients, codes_of, status_of, values
from tests.url_table import LINK, OWNER, TABLE

NAMES = [
    "pick", "portrait", "voice", "cell", "all_missing", "mode", "prompt", "confirm",
    "text", "name", "lines", "sheet",
]  # fmt: skip
URLS = ["project_grid", "project_grid_make", "project_import", "project_import_queue"]


def parameters(world):
    codes = codes_of(world)
    cells = st.builds(
        lambda portrait, voice: f"{portrait}:{voice}",
        st.sampled_from([*codes, "", "x"]),
        st.one_of(st.sampled_from(codes), st.text(max_size=20).map(lambda t: f"s-{t}")),
    )
    sheets = st.builds(
        lambda header, rows: header + rows,
        st.sampled_from(["project,portrait,voiceover\n", "project,portrait,voiceover,mode\n", ""]),
        st.text(max_size=200),
    )
    value = st.one_of(values(codes), cells, sheets, st.lists(cells, max_size=60))
    names = st.one_of(st.sampled_from(NAMES), st.text(max_size=8))
    return st.dictionaries(names, value, max_size=6)


@pytest.mark.parametrize("name", URLS)
@budget(25)
@given(data=st.data())
def test_no_value_gives_a_server_error_or_a_video_without_confirmation(world, name, data):
    client = clients(world, OWNER)
    path = TABLE[name][0].url(world, world.tokens[LINK])
    before = Render.objects.count()
    for method in ("GET", "POST"):
        params = data.draw(parameters(world), label=f"{method} parameters")
        multipart = method == "POST" and data.draw(st.booleans(), label="multipart")
        status = status_of(client, path, method, params, {}, multipart)
        assert status < 500, f"{method} {path} {params!r} answered {status}"
        confirmed = "confirm" in params or name == "project_import_queue"
        if not confirmed:
            assert Render.objects.count() == before
