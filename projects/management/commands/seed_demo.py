from allauth.account.models import EmailAddress
from django.core.management.base import BaseCommand

from projects.models import Project, User
from projects.starter.samples import add_samples
from projects.teams.services import project_create, user_sign_up

EMAIL = "demo@example.org"
PASSWORD = "demo passphrase 2026"


class Command(BaseCommand):
    help = "Create a demo account with a project and the sample portrait and voiceovers."

    def handle(self, *args, **options):
        user = User.objects.filter(username=EMAIL).first()
        if user is None:
            user = user_sign_up(email=EMAIL, password=PASSWORD, name="Dana Demo")
        # Nobody logs in before their address is verified: the demo's is.
        EmailAddress.objects.update_or_create(
            user=user, email=EMAIL, defaults={"verified": True, "primary": True}
        )
        team = user.memberships.get().team
        project = Project.objects.filter(team=team, name="Spring launch").first()
        if project is None:
            project = project_create(
                team=team,
                created_by=user,
                name="Spring launch",
                description="One spokesperson, two languages: the spring collection launch.",
            )
        add_samples(team=team, project=project, uploaded_by=user)
        self.stdout.write(f"Log in as {EMAIL} with the password “{PASSWORD}”.")
