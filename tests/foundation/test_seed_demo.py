import io

from django.core.management import call_command

from projects.models import Asset, Project, User


def test_seed_demo_makes_a_ready_account_and_can_run_twice(db):
    for _ in range(2):
        call_command("seed_demo", stdout=io.StringIO())
    user = User.objects.get(email="demo@example.org")
    project = Project.objects.get(team__memberships__user=user)
    assert sorted(Asset.objects.filter(project=project).values_list("kind", flat=True)) == [
        "portrait",
        "voiceover",
        "voiceover",
    ]
