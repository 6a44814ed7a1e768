"""Memory of a web process serving a 50 MB video by byte ranges from an S3 bucket.

Starts moto's S3-compatible server (tests/s3/signed_s3_server.py) in a process
of its own, puts a 50 MB object in a private bucket, then, in a fresh Python
process per way of serving, answers ranged requests for 1 MB spread over the
video as the video view does, and prints that process's peak RSS (ru_maxrss)
after start-up (and one first request) and after the requests, and the time
they took:

- redirect: what the app does with MEDIA_STORAGE=s3 (projects/files.py): a
  302 to a signed address after the access check; the browser fetches the
  range from the bucket (checked here once: 206 and the right bytes).
- proxy: the same ranges streamed through the web process (serve_file's
  local-disk path over S3Storage), as the app did before: django-storages
  downloads the whole object for any range (into memory up to 8 MB, then a
  temporary file).

    python bench/s3_media.py [--megabytes 50] [--requests 8]
"""

import argparse
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
ACCESS_KEY, SECRET_KEY, BUCKET, KEY = "AKIDBENCH", "bench-secret", "bench-media", "video.mp4"
MB = 1024 * 1024


def rss_mb():
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # kB on Linux


def serve(mode, requests_count, size):
    """The web process: django set up as with MEDIA_STORAGE=s3; answer ranges."""
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    from django.db.models.fields.files import FieldFile
    from django.test import RequestFactory, override_settings

    from projects.files import serve_file
    from projects.models import Render

    field = FieldFile(None, Render._meta.get_field("video"), KEY)
    factory = RequestFactory()
    storage = "s3" if mode == "redirect" else "local"  # "local": the streaming path

    def answer(start):
        request = factory.get("/video/", HTTP_RANGE=f"bytes={start}-{start + MB - 1}")
        with override_settings(MEDIA_STORAGE=storage):
            response = serve_file(request, field, content_type="video/mp4", filename="v.mp4")
        body = b"".join(response.streaming_content) if response.streaming else b""
        response.close()
        return response, len(body)

    answer(0)  # imports boto3, opens the connection pool
    baseline = rss_mb()
    began, sent, location = time.monotonic(), 0, ""
    for i in range(requests_count):
        response, length = answer(i * (size - MB) // max(1, requests_count - 1))
        sent += length
        location = response.get("Location", "")
    print(
        json.dumps(
            {
                "baseline": baseline,
                "peak": rss_mb(),
                "seconds": time.monotonic() - began,
                "streamed": sent,
                "location": location,
            }
        )
    )


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--megabytes", type=int, default=50)
    parser.add_argument("--requests", type=int, default=8)
    parser.add_argument("--serve", choices=["redirect", "proxy"])
    args = parser.parse_args()
    size = args.megabytes * MB
    if args.serve:
        return serve(args.serve, args.requests, size)

    import boto3
    import requests
    from botocore.config import Config

    server = subprocess.Popen(
        [sys.executable, "-m", "tests.s3.signed_s3_server", ACCESS_KEY, SECRET_KEY],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
    )
    try:
        endpoint = f"http://127.0.0.1:{int(server.stdout.readline())}"
        s3 = boto3.client(
            "s3",
            endpoint_url=endpoint,
            region_name="us-east-1",
            aws_access_key_id=ACCESS_KEY,
            aws_secret_access_key=SECRET_KEY,
            config=Config(s3={"addressing_style": "path"}),
        )
        s3.create_bucket(Bucket=BUCKET, ACL="private")
        with tempfile.TemporaryDirectory() as work:
            video = Path(work) / KEY
            with video.open("wb") as out:
                for _ in range(args.megabytes):
                    out.write(os.urandom(MB))
            s3.upload_file(str(video), BUCKET, KEY)
            env = {
                **os.environ,
                "DJANGO_SETTINGS_MODULE": "avatarstudio.settings",
                "SQLITE_PATH": str(Path(work) / "bench.sqlite3"),
                "MEDIA_STORAGE": "s3",
                "AWS_STORAGE_BUCKET_NAME": BUCKET,
                "AWS_S3_ENDPOINT_URL": endpoint,
                "AWS_S3_REGION_NAME": "us-east-1",
                "AWS_S3_ADDRESSING_STYLE": "path",
                "AWS_ACCESS_KEY_ID": ACCESS_KEY,
                "AWS_SECRET_ACCESS_KEY": SECRET_KEY,
            }
            env.pop("DATABASE_URL", None)
            print(f"{args.requests} ranged requests of 1 MB over a {args.megabytes} MB video")
            print(f"{'serving':<10} {'RSS after start':>16} {'peak RSS':>10} {'seconds':>8}")
            for mode in ("redirect", "proxy"):
                out = subprocess.run(
                    [sys.executable, __file__, "--serve", mode, "--requests", str(args.requests)]
                    + ["--megabytes", str(args.megabytes)],
                    env=env,
                    capture_output=True,
                    text=True,
                    check=True,
                )
                r = json.loads(out.stdout.strip().splitlines()[-1])
                print(
                    f"{mode:<10} {r['baseline']:>13.0f} MB {r['peak']:>7.0f} MB "
                    f"{r['seconds']:>8.2f}"
                )
                if r["location"]:
                    ranged = requests.get(r["location"], headers={"Range": "bytes=0-99"})
                    with video.open("rb") as fh:
                        assert ranged.status_code == 206 and ranged.content == fh.read(100)
    finally:
        server.terminate()
        server.wait(timeout=10)


if __name__ == "__main__":
    main()
