"""A newcomer's first minutes, in a real browser, on a dev server with the demo company:
Swagger UI offers both documents, shows summaries, and its login example works as shown;
Authorize with the token, then call endpoints that need it. The page runs under a strict
Content-Security-Policy (no inline script). Screenshots go to `screenshots/` (git-ignored).
"""

import json

import pytest
from playwright.sync_api import expect

from server.config import PROJECT_ROOT
from server.tests.e2e.conftest import seed_demo, start_server, stop_server

pytestmark = pytest.mark.postgres

SCREENSHOTS = PROJECT_ROOT / "screenshots"
# What a strict policy for the docs page looks like: scripts only from the server itself.
STRICT_CSP = (
    "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; "
    "img-src 'self' data:; connect-src 'self'; frame-ancestors 'none'"
)


@pytest.fixture(scope="module")
def dev_server(live_database):
    """`make run` as a newcomer has it: APP_ENV=dev and the demo company seeded."""
    server = start_server(live_database, workers=2, APP_ENV="dev")
    try:
        seed_demo(server)
        yield server
    finally:
        stop_server(server)


@pytest.fixture
def page(browser, dev_server):
    """A page that gets the docs with a strict CSP, and records what the browser refused."""
    page = browser.new_page(viewport={"width": 1300, "height": 1600})
    page.refused = []
    page.on("console", lambda m: page.refused.append(m.text) if "Refused" in m.text else None)

    def with_strict_csp(route):
        response = route.fetch()
        headers = {**response.headers, "content-security-policy": STRICT_CSP}
        route.fulfill(response=response, headers=headers)

    page.route(dev_server.api("/docs"), with_strict_csp)
    yield page
    page.close()


def screenshot(page, name):
    SCREENSHOTS.mkdir(exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / f"{name}.png"), full_page=False)


def operation(page, tag, operation_id):
    block = page.locator(f"#operations-{tag}-{operation_id}")
    block.locator(".opblock-summary").click()
    block.get_by_role("button", name="Try it out").click()
    return block


def response_body(block):
    """The body of the response Swagger UI got for this operation."""
    return block.locator(".live-responses-table tbody .highlight-code pre").first


def authorize(page, value):
    page.get_by_role("button", name="Authorize").first.click()
    dialog = page.locator(".modal-ux")
    dialog.locator("input").first.fill(value)
    dialog.get_by_role("button", name="Authorize").click()
    dialog.get_by_role("button", name="Close").click()


def test_a_newcomer_logs_in_with_the_shown_example_in_openapi_3(dev_server, page):
    page.goto(dev_server.api("/docs"))
    expect(page.get_by_text("PTO API").first).to_be_visible()
    # both documents are offered; OpenAPI 3 is shown first
    selector = page.locator(".topbar select")
    expect(selector.locator("option")).to_have_text(["OpenAPI 3", "Swagger 2.0"])
    expect(page.locator(".info .link, .info a").first).to_contain_text("openapi.json")
    # every operation shows its one-line summary
    expect(page.locator("#operations-auth-login .opblock-summary-description")).to_have_text(
        "Log in with email and password"
    )
    expect(page.get_by_text("pto-demo-password").first).to_be_visible()  # dev intro
    screenshot(page, "swagger-ui-openapi3")

    login = operation(page, "auth", "login")
    example = json.loads(login.locator("textarea.body-param__text").input_value())
    assert example == {"email": "admin@example.com", "password": "pto-demo-password"}
    login.get_by_role("button", name="Execute").click()  # exactly as shown
    answer = response_body(login)
    expect(answer).to_contain_text("access_token")
    token = json.loads(answer.inner_text())["access_token"]
    screenshot(page, "swagger-ui-login")

    authorize(page, token)  # an http bearer scheme: Swagger UI adds "Bearer " itself
    me = operation(page, "auth", "get_me")
    me.get_by_role("button", name="Execute").click()
    result = response_body(me)
    expect(result).to_contain_text("admin@example.com")

    preview = operation(page, "requests", "preview_request")
    preview.get_by_role("button", name="Execute").click()  # the shown example
    expect(response_body(preview)).to_contain_text('"violations": []')
    status = preview.locator(".live-responses-table tbody .response-col_status").first
    expect(status).to_have_text("200")
    screenshot(page, "swagger-ui-preview")
    assert page.refused == []


def test_the_swagger_2_document_works_too(dev_server, page):
    page.goto(dev_server.api("/docs"))
    page.locator(".topbar select").select_option(label="Swagger 2.0")
    expect(page.locator(".info .link, .info a").first).to_contain_text("swagger.json")
    login = operation(page, "auth", "login")
    login.get_by_role("button", name="Execute").click()
    token = json.loads(response_body(login).inner_text())["access_token"]

    authorize(page, f"Bearer {token}")  # Swagger 2.0's apiKey stand-in: the whole header
    approvals = operation(page, "approvals", "list_approvals")
    approvals.get_by_role("button", name="Execute").click()
    status = approvals.locator(".live-responses-table tbody .response-col_status").first
    expect(status).to_have_text("200")
    screenshot(page, "swagger-ui-swagger2")
    assert page.refused == []


def test_the_docs_page_has_no_inline_script(dev_server, page):
    page.goto(dev_server.api("/docs"))
    expect(page.locator(".opblock").first).to_be_visible()
    assert page.locator("script:not([src])").count() == 0


CSP_VIOLATIONS = """
window.cspViolations = [];
document.addEventListener("securitypolicyviolation", (e) =>
  window.cspViolations.push(e.violatedDirective + " " + e.blockedURI));
"""


def test_swagger_ui_works_under_the_policy_the_server_sends(dev_server, browser):
    """The tests above impose a strict policy of their own; this one keeps the server's."""
    page = browser.new_page(viewport={"width": 1300, "height": 1600})
    console = []
    page.on("console", lambda message: console.append(message.text))
    page.add_init_script(CSP_VIOLATIONS)
    try:
        response = page.goto(dev_server.api("/docs"))
        policy = response.headers["content-security-policy"]
        assert (
            "script-src 'self'" in policy
            and "'unsafe-inline'" not in policy.split("script-src", 1)[1].split(";")[0]
        )
        assert "frame-ancestors 'none'" in policy
        login = operation(page, "auth", "login")
        login.get_by_role("button", name="Execute").click()
        expect(response_body(login)).to_contain_text("access_token")
        assert page.evaluate("window.cspViolations") == []
        assert not [text for text in console if "Content Security Policy" in text], console
    finally:
        page.close()
