"""A real S3-compatible server on loopback for the object-store tests: moto's standalone server.

Started and stopped by the tests (a random free port on 127.0.0.1); the standard AWS
variables point every client at it, as a user would point them at their object store.
"""

from __future__ import annotations

import os
import secrets
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class S3Server:
    endpoint: str
    bucket: str

    def url(self, prefix: str | None = None) -> str:
        """A fresh data-directory URL in the test bucket."""
        return f"s3://{self.bucket}/{prefix or secrets.token_hex(4)}"

    def client(self):
        import boto3

        return boto3.client("s3", endpoint_url=self.endpoint)

    def keys(self, url: str) -> list[str]:
        """Every object key under a data-directory URL, sorted."""
        prefix = url.removeprefix(f"s3://{self.bucket}/").rstrip("/") + "/"
        pages = self.client().get_paginator("list_objects_v2").paginate(Bucket=self.bucket, Prefix=prefix)
        return sorted(o["Key"].removeprefix(prefix) for page in pages for o in page.get("Contents", []))

    def get(self, url: str, name: str) -> bytes:
        key = url.removeprefix(f"s3://{self.bucket}/").rstrip("/") + "/" + name
        return self.client().get_object(Bucket=self.bucket, Key=key)["Body"].read()


ENV = {"AWS_ACCESS_KEY_ID": "testing", "AWS_SECRET_ACCESS_KEY": "testing", "AWS_DEFAULT_REGION": "us-east-1"}


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextmanager
def s3_server() -> Iterator[S3Server]:
    """Run the server (a child process: it must not compete with the tests for the GIL), set the
    AWS variables for this process and its children, make a bucket."""
    port = _free_port()
    proc = subprocess.Popen([str(Path(sys.executable).with_name("moto_server")), "-H", "127.0.0.1", "-p", str(port)],
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    saved = {k: os.environ.get(k) for k in [*ENV, "AWS_ENDPOINT_URL"]}
    try:
        os.environ.update(ENV, AWS_ENDPOINT_URL=f"http://127.0.0.1:{port}")
        s3 = S3Server(f"http://127.0.0.1:{port}", "xxgk-test")
        deadline = time.monotonic() + 30
        while True:
            try:
                s3.client().create_bucket(Bucket=s3.bucket)
                break
            except Exception:
                if time.monotonic() > deadline or proc.poll() is not None:
                    raise
                time.sleep(0.1)
        yield s3
    finally:
        for k, v in saved.items():
            if v is None:
                os.environ.pop(k, None)
            else:
                os.environ[k] = v
        proc.terminate()
        proc.wait(10)
