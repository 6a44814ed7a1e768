from django.core.management.base import BaseCommand

from projects.notices.digest import send_digests


class Command(BaseCommand):
    help = (
        "E-mail each person their digest of notices now (what the daily schedule does). "
        "Nothing is sent twice: a notice listed once is not listed again."
    )

    def handle(self, *args, **options):
        count = send_digests()
        self.stdout.write(f"Sent {count} digest{'' if count == 1 else 's'}.")
