"""Queue renders from files on disk, one by one or from a CSV.

    python manage.py enqueue_renders --project CODE_OR_NAME --portrait FILE [--portrait FILE ...]
        --voiceover FILE [--voiceover FILE ...] [--prompt TEXT] [--mode std|pro]
        [--watermark] [--user EMAIL] [--consent NAME] [--json]
    python manage.py enqueue_renders --csv FILE [--user EMAIL] [--consent NAME] [--json]

One render per portrait × voiceover pair (in one batch when there are several).
The CSV has a header row with project, portrait and voiceover, optionally prompt,
mode and watermark (yes/no); one render per row, paths relative to the CSV's
folder. Files go through the same checks as the upload form, and a file
uploaded before is reused. With --user, that person uploads and makes the
renders, and must be allowed to edit the project.

A portrait is animated only with its person's consent on record: with
--consent "NAME", the operator records that NAME, the person in each
portrait that has none yet, agreed today to be animated for the project's
team (an audit entry says who). A portrait whose consent was withdrawn is
refused whatever is given.

Prints the code of each queued render, one per line (with --json, one JSON
object per line). A refused file or row is said on stderr and skipped, with
nothing kept from it; the exit status is then 1.
"""

import json
from pathlib import Path

from django.core.exceptions import ValidationError
from django.core.files import File
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils import timezone

from projects.assets.uploads import UploadRefused, asset_upload
from projects.audit.log import OPERATOR
from projects.consent.services import consent_record
from projects.imports.sheet import (
    CSV_OPTIONAL,
    CSV_REQUIRED,
    SheetRefused,
    prompt_problem,
    read_sheet,
    sentence,
)
from projects.management.commands.list_renders import projects_matching
from projects.models import (
    AssetKind,
    Membership,
    PortraitConsent,
    Project,
    Render,
    RenderMode,
    User,
)
from projects.renders.services import renders_create_batch
from projects.teams.roles import Action


class Refused(Exception):
    """One row (or the command-line request) cannot be queued; nothing was kept."""

    def __init__(self, message):
        super().__init__(message)
        self.message = message


