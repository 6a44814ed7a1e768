"""What the team gets when a client answers through a link: a notice and an
e-mail for editors and owners (never viewers), once per action, naming the
video and the link; the client's comments marked on the render's page and
its polled conversation; the review state and the gallery badge; the link
page's list of feedback."""

from django.core import mail
from django.template.loader import render_to_string

from projects.models import Notice
from projects.sharing.feedback import client_comment, client_review
from tests.conftest import login_as
from tests.sharing.clients import comment_url, introduce, review_url


def test_editors_and_owners_get_a_notice_and_an_email_per_client_action(
    client, alice, bob, vera, feedback_link, render, django_capture_on_commit_callbacks
):
    link, token = feedback_link
    render.title = "Astronaut — Spring EN"
    render.save(update_fields=["title"])
    introduce(client, token)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(comment_url(token, render), {"body": "Blink at the end.", "at": "0:03"})
    assert sorted(m.to[0] for m in mail.outbox) == ["alice@example.org", "bob@example.org"]
    subject = mail.outbox[0].subject
    assert subject == (
        "Anna Client (client) commented on “Astronaut — Spring EN” at 0:03 via the link “For ACME”"
    )
    assert "Blink at the end." in mail.outbox[0].body
    notices = Notice.objects.filter(render=render)
    assert sorted(n.user.email for n in notices) == ["alice@example.org", "bob@example.org"]
    assert all("Blink at the end." in n.message and "For ACME" in n.message for n in notices)
    assert not Notice.objects.filter(user=vera).exists()

    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        client.post(review_url(token, render), {"decision": "approve"})
    assert len(mail.outbox) == 2 and Notice.objects.count() == 4
    assert mail.outbox[0].subject.startswith("Anna Client (client) approved “Astronaut")


def test_a_refused_action_tells_nobody(
    client, alice, feedback_link, render, django_capture_on_commit_callbacks
):
    _, token = feedback_link
    introduce(client, token)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(review_url(token, render), {"decision": "changes", "body": ""})
    assert not mail.outbox and not Notice.objects.exists()


def test_a_mail_server_that_is_down_does_not_fail_the_client(
    client, settings, alice, feedback_link, render, django_capture_on_commit_callbacks
):
    settings.EMAIL_BACKEND = "tests.sharing.conftest.BrokenMailBackend"
    _, token = feedback_link
    introduce(client, token)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(comment_url(token, render), {"body": "Still saved"})
    assert response.status_code == 303
    assert Notice.objects.get(user=alice).render == render


def test_the_render_page_marks_client_comments_and_the_client_review(
    client, alice, bob, feedback_link, anna, render
):
    link, _ = feedback_link
    client_comment(link=link, visitor=anna, render=render, body="Smile more", at_seconds=1.0)
    client_review(link=link, visitor=anna, render=render, decision="approve")
    login_as(client, bob)
    page = client.get(f"/renders/{render.code}/").content.decode()
    assert "Approved by client (Anna Client)" in page
    assert page.count('<span class="badge badge--client">Client</span>') == 2
    assert "via “For ACME”" in page and "Smile more" in page
    assert "data-conversation-url" in page and "js/conversation.js" in page


def test_the_conversation_alone_shows_a_new_client_comment_to_members(
    client, alice, vera, charlie, feedback_link, anna, render
):
    link, _ = feedback_link
    login_as(client, vera)
    before = client.get(f"/renders/{render.code}/conversation/")
    assert before.status_code == 200 and "No comments yet." in before.content.decode()
    assert "<html" not in before.content.decode()
    client_review(link=link, visitor=anna, render=render, decision="changes", body="Too fast")
    after = client.get(f"/renders/{render.code}/conversation/").content.decode()
    assert "Client asked for changes" in after and "Too fast" in after and "Anna Client" in after
    login_as(client, charlie)
    assert client.get(f"/renders/{render.code}/conversation/").status_code == 404


def test_the_gallery_card_says_the_client_decided(
    client, alice, project, feedback_link, anna, render, other_render
):
    link, _ = feedback_link
    client_review(link=link, visitor=anna, render=render, decision="approve")
    client_review(link=link, visitor=anna, render=other_render, decision="changes", body="No")
    login_as(client, alice)
    page = client.get(f"/projects/{project.code}/").content.decode()
    assert "Approved by client (Anna Client)" in page
    assert "Client asked for changes" in page


def test_the_link_page_lists_its_feedback_newest_first(
    alice, project, feedback_link, anna, render, other_render, make_link
):
    link, _ = feedback_link
    other, _ = make_link(renders=[render], allow_feedback=True, label="Other")
    client_comment(link=link, visitor=anna, render=render, body="First remark")
    client_review(link=link, visitor=anna, render=other_render, decision="approve")
    html = render_to_string(
        "projects/_link_feedback.html", {"link": link, "project": project, "videos": []}
    )
    assert "anna@client.example" in html
    assert html.index("approved") < html.index("First remark")
    assert f"/renders/{render.code}/#comment-" in html
    empty = render_to_string("projects/_link_feedback.html", {"link": other, "project": project})
    assert "No client has said anything through this link yet" in empty


def test_an_owner_makes_a_link_that_asks_for_feedback(client, alice, project, render):
    login_as(client, alice)
    data = {"label": "ACME", "expires": "7", "render": str(render.code), "allow_feedback": "on"}
    response = client.post(f"/projects/{project.code}/shares/new/", data)
    assert response.status_code == 200
    link = project.share_links.get()
    assert link.allow_feedback and not link.allow_download
    page = client.get(f"/renders/{render.code}/").content.decode()
    assert "clients may comment" in page
