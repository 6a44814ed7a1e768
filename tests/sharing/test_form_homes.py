"""The share-link and invitation forms live outside the views, so that the
template tags (and later the domain code) can use them without importing views."""

import ast
from pathlib import Path

import projects.templatetags
from projects.sharing import views as sharing
from projects.sharing.forms import ShareLinkForm
from projects.teams import invite_views as invites
from projects.teams.forms import InviteForm
from projects.templatetags import sharing as sharing_tags

TAGS = Path(projects.templatetags.__file__).parent


def test_the_views_use_the_forms_from_their_own_modules():
    assert sharing.ShareLinkForm is ShareLinkForm
    assert invites.InviteForm is InviteForm


def test_the_sharing_tags_make_the_forms_the_views_use():
    assert isinstance(sharing_tags.share_form(), ShareLinkForm)
    assert isinstance(sharing_tags.invite_form(), InviteForm)


def test_no_template_tag_imports_a_view_or_imports_inside_a_function():
    for path in TAGS.glob("*.py"):
        tree = ast.parse(path.read_text())
        for node in ast.walk(tree):
            if isinstance(node, ast.ImportFrom):
                assert "views" not in (node.module or "").split("."), path.name
                assert not any("views" in a.name for a in node.names), path.name
            if isinstance(node, ast.FunctionDef):
                inner = [n for n in ast.walk(node) if isinstance(n, ast.Import | ast.ImportFrom)]
                assert inner == [], f"{path.name}: {node.name} imports inside"
