"""deploy/ and the README's Deploy section name only what the code reads."""

import re

from tests.production.conftest import ROOT

DEPLOY = ROOT / "deploy"


def variables_read():
    """Environment variables read by the settings (every module of the
    settings package) and the gunicorn config."""
    names = set()
    for path in (*sorted((ROOT / "avatarstudio").glob("*.py")), DEPLOY / "gunicorn.conf.py"):
        text = path.read_text()
        names |= set(re.findall(r'env(?:_bool|_list)?\(\s*"([A-Z0-9_]+)"', text))
        names |= set(re.findall(r'os\.environ\.get\(\s*"([A-Z0-9_]+)"', text))
    return names


def test_the_example_environment_sets_only_variables_the_app_reads():
    read = variables_read()
    example = (DEPLOY / "avatarstudio.env.example").read_text()
    names = re.findall(r"^#?([A-Z][A-Z0-9_]+)=", example, flags=re.M)
    assert len(names) > 15
    unknown = [n for n in names if n not in read and n.removesuffix("_FILE") not in read]
    assert unknown == []


def test_the_readme_deploy_section_documents_only_variables_the_app_reads():
    readme = (ROOT / "README.md").read_text()
    section = readme.split("## Deploy", 1)[1].split("\n## ", 1)[0]
    names = {n.removesuffix("_FILE") for n in re.findall(r"`([A-Z][A-Z0-9_]+)`", section)}
    assert {"BEHIND_PROXY", "MEDIA_STORAGE", "AWS_STORAGE_BUCKET_NAME"} <= names
    # Settings, not variables.
    read = variables_read() | {"CONTENT_SECURITY_POLICY", "ALLAUTH_TRUSTED_PROXY_COUNT"}
    assert sorted(names - read) == []


def test_the_process_definitions_run_the_documented_commands():
    procfile = dict(
        line.split(": ", 1)
        for line in (DEPLOY / "Procfile").read_text().splitlines()
        if line and not line.startswith("#")
    )
    assert set(procfile) == {"release", "web", "worker"}
    assert "gunicorn -c deploy/gunicorn.conf.py avatarstudio.wsgi" in procfile["web"]
    assert procfile["worker"].endswith("manage.py qcluster")
    assert procfile["release"] == "sh deploy/release.sh"

    web = (DEPLOY / "avatarstudio-web.service").read_text()
    assert re.search(
        r"^ExecStart=\S+/gunicorn -c deploy/gunicorn.conf.py avatarstudio.wsgi$", web, re.M
    )
    worker = (DEPLOY / "avatarstudio-worker@.service").read_text()
    assert re.search(r"^ExecStart=\S+/python manage.py qcluster$", worker, re.M)
    # A worker stopping gets longer than the task timeout to finish its task.
    stop = int(re.search(r"^TimeoutStopSec=(\d+)$", worker, re.M).group(1))
    from django.conf import settings

    assert stop > settings.Q_CLUSTER["timeout"]
    for unit in (web, worker):
        assert "EnvironmentFile=/etc/avatarstudio/env" in unit
        assert "Restart=always" in unit
