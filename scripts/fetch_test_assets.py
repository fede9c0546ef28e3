"""Fetch what only the tests use from the npm registry: axe-core, checked against its integrity.

Run by `./dev.sh test`; does nothing when the file is already there. Prints where it put it.
"""

from __future__ import annotations

import base64
import hashlib
import io
import sys
import tarfile
import urllib.request
from pathlib import Path

AXE_VERSION = "4.11.0"
AXE_URL = f"https://registry.npmjs.org/axe-core/-/axe-core-{AXE_VERSION}.tgz"
AXE_INTEGRITY = (
    "sha512-ilYanEU8vxxBexpJd8cWM4ElSQq4QctCLKih0TSfjIfCQTeyH/6zV"
    "rmIJfLPrKTKJRbiG+cfnZbQIjAlJmF1jQ=="
)
CACHE = Path(__file__).resolve().parent.parent / ".cache" / "test-assets"


def axe_path() -> Path:
    return CACHE / f"axe-core-{AXE_VERSION}.min.js"


def fetch_axe() -> Path:
    target = axe_path()
    if target.exists():
        return target
    with urllib.request.urlopen(AXE_URL, timeout=60) as resp:
        data = resp.read()
    digest = "sha512-" + base64.b64encode(hashlib.sha512(data).digest()).decode()
    if digest != AXE_INTEGRITY:
        sys.exit(f"The axe-core download from {AXE_URL} does not match its published integrity.")
    with tarfile.open(fileobj=io.BytesIO(data)) as tar:
        member = tar.extractfile("package/axe.min.js")
        if member is None:
            sys.exit(f"{AXE_URL} has no package/axe.min.js.")
        script = member.read()
    CACHE.mkdir(parents=True, exist_ok=True)
    tmp = target.with_suffix(".tmp")
    tmp.write_bytes(script)
    tmp.replace(target)
    return target


if __name__ == "__main__":
    sys.stdout.write(f"{fetch_axe()}\n")
