"""The audit trail as CSV, streamed: one row at a time from the database
(``.iterator()``), so a team's whole history never sits in memory.

Cells that a spreadsheet would read as a formula (starting with = + - @, or
a tab or carriage return) are prefixed with a quote: a visitor's name or a
comment could otherwise run as one in the owner's Excel. UTF-8 with a BOM,
so that Excel reads names with accents right."""

import csv
from datetime import UTC

from django.http import StreamingHttpResponse
from django.utils.text import slugify

HEADER = ["When (UTC)", "Who", "What", "Project", "Target", "Summary"]
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
BOM = "\ufeff"


def safe_cell(value) -> str:
    text = "" if value is None else str(value)
    return "'" + text if text.startswith(FORMULA_STARTS) else text


class _Echo:
    """csv.writer writes into this and gets the line back to yield."""

    def write(self, value):
        return value


def csv_rows(entries):
    writer = csv.writer(_Echo())
    yield BOM + writer.writerow(HEADER)
    for entry in entries.iterator(chunk_size=500):
        yield writer.writerow(
            [
                safe_cell(value)
                for value in (
                    entry.created.astimezone(UTC).strftime("%Y-%m-%d %H:%M:%S"),
                    entry.actor_name,
                    entry.get_kind_display(),
                    entry.project.name if entry.project_id else "",
                    entry.target,
                    entry.summary,
                )
            ]
        )


def csv_filename(team, today) -> str:
    """audit-<team>-<date>.csv, in plain ASCII whatever the team's name."""
    return f"audit-{slugify(team.name) or 'team'}-{today:%Y-%m-%d}.csv"


def csv_response(entries, filename: str) -> StreamingHttpResponse:
    response = StreamingHttpResponse(csv_rows(entries), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["Cache-Control"] = "no-store"
    return response