class Command(BaseCommand):
    help = "Queue renders from portrait and voiceover files, or from a CSV; prints their codes."

    def add_arguments(self, parser):
        parser.add_argument("--project", help="the project's code or exact name")
        parser.add_argument("--portrait", action="append", default=[], metavar="FILE")
        parser.add_argument("--voiceover", action="append", default=[], metavar="FILE")
        parser.add_argument("--prompt", default="", help="direction for the avatar")
        parser.add_argument("--mode", choices=RenderMode.values, default=RenderMode.STD)
        parser.add_argument("--watermark", action="store_true", help="also a watermarked copy")
        parser.add_argument(
            "--csv",
            metavar="FILE",
            help=f"columns {', '.join(CSV_REQUIRED)}[, {', '.join(CSV_OPTIONAL)}]",
        )
        parser.add_argument("--user", metavar="EMAIL", help="who uploads and makes the renders")
        parser.add_argument(
            "--consent",
            metavar="NAME",
            help="record that NAME, the person in the portraits, agreed to be animated",
        )
        parser.add_argument("--json", action="store_true", help="one JSON object per line")

    def handle(self, *args, **options):
        self.json = options["json"]
        self.consent_name = " ".join((options["consent"] or "").split())
        if options["consent"] is not None and not self.consent_name:
            raise CommandError("Give the name of the person in the portraits after --consent.")
        user = self.find_user(options["user"]) if options["user"] else None
        if options["csv"]:
            if options["project"] or options["portrait"] or options["voiceover"]:
                raise CommandError(
                    "Give either --csv, or --project with --portrait and --voiceover, not both."
                )
            requests = list(self.read_csv(Path(options["csv"])))
            if not requests:
                raise CommandError("The CSV has no rows to queue, only its header.")
        else:
            missing = [
                f"--{name}" for name in ("project", "portrait", "voiceover") if not options[name]
            ]
            if missing:
                raise CommandError(
                    f"Missing {', '.join(missing)}. Give a project, at least one portrait "
                    "and one voiceover, or a CSV with --csv."
                )
            requests = [
                (
                    "",
                    {
                        "project": options["project"],
                        "portraits": [Path(p) for p in options["portrait"]],
                        "voiceovers": [Path(v) for v in options["voiceover"]],
                        "prompt": options["prompt"],
                        "mode": options["mode"],
                        "watermark": options["watermark"],
                        "problems": [p for p in [prompt_problem(options["prompt"])] if p],
                    },
                )
            ]
        refused = queued = 0
        for where, request in requests:
            try:
                renders = self.queue(user=user, **request)
            except Refused as refusal:
                refused += 1
                self.stderr.write(f"{where}{refusal.message}")
                continue
            queued += len(renders)
            for render in renders:
                self.stdout.write(self.describe(render))
        if refused:
            if len(requests) == 1:
                raise CommandError("Nothing was queued.", returncode=1)
            raise CommandError(
                f"{refused} of {len(requests)} rows were refused and skipped; "
                f"{queued} render(s) queued from the others.",
                returncode=1,
            )

    # --- Reading the request ----------------------------------------------------------

    def find_user(self, email: str) -> User:
        user = User.objects.filter(email__iexact=email.strip()).order_by("pk").first()
        if user is None:
            raise CommandError(f"No one has the e-mail address {email}.")
        return user

    def read_csv(self, path: Path):
        """(where, request) per row; the whole file is refused if its header is wrong.
        The sheet is read as the import page reads it (projects.imports.sheet);
        here its portraits and voiceovers are files beside it."""
        try:
            text = path.read_text(encoding="utf-8-sig")
        except FileNotFoundError:
            raise CommandError(f"There is no CSV file at {path}.")
        except (OSError, UnicodeDecodeError):
            raise CommandError(f"{path} cannot be read as a UTF-8 CSV file.")
        try:
            rows = read_sheet(text)
        except SheetRefused as refusal:
            raise CommandError(refusal.message)
        folder = path.parent
        for row in rows:
            request = {
                "project": row.project,
                "portraits": [folder / row.portrait],
                "voiceovers": [folder / row.voiceover],
                "prompt": row.prompt,
                "mode": row.mode,
                "watermark": row.watermark,
                "problems": row.problems,
            }
            yield row.where, request

    # --- Queueing -----------------------------------------------------------------------

    def find_project(self, value: str, user: User | None) -> Project:
        projects = list(projects_matching(value, user=user)[:10])
        if not projects:
            whose = f" in {user.email}'s teams" if user else ""
            raise Refused(f"No project has the code or name “{value}”{whose}.")
        if len(projects) > 1:
            codes = ", ".join(f"{p.code} ({p.team.name})" for p in projects)
            raise Refused(f"Several projects are called “{value}”; give its code instead: {codes}.")
        project = projects[0]
        if project.is_archived:
            raise Refused(f"“{project.name}” is archived. Restore it to make new videos.")
        if user is not None:
            membership = Membership.objects.get(team=project.team, user=user)
            if not membership.can(Action.EDIT):
                raise Refused(
                    f"{user.email} is a {membership.get_role_display().lower()} in "
                    f"{project.team.name}, which does not allow making videos."
                )
        return project

    def queue(
        self,
        *,
        user: User | None,
        project: str,
        portraits: list[Path],
        voiceovers: list[Path],
        prompt: str,
        mode: str,
        watermark: bool,
        problems=(),
    ) -> list[Render]:
        if problems:
            raise Refused(sentence(problems))
        for what, paths in (("portrait", portraits), ("voiceover", voiceovers)):
            for path in paths:
                if not path.is_file():
                    raise Refused(f"There is no {what} file at {path}.")
        found = self.find_project(project, user)
        kept = []  # files of new assets, to delete if the row is refused after all
        try:
            with transaction.atomic():
                portrait_assets = self.upload(found, user, portraits, AssetKind.PORTRAIT, kept)
                voiceover_assets = self.upload(found, user, voiceovers, AssetKind.VOICEOVER, kept)
                self.record_consent(portrait_assets, user)
                return renders_create_batch(
                    project=found,
                    created_by=user,
                    portraits=portrait_assets,
                    voiceovers=voiceover_assets,
                    prompt=prompt,
                    mode=mode,
                    watermark=watermark,
                    actor_name=OPERATOR,
                )
        except (Refused, ValidationError) as refusal:
            # The database forgot this row's new assets; their files are ours to remove.
            for field in kept:
                field.delete(save=False)
            if isinstance(refusal, ValidationError):
                hint = ""
                if refusal.code == "no_consent" and not self.consent_name:
                    hint = ' Give --consent "NAME" to record who is pictured and that they agreed.'
                raise Refused(" ".join(refusal.messages) + hint)
            raise

    def record_consent(self, portraits, user: User | None):
        """With --consent, the operator records it for portraits without one."""
        if not self.consent_name:
            return
        for portrait in portraits:
            if not PortraitConsent.objects.filter(portrait=portrait).exists():
                consent_record(
                    portrait=portrait,
                    person_name=self.consent_name,
                    consent_date=timezone.localdate(),
                    confirmed_by=user,
                    operator_name="" if user else "manage.py enqueue_renders --consent",
                )

    def upload(self, project: Project, user: User | None, paths, kind, kept):
        assets = []
        for path in paths:
            try:
                with path.open("rb") as fh:
                    result = asset_upload(
                        team=project.team,
                        project=project,
                        uploaded_by=user,
                        uploaded=File(fh, name=path.name),
                        kind=kind,
                        actor_name=OPERATOR,
                    )
            except UploadRefused as refusal:
                message = refusal.message
                raise Refused(message if path.name in message else f"{path}: {message}")
            except OSError:
                raise Refused(f"{path} cannot be read.")
            if not result.reused:
                kept.append(result.asset.file)
            if result.notes and not result.reused:
                self.stderr.write(f"{path.name}: {' '.join(result.notes)}")
            if result.asset.pk not in {asset.pk for asset in assets}:
                assets.append(result.asset)
        return assets

    # --- Saying what was queued -----------------------------------------------------------

    def describe(self, render: Render) -> str:
        if not self.json:
            return str(render.code)
        return json.dumps(
            {
                "id": str(render.code),
                "project": {"code": str(render.project.code), "name": render.project.name},
                "portrait": {"code": str(render.portrait.code), "label": render.portrait.label},
                "voiceover": {
                    "code": str(render.voiceover.code),
                    "label": render.voiceover.label,
                },
                "batch": str(render.batch.code) if render.batch_id else None,
                "status": render.status,
                "mode": render.mode,
                "watermark": render.watermark,
            },
            ensure_ascii=False,
        )
