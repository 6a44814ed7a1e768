"""Helpers for tests of clients answering through a link (review rooms)."""


def introduce(client, token, name="Anna Client", email="anna@client.example", **extra):
    """Say who one is on a link's page, as the room's form does."""
    response = client.post(f"/s/{token}/reviewer/", {"name": name, "email": email}, **extra)
    assert response.status_code == 303, response.content.decode()[:500]
    return response


def comment_url(token, render):
    return f"/s/{token}/videos/{render.code}/comment/"


def review_url(token, render):
    return f"/s/{token}/videos/{render.code}/review/"
