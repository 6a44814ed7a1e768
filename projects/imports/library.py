"""A sheet's rows checked for the import page: each row's project must be
this one, and its portrait and voiceover must name uploads of the team's
library (by the file name they were uploaded with, or by their code). The
verdict of each row says, in plain words, why a row would be refused."""

import uuid
from dataclasses import dataclass, field
from pathlib import PureWindowsPath

from projects.imports.sheet import SheetRow, sentence
from projects.models import Asset, AssetKind, Project, consent_of
from projects.renders.services import Pair


@dataclass
class Verdict:
    row: SheetRow
    portrait: Asset | None = None
    voiceover: Asset | None = None
    problems: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems

    @property
    def reason(self) -> str:
        return sentence(self.problems)

    def pair(self) -> Pair:
        return Pair(
            self.portrait,
            self.voiceover,
            prompt=self.row.prompt,
            mode=self.row.mode,
            watermark=self.row.watermark,
        )


class Library:
    """A team's live uploads, found by code or by name (one query)."""

    def __init__(self, team_id):
        self.assets = list(
            Asset.objects.alive()
            .filter(team_id=team_id)
            .select_related("consent")
            .order_by("label", "pk")
        )
        self.by_code = {str(a.code): a for a in self.assets}
        self.by_name = {}
        for asset in self.assets:
            self.by_name.setdefault(asset.label.casefold(), []).append(asset)

    def of_kind(self, kind):
        return [a for a in self.assets if a.kind == kind]

    def find(self, value: str, kind: str) -> tuple[Asset | None, str]:
        """(the asset, "") or (None, what is wrong) for a sheet's value."""
        what = "portrait" if kind == AssetKind.PORTRAIT else "voiceover"
        try:
            found = [self.by_code[str(uuid.UUID(value))]]
        except (ValueError, KeyError):
            # A path written for the command ("faces/anna.png") names its file.
            found = self.by_name.get(PureWindowsPath(value).name.casefold(), [])
        right = [a for a in found if a.kind == kind]
        if len(right) == 1:
            return right[0], ""
        if len(right) > 1:
            return None, (
                f"several {what}s in the library are called “{value}”; "
                "give the code of the one you mean instead (listed on this page)"
            )
        if found:
            other = "voiceover" if kind == AssetKind.PORTRAIT else "portrait"
            return None, f"“{value}” is a {other}, not a {what}"
        return None, f"no {what} in the team's library is called “{value}”; upload it first"


def consent_phrase(portrait: Asset) -> list[str]:
    """Said on the row before anything is queued; the services refuse the
    same portraits (consent.services.check_consent)."""
    consent = consent_of(portrait)
    if consent is None:
        return [
            f"no consent is recorded for the portrait “{portrait.label}”; "
            "record who is in it from the library first"
        ]
    if consent.is_withdrawn:
        return [f"consent for the portrait “{portrait.label}” was withdrawn"]
    return []


def is_this_project(value: str, project: Project) -> bool:
    try:
        return uuid.UUID(value) == project.code
    except ValueError:
        return value == project.name


def check_rows(rows: list[SheetRow], project: Project, library: Library) -> list[Verdict]:
    verdicts = []
    for row in rows:
        verdict = Verdict(row=row, problems=list(row.problems))
        if row.project and not is_this_project(row.project, project):
            verdict.problems.insert(
                0, f"this row is for the project “{row.project}”; import it on that project's page"
            )
        for kind, value in (
            (AssetKind.PORTRAIT, row.portrait),
            (AssetKind.VOICEOVER, row.voiceover),
        ):
            if not value:
                continue  # said already: "the portrait is missing"
            asset, problem = library.find(value, kind)
            setattr(verdict, kind, asset)
            if problem:
                verdict.problems.append(problem)
            elif kind == AssetKind.PORTRAIT:
                verdict.problems.extend(consent_phrase(asset))
        verdicts.append(verdict)
    return verdicts
