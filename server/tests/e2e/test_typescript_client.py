"""TypeScript types generated with openapi-typescript (default options) from the OpenAPI 3
document type-check a client that leaves out what the API lets it leave out.

The pinned tools come from `clients/typescript/package-lock.json` (`npm ci`); the installed
`node_modules` there (git-ignored) is reused while the lock file is unchanged. Without Node
and npm the test is skipped, and fails in CI (`helpers.missing_tool`)."""

import hashlib
import os
import shutil
import subprocess

import pytest

from server.config import PROJECT_ROOT
from server.tests.helpers import manage_py, missing_tool

CLIENT = PROJECT_ROOT / "clients" / "typescript"
BIN = CLIENT / "node_modules" / ".bin"
STAMP = CLIENT / "node_modules" / ".installed-lock.sha256"  # the lock npm ci installed
TYPES = CLIENT / "pto-api.ts"  # what client.ts imports (git-ignored)


def run(args, timeout):
    """`args` in clients/typescript, never waiting for input: (exit status, all output)."""
    done = subprocess.run(
        args,
        cwd=CLIENT,
        env={**os.environ, "NO_COLOR": "1", "npm_config_update_notifier": "false"},
        stdin=subprocess.DEVNULL,
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
    )
    return done.returncode, done.stdout + done.stderr


@pytest.fixture(scope="module")
def tools():
    """The pinned openapi-typescript and tsc, installed with `npm ci` unless the installed
    ones came from this very lock file."""
    npm = shutil.which("npm")
    if npm is None or shutil.which("node") is None:
        missing_tool("needs Node.js and npm (apt install nodejs npm)")
    lock = hashlib.sha256((CLIENT / "package-lock.json").read_bytes()).hexdigest()
    if not STAMP.exists() or STAMP.read_text(encoding="ascii") != lock:
        status, output = run(
            [npm, "ci", "--ignore-scripts", "--no-audit", "--no-fund"], timeout=600
        )
        assert status == 0, f"npm ci failed:\n{output}"
        STAMP.write_text(lock, encoding="ascii")
    return BIN


def test_generated_types_accept_bodies_without_defaulted_fields(tools, tmp_path):
    document = tmp_path / "openapi.json"
    manage_py("openapi", "--out", str(document), env={**os.environ, "APP_ENV": "test"})

    status, output = run([tools / "openapi-typescript", document, "-o", TYPES], timeout=300)
    assert status == 0, f"openapi-typescript failed:\n{output}"
    assert "warn" not in output.lower() and "error" not in output.lower(), output

    status, output = run([tools / "tsc", "--noEmit", "-p", "."], timeout=600)
    assert status == 0, f"tsc --noEmit failed on clients/typescript/client.ts:\n{output}"
