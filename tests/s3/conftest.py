"""Media in a private bucket of a real S3-compatible server over HTTP:
moto's server, started here as a process of its own (signed_s3_server.py)."""

import subprocess
import sys
import uuid
from pathlib import Path

import boto3
import pytest
from botocore.config import Config

from avatarstudio.csp import content_security_policy
from avatarstudio.media_storage import bucket_origin, s3_backend
from tests.commands.conftest import files  # noqa: F401  (fixture)

ROOT = Path(__file__).resolve().parents[2]
ACCESS_KEY, SECRET_KEY = "AKIDSTUDIOTESTS", "studio-tests-secret-key"


class S3Server:
    def __init__(self, endpoint):
        self.endpoint = endpoint
        self.client = boto3.client(
            "s3",
            endpoint_url=endpoint,
            region_name="us-east-1",
            aws_access_key_id=ACCESS_KEY,
            aws_secret_access_key=SECRET_KEY,
            config=Config(signature_version="s3v4", s3={"addressing_style": "path"}),
        )

    def keys(self, bucket):
        listed = self.client.list_objects_v2(Bucket=bucket)
        return sorted(item["Key"] for item in listed.get("Contents", []))


@pytest.fixture(scope="session")
def s3_server(tmp_path_factory):
    log = (tmp_path_factory.mktemp("s3") / "server.log").open("w")
    process = subprocess.Popen(
        [sys.executable, "-m", "tests.s3.signed_s3_server", ACCESS_KEY, SECRET_KEY],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=log,
        text=True,
    )
    try:
        port = int(process.stdout.readline())
        yield S3Server(f"http://127.0.0.1:{port}")
    finally:
        process.terminate()
        process.wait(timeout=10)
        log.close()


@pytest.fixture
def s3_media(s3_server, settings):
    """The app's media in a new private bucket, with the settings
    MEDIA_STORAGE=s3 makes; yields the bucket's name."""
    bucket = f"studio-media-{uuid.uuid4().hex[:12]}"
    s3_server.client.create_bucket(Bucket=bucket, ACL="private")
    backend = s3_backend(
        bucket=bucket,
        endpoint_url=s3_server.endpoint,
        region="us-east-1",
        access_key=ACCESS_KEY,
        secret_key=SECRET_KEY,
        addressing_style="path",
    )
    settings.MEDIA_STORAGE = "s3"
    settings.STORAGES = {**settings.STORAGES, "default": backend}
    settings.CONTENT_SECURITY_POLICY = content_security_policy(
        media_origins=[bucket_origin(backend["OPTIONS"])]
    )
    return bucket
