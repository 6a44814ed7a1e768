"""The signing certificate and key come from the settings, as PEM text or
as files named by ``*_FILE``; without them, a development chain is made
once, in a private folder."""

import stat
from pathlib import Path

import pytest

from projects.credentials.devchain import make_chain
from projects.credentials.identity import CredentialsError, dev_chain_dir, load_identity
from projects.credentials.signing import read_credentials, sign_video
from projects.models import CredentialsState
from tests.credentials.conftest import follow

ISSUER = "Acme Content Signing"


@pytest.fixture
def company_chain():
    root, chain, key = make_chain(organization=ISSUER)
    return {"root": root.decode(), "chain": chain.decode(), "key": key.decode()}


def test_a_configured_certificate_signs_archived_videos(
    studio_sandbox, make_render, outside, settings, company_chain
):
    settings.C2PA_SIGNING_CERT = company_chain["chain"]
    settings.C2PA_SIGNING_KEY = company_chain["key"]
    settings.C2PA_TRUST_ANCHORS = company_chain["root"]
    render = follow(make_render())
    assert render.credentials_state == CredentialsState.SIGNED, render.credentials_error
    found = read_credentials(Path(render.video.path))
    assert found.valid and found.trusted and not found.self_signed
    assert found.summary["signed_by"] == ISSUER


def test_the_certificate_and_key_can_be_files(settings, tmp_path, company_chain, archived):
    (tmp_path / "chain.pem").write_text(company_chain["chain"])
    (tmp_path / "key.pem").write_text(company_chain["key"])
    (tmp_path / "roots.pem").write_text(company_chain["root"])
    settings.C2PA_SIGNING_CERT_FILE = str(tmp_path / "chain.pem")
    settings.C2PA_SIGNING_KEY_FILE = str(tmp_path / "key.pem")
    settings.C2PA_TRUST_ANCHORS_FILE = str(tmp_path / "roots.pem")
    identity = load_identity()
    assert not identity.self_signed
    assert "PRIVATE" not in repr(identity)
    source = tmp_path / "unsigned.mp4"
    source.write_bytes(Path(archived.video.path).read_bytes())
    found = read_credentials(sign_video(source, archived, identity=identity))
    assert found.valid and found.trusted and found.summary["signed_by"] == ISSUER


def test_a_root_nobody_configured_still_checks_out_but_is_not_trusted(
    settings, tmp_path, company_chain, archived
):
    settings.C2PA_SIGNING_CERT = company_chain["chain"]
    settings.C2PA_SIGNING_KEY = company_chain["key"]
    source = tmp_path / "unsigned.mp4"
    source.write_bytes(Path(archived.video.path).read_bytes())
    found = read_credentials(sign_video(source, archived))
    assert found.valid and not found.trusted
    assert found.reason == "signed with a certificate this server does not know"


@pytest.mark.parametrize(
    "change, message",
    [
        ({"C2PA_SIGNING_KEY": ""}, "Only one of the signing certificate and key is set"),
        ({"C2PA_SIGNING_CERT": "not a certificate"}, "not a PEM certificate"),
        ({"C2PA_SIGNING_KEY": "other"}, "does not belong to the signing certificate"),
    ],
)
def test_a_wrong_configuration_is_said_in_words(settings, company_chain, change, message):
    settings.C2PA_SIGNING_CERT = company_chain["chain"]
    settings.C2PA_SIGNING_KEY = company_chain["key"]
    for name, value in change.items():
        setattr(settings, name, make_chain()[2].decode() if value == "other" else value)
    with pytest.raises(CredentialsError, match=message) as raised:
        load_identity()
    assert "PRIVATE KEY" not in str(raised.value)


def test_the_development_chain_is_made_once_and_kept_private(settings, tmp_path):
    settings.C2PA_DEV_CERT_DIR = str(tmp_path / "dev")
    first = load_identity()
    assert first.self_signed
    assert load_identity().chain == first.chain
    assert stat.S_IMODE(dev_chain_dir().stat().st_mode) == 0o700
    for path in dev_chain_dir().glob("*.pem"):
        assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert stat.S_IMODE((dev_chain_dir() / "signer.key").stat().st_mode) == 0o600
    assert not str(dev_chain_dir()).startswith(str(Path(settings.MEDIA_ROOT)))
