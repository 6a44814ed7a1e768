"""List renders for an operator: where each one is, at Kling and here.

    python manage.py list_renders [--project CODE_OR_NAME] [--status STATUS ...] [--json]

Newest first. Without --json, a table. With --json, one JSON object per line:
id (the render's code), project (code and name), status, task_id (Kling's),
external_task_id (ours, sent to Kling), archived (the video is stored here),
failure_reason, created, submitted, finished (ISO 8601 or null), units,
duration, mode, version, attention and archive_error.
"""

import json
import uuid

from django.core.management.base import BaseCommand, CommandError

from projects.models import Project, Render, RenderStatus


def projects_matching(value: str, *, user=None):
    """Projects whose code is ``value``, or whose name is exactly ``value``;
    only in the person's teams when ``user`` is given."""
    projects = Project.objects.select_related("team")
    if user is not None:
        projects = projects.filter(team__memberships__user=user)
    try:
        return projects.filter(code=uuid.UUID(value.strip()))
    except ValueError:
        return projects.filter(name=value.strip())


def render_facts(render: Render) -> dict:
    def when(moment):
        return moment.isoformat() if moment else None

    return {
        "id": str(render.code),
        "project": {"code": str(render.project.code), "name": render.project.name},
        "status": render.status,
        "task_id": render.task_id or None,
        "external_task_id": render.external_task_id,
        "archived": bool(render.video),
        "failure_reason": render.failure_reason or None,
        "created": when(render.created),
        "submitted": when(render.submitted_at),
        "finished": when(render.finished_at),
        "units": float(render.units) if render.units is not None else None,
        "duration": render.duration,
        "mode": render.mode,
        "version": render.version,
        "attention": render.attention or None,
        "archive_error": render.archive_error or None,
    }


# (title, width limit) of the table's columns; None: never shortened.
COLUMNS = [
    ("ID", None),
    ("PROJECT", 24),
    ("STATUS", None),
    ("ARCHIVED", None),
    ("CREATED", None),
    ("FINISHED", None),
    ("UNITS", None),
    ("SECONDS", None),
    ("KLING TASK", None),
    ("WHY IT FAILED", 60),
]


def _row(facts: dict) -> list[str]:
    def minute(moment):
        return moment[:16].replace("T", " ") if moment else "-"

    return [
        facts["id"],
        facts["project"]["name"],
        facts["status"],
        "yes" if facts["archived"] else "no",
        minute(facts["created"]),
        minute(facts["finished"]),
        f"{facts['units']:g}" if facts["units"] is not None else "-",
        f"{facts['duration']:.1f}" if facts["duration"] is not None else "-",
        facts["task_id"] or "-",
        " ".join((facts["failure_reason"] or "").split()),
    ]


def _shorten(text: str, limit: int | None) -> str:
    if limit is None or len(text) <= limit:
        return text
    return text[: limit - 1] + "…"


class Command(BaseCommand):
    help = "List renders, newest first: status, Kling task ids, archived or not, why it failed."

    def add_arguments(self, parser):
        parser.add_argument("--project", help="a project's code or exact name")
        parser.add_argument(
            "--status",
            action="append",
            choices=RenderStatus.values,
            help="only renders in this status (repeat for several)",
        )
        parser.add_argument("--json", action="store_true", help="one JSON object per line")

    def handle(self, *args, **options):
        renders = Render.objects.select_related("project").order_by("-created", "-pk")
        if options["project"]:
            projects = projects_matching(options["project"])
            if not projects.exists():
                raise CommandError(f"No project has the code or name “{options['project']}”.")
            renders = renders.filter(project__in=projects)
        if options["status"]:
            renders = renders.filter(status__in=options["status"])
        facts = [render_facts(render) for render in renders]
        if options["json"]:
            for item in facts:
                self.stdout.write(json.dumps(item, ensure_ascii=False))
        elif not facts:
            self.stdout.write("No renders match.")
        else:
            self.stdout.write(self.table(facts))

    def table(self, facts: list[dict]) -> str:
        rows = [
            [_shorten(cell, limit) for cell, (_, limit) in zip(_row(item), COLUMNS, strict=True)]
            for item in facts
        ]
        header = [title for title, _ in COLUMNS]
        widths = [max(len(line[i]) for line in [header, *rows]) for i in range(len(header))]
        return "\n".join(
            "  ".join(cell.ljust(width) for cell, width in zip(line, widths, strict=True)).rstrip()
            for line in [header, *rows]
        )
