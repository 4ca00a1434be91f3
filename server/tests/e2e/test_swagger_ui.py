"""A newcomer's first minutes, in a real browser: log in through Swagger UI with a demo
login, press Authorize, and call an endpoint that needs the token."""

import json
import subprocess
import sys

import pytest
from playwright.sync_api import expect, sync_playwright

from server.config import PROJECT_ROOT
from server.services.demo_data import DEMO_PASSWORD
from server.tests.e2e.browser import launch_chromium

pytestmark = pytest.mark.postgres


@pytest.fixture(scope="module")
def seeded_server(live_server):
    subprocess.run(
        [sys.executable, "manage.py", "seed"],
        cwd=PROJECT_ROOT,
        env=live_server.env,
        check=True,
        capture_output=True,
    )
    return live_server


@pytest.fixture(scope="module")
def page():
    with sync_playwright() as playwright:
        browser = launch_chromium(playwright)
        yield browser.new_page()
        browser.close()


def operation(page, tag, operation_id):
    block = page.locator(f"#operations-{tag}-{operation_id}")
    block.locator(".opblock-summary").click()
    block.get_by_role("button", name="Try it out").click()
    return block


def response_body(block):
    """The body of the response Swagger UI got for this operation."""
    return block.locator(".live-responses-table tbody .highlight-code pre").first


def test_a_demo_login_works_in_swagger_ui(seeded_server, page):
    page.goto(seeded_server.api("/docs"))
    expect(page.get_by_text("PTO API").first).to_be_visible()

    login = operation(page, "auth", "login")
    login.locator("textarea.body-param__text").fill(
        json.dumps({"email": "maya@example.com", "password": DEMO_PASSWORD})
    )
    login.get_by_role("button", name="Execute").click()
    answer = response_body(login)
    expect(answer).to_contain_text("access_token")
    token = json.loads(answer.inner_text())["access_token"]

    page.get_by_role("button", name="Authorize").first.click()
    dialog = page.locator(".modal-ux")
    dialog.locator("input").first.fill(f"Bearer {token}")
    dialog.get_by_role("button", name="Authorize").click()
    dialog.get_by_role("button", name="Close").click()

    me = operation(page, "auth", "get_me")
    me.get_by_role("button", name="Execute").click()
    result = response_body(me)
    expect(result).to_contain_text("maya@example.com")
    expect(result).to_contain_text('"manager"')

    approvals = operation(page, "approvals", "list_approvals")
    approvals.get_by_role("button", name="Execute").click()
    status = approvals.locator(".live-responses-table tbody .response-col_status").first
    expect(status).to_have_text("200")
