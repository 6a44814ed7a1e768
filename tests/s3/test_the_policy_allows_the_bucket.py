"""The Content-Security-Policy allows the bucket's origin exactly as the
storage's signed addresses spell it, for media and images only; without S3
it allows nothing but the site."""

import pytest
from storages.backends.s3 import S3Storage

from avatarstudio.media_storage import bucket_origin, s3_backend
from tests.production.conftest import read_settings


@pytest.mark.parametrize(
    "endpoint, region, style",
    [
        ("", "eu-central-1", ""),  # AWS, virtual-hosted
        ("", "us-east-1", "path"),
        ("https://s3.eu-central-1.amazonaws.com", "eu-central-1", ""),
        ("https://fsn1.your-objectstorage.com", "fsn1", "virtual"),
        ("http://127.0.0.1:9000", "us-east-1", "path"),  # MinIO and friends
    ],
)
def test_the_origin_is_where_signed_addresses_point(endpoint, region, style):
    backend = s3_backend(
        bucket="studio-media",
        endpoint_url=endpoint,
        region=region,
        access_key="AKIDEXAMPLE",
        secret_key="secret",
        addressing_style=style,
    )
    url = S3Storage(**backend["OPTIONS"]).url("teams/t/renders/r/video.mp4")
    assert "X-Amz-Signature=" in url
    assert url.startswith(bucket_origin(backend["OPTIONS"]) + "/")


def test_settings_allow_the_bucket_for_media_and_images_only(tmp_path):
    s3 = read_settings(
        tmp_path,
        ["CONTENT_SECURITY_POLICY", "MEDIA_ORIGINS"],
        MEDIA_STORAGE="s3",
        AWS_STORAGE_BUCKET_NAME="studio-media",
        AWS_S3_REGION_NAME="eu-central-1",
        AWS_ACCESS_KEY_ID="AKIDEXAMPLE",
    )
    origin = "https://studio-media.s3.amazonaws.com"  # as boto3 signs for AWS
    assert s3["MEDIA_ORIGINS"] == [origin]
    directives = s3["CONTENT_SECURITY_POLICY"]["DIRECTIVES"]
    assert [d for d, sources in directives.items() if origin in sources] == [
        "img-src",
        "media-src",
    ]
    local = read_settings(tmp_path, ["CONTENT_SECURITY_POLICY", "MEDIA_ORIGINS"])
    assert local["MEDIA_ORIGINS"] == []
    assert local["CONTENT_SECURITY_POLICY"]["DIRECTIVES"]["media-src"] == [
        "'self'",
        "blob:",
        "data:",
    ]
