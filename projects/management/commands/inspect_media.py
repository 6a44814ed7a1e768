"""Say whether Kling would accept portraits and voiceovers, and why not.

    python manage.py inspect_media PATH [PATH ...] [--json] [--kind portrait|voiceover]

For each file: what it is (detected from its content), the measured metadata,
whether Kling would take it as it is, and if not, why, and whether the upload
form would fix it (convert, re-encode, ...) or refuse it. With --json, one JSON
object per line with at least path, kind (portrait, voiceover or null),
accepted, conformable, refused, reason, code and the measured fields.

Exit status: 0 when Kling would accept every file as it is; 1 otherwise (some
file would be refused, or would have to be conformed first).
"""

import json
import os

from django.core.management.base import BaseCommand, CommandError

from projects.media import detect_kind, inspect_portrait, inspect_voiceover

_INSPECT = {"portrait": inspect_portrait, "voiceover": inspect_voiceover}
_FIELDS = {
    "portrait": ("format", "width", "height", "bytes", "orientation", "mode", "has_alpha",
                 "has_location", "frames"),
    "voiceover": ("format", "duration_seconds", "duration_exact", "header_seconds", "bytes",
                  "codec", "sample_rate", "channels", "bitrate", "has_video"),
}  # fmt: skip


class Command(BaseCommand):
    help = "Say whether Kling would accept these portrait or voiceover files, and why not."

    def add_arguments(self, parser):
        parser.add_argument("paths", nargs="+", metavar="PATH")
        parser.add_argument("--json", action="store_true", help="one JSON object per line")
        parser.add_argument(
            "--kind",
            choices=sorted(_INSPECT),
            help="check every file as this kind instead of detecting it from its content",
        )

    def handle(self, *paths, **options):
        not_accepted = 0
        for path in options["paths"]:
            result = self.inspect(path, options["kind"])
            not_accepted += not result["accepted"]
            if options["json"]:
                self.stdout.write(json.dumps(result, ensure_ascii=False))
            else:
                self.stdout.write(self.describe(result))
        if not_accepted:
            count = len(options["paths"])
            raise CommandError(
                f"{not_accepted} of {count} file(s) would not be accepted as they are.",
                returncode=1,
            )

    def inspect(self, path, kind):
        if not os.path.isfile(path):
            return {
                "path": path,
                "kind": None,
                "accepted": False,
                "conformable": False,
                "refused": True,
                "reason": "There is no file at this path.",
                "code": "missing",
            }
        kind = kind or detect_kind(path)
        if kind is None:
            return {
                "path": path,
                "kind": None,
                "accepted": False,
                "conformable": False,
                "refused": True,
                "reason": "This file is neither a photo nor a recording that Kling accepts.",
                "code": "unknown_kind",
            }
        return _INSPECT[kind](path).as_dict()

    def describe(self, result):
        if result["accepted"]:
            verdict = "accepted"
        elif result["conformable"]:
            verdict = f"not accepted as it is, fixable: {result['reason']}"
        else:
            verdict = f"refused: {result['reason']}"
        lines = [f"{result['path']}: {result['kind'] or 'unknown'}, {verdict}"]
        measured = [
            f"{name}={_plain(result[name])}"
            for name in _FIELDS.get(result["kind"], ())
            if result.get(name) is not None
        ]
        if measured:
            lines.append("  " + ", ".join(measured))
        if result.get("changes"):
            lines.append("  would: " + "; ".join(result["changes"]))
        return "\n".join(lines)


def _plain(value):
    return f"{value:.3f}".rstrip("0").rstrip(".") if isinstance(value, float) else value
