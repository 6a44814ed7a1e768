"""A notice goes away when its person opens the video it is about, or
dismisses it (one line of the bell, or all); nobody else's notices move."""

from projects.models import Notice, NoticeKind
from tests.conftest import login_as


def unread_of(user):
    return set(Notice.objects.filter(user=user, read_at__isnull=True).values_list("pk", flat=True))


def test_opening_the_video_reads_its_notices_and_only_those(client, alice, bob, video, notice):
    take, other = video("Astronaut EN"), video("Chef teaser")
    mine = [notice(alice, take), notice(alice, take, NoticeKind.FEEDBACK, "Anna commented")]
    kept = notice(alice, other)
    bobs = notice(bob, take, NoticeKind.FEEDBACK, "Anna commented")
    login_as(client, alice)
    assert client.get(take.get_absolute_url()).status_code == 200
    assert unread_of(alice) == {kept.pk}
    assert unread_of(bob) == {bobs.pk}
    assert all(Notice.objects.get(pk=n.pk).read_at for n in mine)
    # And the bell says so on the page that opened it.
    page = client.get(take.get_absolute_url()).content.decode()
    assert "Notices, 1 unread" in page


def test_dismissing_one_line_leaves_the_others(client, alice, video, notice):
    a, b, c = video("A"), video("B"), video("C")
    ready = [notice(alice, a), notice(alice, b)]  # one collapsed line
    failed = notice(alice, c, NoticeKind.FAILED, "“C” could not be made")
    login_as(client, alice)
    response = client.post(
        "/notices/read/", {"notice": [str(n.pk) for n in ready], "next": "/notices/"}
    )
    assert response.status_code == 302 and response["Location"] == "/notices/"
    assert unread_of(alice) == {failed.pk}


def test_dismissing_all(client, alice, video, notice):
    for title in ("A", "B"):
        notice(alice, video(title))
    login_as(client, alice)
    client.post("/notices/read/")
    assert not unread_of(alice)


def test_nobody_dismisses_someone_elses_notice_and_odd_ids_change_nothing(
    client, alice, bob, video, notice
):
    take = video("A")
    alices = notice(alice, take)
    login_as(client, bob)
    for value in (str(alices.pk), "abc", "-1", "9" * 40, ""):
        response = client.post("/notices/read/", {"notice": value})
        assert response.status_code == 302
    assert unread_of(alice) == {alices.pk}


def test_the_notices_page_lists_everything_newest_first_read_or_not(
    client, alice, bob, video, notice
):
    a, b = video("Astronaut EN"), video("Chef teaser")
    notice(alice, a, read_at=a.created)
    notice(alice, b)
    notice(bob, b, NoticeKind.FEEDBACK, "Only for Bob")
    login_as(client, alice)
    page = client.get("/notices/").content.decode()
    assert page.index("Chef teaser") < page.index("Astronaut EN")
    assert "Only for Bob" not in page
    assert page.count("<strong>Unread</strong>") == 1


def test_the_notices_page_is_paged(client, alice, video, notice):
    take = video("A")
    for n in range(35):
        notice(alice, take, NoticeKind.OTHER, f"Notice number {n:02d}")
    login_as(client, alice)
    first = client.get("/notices/").content.decode().split('id="main"')[1]
    assert "Notice number 34" in first and "Notice number 04" not in first
    second = client.get("/notices/?page=2").content.decode().split('id="main"')[1]
    assert "Notice number 04" in second and "Notice number 34" not in second
    assert client.get("/notices/?page=zzz").status_code == 200
