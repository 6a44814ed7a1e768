"""The gallery's polling endpoint ignores codes that are not UUIDs.

Security review, issue #12: /projects/<code>/renders.json?code=x gave a 500
for any value that is not a UUID.
"""

import pytest

NINES = "9" * 4301


def poll(client, world, codes):
    return client.get(f"/projects/{world.project.code}/renders.json", {"code": codes})


@pytest.mark.parametrize(
    "junk", ["x", "", "\x00", NINES, "not-a-uuid", "1234", "{" + "0" * 31 + "}", "🎬" * 500]
)
def test_a_code_that_is_not_a_uuid_is_ignored(world, owner, junk):
    response = poll(owner, world, [junk])

    assert response.status_code == 200
    assert response.json() == {"renders": []}


def test_the_real_codes_among_junk_are_still_answered(world, owner):
    codes = ["x", str(world.render.code), NINES, str(world.version2.code).upper()]

    response = poll(owner, world, codes)

    assert response.status_code == 200
    answered = {card["code"] for card in response.json()["renders"]}
    assert answered == {str(world.render.code), str(world.version2.code)}


def test_another_projects_render_is_not_answered(world, owner):
    response = poll(owner, world, [str(world.foreign_render.code)])
    assert response.json() == {"renders": []}
