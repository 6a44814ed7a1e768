from django.core.management.base import BaseCommand
from django_q.models import Schedule

from projects.renders.queue import SCHEDULES, first_run


class Command(BaseCommand):
    help = "Create or update the worker's periodic schedules (safe to run on every deploy)."

    def handle(self, *args, **options):
        for spec in SCHEDULES:
            spec = dict(spec)
            name = spec.pop("name")
            # Only a new schedule gets its first run: a redeploy keeps the clock.
            starts = first_run(spec.pop("first_run", ""))
            _, created = Schedule.objects.update_or_create(
                name=name, defaults=spec, create_defaults={**spec, "next_run": starts}
            )
            self.stdout.write(f"{'created' if created else 'updated'} schedule {name}")
