"""Read the content credentials (C2PA manifest) of video files and say
whether they check out.

    python manage.py verify_credentials FILE [FILE ...] [--json]

For each file: the manifest's summary (claim generator, actions, digital
source type, Kling task id, mode, team, ingredients with their SHA-256) and
valid, invalid or missing, with the reason. Nothing is fetched from the
network; the trusted roots are C2PA_TRUST_ANCHORS and the development root.
With --json, one JSON object per line: path, verdict, valid, trusted,
self_signed, reason, summary.

Exit status: 0 when every file's credentials are valid; 1 otherwise.
"""

import json
from dataclasses import asdict
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from projects.credentials.identity import CredentialsError, trust_anchors
from projects.credentials.signing import Credentials, read_credentials


class Command(BaseCommand):
    help = "Read the content credentials of video files and say whether they are valid."

    def add_arguments(self, parser):
        parser.add_argument("paths", nargs="+", metavar="FILE")
        parser.add_argument("--json", action="store_true", help="one JSON object per line")

    def handle(self, *args, **options):
        try:
            anchors = trust_anchors()
        except CredentialsError as error:
            raise CommandError(str(error)) from None
        not_valid = 0
        for path in options["paths"]:
            if Path(path).is_file():
                found = read_credentials(Path(path), anchors=anchors)
            else:
                found = Credentials(reason="there is no such file")
            not_valid += not found.valid
            if options["json"]:
                result = {"path": path, "verdict": found.verdict, **asdict(found)}
                del result["found"]
                self.stdout.write(json.dumps(result, ensure_ascii=False))
            else:
                self.stdout.write(self.describe(path, found))
        if not_valid:
            count = len(options["paths"])
            raise CommandError(
                f"{not_valid} of {count} file(s) have no valid content credentials.", returncode=1
            )

    def describe(self, path, found: Credentials) -> str:
        if not found.found:
            return f"{path}: no content credentials ({found.reason})\n"
        verdict = "valid" if found.valid else "INVALID"
        if found.valid and found.self_signed:
            verdict += ", self-signed (development certificate)"
        elif found.valid and not found.trusted:
            verdict += ", not trusted"
        s = found.summary
        lines = [
            f"{path}: {verdict}" + (f" ({found.reason})" if found.reason else ""),
            f"  made by: {s['claim_generator']} ({', '.join(s['actions']) or 'no actions'}, "
            f"{s['digital_source_type'] or 'no digital source type'})",
            f"  when: {s['when'] or 'not said'}",
            f"  Kling task: {s['kling_task_id'] or 'not said'}, mode {s['mode'] or 'not said'}",
            f"  team: {s['team'] or 'not said'}; copy: {s['copy'] or 'not said'}",
            f"  signed by: {s['signed_by'] or 'not said'}",
        ]
        for ingredient in s["ingredients"]:
            lines.append(
                f"  from: {ingredient['title']} ({ingredient['format']}, "
                f"sha256 {ingredient['sha256'] or 'not said'})"
            )
        return "\n".join(lines) + "\n"
