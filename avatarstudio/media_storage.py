"""Where media live: on local disk (MEDIA_ROOT), or with MEDIA_STORAGE=s3 in
a private bucket of any S3-compatible service (see "Deploy" in the README).

On S3, a file is never streamed through the web process: its view checks
access, then redirects to a signed bucket address that expires within
``S3_SIGNED_URL_SECONDS`` (``projects/files.py``). The browser fetches the
video from the bucket, byte ranges included, so the pages' Content-Security-
Policy must allow the bucket's origin for media and images (``bucket_origin``).
"""

from urllib.parse import urlsplit

from boto3.s3.transfer import TransferConfig
from botocore import UNSIGNED
from botocore.config import Config
from botocore.session import get_session
from django.core.exceptions import ImproperlyConfigured

# A signed address to a file lives this long: enough to start playing, too
# short to be worth passing around. Browsers keep the open connection for
# the ranges they ask next.
S3_SIGNED_URL_SECONDS = 300
# Files above this size go up in parts of this size, read one part at a time
# from the archive's temporary file: a 500 MB video never sits whole in
# memory. At most MULTIPART_PARTS_IN_MEMORY parts are read ahead.
MULTIPART_BYTES = 8 * 1024 * 1024
MULTIPART_PARTS_IN_MEMORY = 2


def transfer_config() -> TransferConfig:
    config = TransferConfig(
        multipart_threshold=MULTIPART_BYTES,
        multipart_chunksize=MULTIPART_BYTES,
        max_concurrency=MULTIPART_PARTS_IN_MEMORY,
    )
    # s3transfer's bound on parts read ahead of the uploads (10 by default).
    config.max_in_memory_upload_chunks = MULTIPART_PARTS_IN_MEMORY
    return config


def s3_backend(
    *,
    bucket: str,
    endpoint_url: str | None,
    region: str | None,
    access_key: str | None,
    secret_key: str | None,
    location: str = "",
    addressing_style: str | None = None,
) -> dict:
    """The STORAGES entry for a private bucket."""
    if not bucket:
        raise ImproperlyConfigured("MEDIA_STORAGE=s3 needs AWS_STORAGE_BUCKET_NAME.")
    return {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": bucket,
            "endpoint_url": endpoint_url or None,
            "region_name": region or None,
            # None lets boto3 find credentials itself (instance or pod roles).
            "access_key": access_key or None,
            "secret_key": secret_key or None,
            "location": location,
            "addressing_style": addressing_style or None,
            "signature_version": "s3v4",
            # Objects are private: the bucket answers only signed requests.
            # Views hand out signed addresses that expire, after their
            # access check.
            "default_acl": "private",
            "querystring_auth": True,
            "querystring_expire": S3_SIGNED_URL_SECONDS,
            # Generated names never collide; never replace an existing object.
            "file_overwrite": False,
            # Files read through the web process (ZIPs, files sent to Kling)
            # spill to disk past this size.
            "max_memory_size": 8 * 1024 * 1024,
            "transfer_config": transfer_config(),
        },
    }


def bucket_origin(options: dict) -> str:
    """The scheme, host and port the bucket's signed addresses point at, as
    boto3 builds them (virtual-hosted or path style, region, endpoint)."""
    client = get_session().create_client(
        "s3",
        endpoint_url=options["endpoint_url"],
        region_name=options["region_name"] or "us-east-1",
        config=Config(
            signature_version=UNSIGNED,
            s3={"addressing_style": options["addressing_style"] or "auto"},
        ),
    )
    url = client.generate_presigned_url(
        "get_object", Params={"Bucket": options["bucket_name"], "Key": "media"}
    )
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}"
