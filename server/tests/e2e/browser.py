"""Driving Debian's Chromium with Playwright (its own browser download cannot work here)."""

import shutil

from server.tests.helpers import missing_tool

CHROMIUM = shutil.which("chromium")
# Debian's Chromium, as root, without the background traffic this closed network refuses.
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


def launch_chromium(playwright):
    if CHROMIUM is None:
        missing_tool("needs Debian's chromium (apt install chromium); .ci/run installs it")
    return playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
