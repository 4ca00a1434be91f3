"""The web client's files as the app serves them (headers, CSP, caching), and checks of the
client's source that need no browser: no inline script or style, every message key in the
English catalogue, the vendored library as its README describes it."""

import base64
import hashlib
import re

import pytest

from server import create_app
from server.config import PROJECT_ROOT

CLIENT = PROJECT_ROOT / "client"


@pytest.fixture
def web(database_url):
    return create_app("test", SQLALCHEMY_DATABASE_URI=database_url).test_client()


def test_the_page_is_served_at_the_root_with_a_strict_csp(web):
    r = web.get("/")
    assert r.status_code == 200
    assert r.mimetype == "text/html"
    csp = dict(
        part.strip().split(" ", 1) for part in r.headers["Content-Security-Policy"].split(";")
    )
    assert csp["default-src"] == "'self'"
    # The one inline script is the import map (versioned module URLs), allowed by its hash.
    (import_map,) = re.findall(r'<script type="importmap">(.*?)</script>', r.text, re.DOTALL)
    digest = base64.b64encode(hashlib.sha256(import_map.encode()).digest()).decode()
    assert csp["script-src"] == f"'self' 'sha256-{digest}'"
    assert csp["style-src"] == "'self'"
    assert csp["connect-src"] == "'self'"
    assert csp["object-src"] == "'none'"
    assert csp["base-uri"] == "'none'"
    assert csp["frame-ancestors"] == "'none'"
    assert r.headers["X-Content-Type-Options"] == "nosniff"


def test_files_are_revalidated_with_etags(web):
    for path in ("/", "/client/app.css", "/client/js/main.js", "/client/vendor/preact.js"):
        r = web.get(path)
        assert r.status_code == 200, path
        assert r.headers["Cache-Control"] == "no-cache"
        assert "Content-Security-Policy" in r.headers
        again = web.get(path, headers={"If-None-Match": r.headers["ETag"]})
        assert again.status_code == 304, path
    assert web.get("/client/js/main.js").mimetype == "text/javascript"


def test_a_missing_file_is_a_404(web):
    assert web.get("/client/js/no-such-module.js").status_code == 404
    assert web.get("/client/../server/config.py").status_code == 404


def test_a_separate_api_origin_is_named_in_the_page_and_allowed_by_the_csp(database_url):
    app = create_app(
        "test",
        SQLALCHEMY_DATABASE_URI=database_url,
        WEB_CLIENT_API_URL="https://api.example.com/",
    )
    r = app.test_client().get("/")
    assert '<meta name="pto-api-url" content="https://api.example.com/">' in r.text
    assert "connect-src 'self' https://api.example.com;" in r.headers["Content-Security-Policy"]


def test_the_api_url_setting_is_read_from_the_environment(monkeypatch):
    from server.config import load_config

    monkeypatch.setenv("WEB_CLIENT_API_URL", "https://api.example.com/")
    assert load_config("test")["WEB_CLIENT_API_URL"] == "https://api.example.com"


def test_the_html_has_no_inline_script_or_style():
    html = (CLIENT / "index.html").read_text(encoding="utf-8")
    assert not re.search(r"<script(?![^>]*\bsrc=)[^>]*>", html), "inline <script>"
    assert "<style" not in html
    assert not re.search(r"\sstyle=", html)
    assert not re.search(r"\son[a-z]+=", html), "inline event handler"


def client_sources():
    return [p for p in CLIENT.rglob("*.js") if "vendor" not in p.parts]


def test_no_source_sets_a_style_attribute_or_uses_eval():
    for path in client_sources():
        source = path.read_text(encoding="utf-8")
        assert not re.search(r"""\sstyle=["']""", source), f"{path}: a style attribute"
        assert "eval(" not in source and "new Function" not in source, path
        assert "alert(" not in source and "confirm(" not in source.replace("onConfirm(", ""), path


# Where the client calls the API: client/js/api/ (one module per resource) on top of api.js.
API_CALLERS = {CLIENT / "js" / "api.js", CLIENT / "js" / "boot.js"}
API_PATH = re.compile(
    r"""["'`]/(auth|users|teams|requests|approvals|leave-types|holidays|calendar|reports|"""
    r"""audit|notifications|reference)\b"""
)


def test_only_the_api_modules_name_api_paths():
    """Screens and components call named functions (`listRequests`, `approveRequest`)."""
    outside = [p for p in client_sources() if p not in API_CALLERS and "api" not in p.parent.name]
    assert len(outside) > 20
    for path in outside:
        source = path.read_text(encoding="utf-8")
        # Routes of the app itself (`#/requests`) are href()/navigate() paths, not the API's.
        calls = [
            line
            for line in source.splitlines()
            if API_PATH.search(line) and not re.search(r"href\(|navigate\(|path: ", line)
        ]
        assert calls == [], path
        imported = re.findall(r"import \{([^}]*)\} from \"(?:\.\./)+api\.js\"", source)
        imported += re.findall(r"import \{([^}]*)\} from \"\./api\.js\"", source)
        for names in imported:
            assert {n.strip() for n in names.split(",")} <= {
                "attemptKeys",
                "idempotencyKey",
                "configureAuth",
                "ApiError",
            }, path


def catalogue_keys(name):
    source = (CLIENT / "i18n" / f"{name}.js").read_text(encoding="utf-8")
    return set(re.findall(r'^\s+"?([\w.-]+)"?:', source, flags=re.MULTILINE)) - {"one", "other"}


def test_every_message_the_client_asks_for_is_in_the_english_catalogue():
    english = catalogue_keys("en")
    used = set()
    for path in client_sources():
        used |= set(re.findall(r'\bt\("([\w.-]+)"', path.read_text(encoding="utf-8")))
    assert used, "no messages found: the pattern is wrong"
    assert sorted(used - english) == []


def test_the_german_catalogue_only_translates_known_keys():
    assert sorted(catalogue_keys("de") - catalogue_keys("en")) == []


def test_the_german_catalogue_covers_every_english_key():
    """Signed in in German, no message falls back to English."""
    assert sorted(catalogue_keys("en") - catalogue_keys("de")) == []


def catalogue_messages(name):
    """{key: the text of its message (plural forms joined)}: each top-level entry."""
    source = (CLIENT / "i18n" / f"{name}.js").read_text(encoding="utf-8")
    entries = re.split(r'^  (?="?[\w.-]+"?:)', source, flags=re.MULTILINE)[1:]
    return {re.match(r'"?([\w.-]+)"?:', entry).group(1): entry for entry in entries}


def test_the_german_messages_fill_in_the_same_placeholders():
    english, german = catalogue_messages("en"), catalogue_messages("de")
    assert len(english) > 100, "no messages found: the pattern is wrong"
    differ = {
        key: (sorted(set(re.findall(r"\{(\w+)\}", text))), german.get(key))
        for key, text in english.items()
        if set(re.findall(r"\{(\w+)\}", text)) != set(re.findall(r"\{(\w+)\}", german.get(key, "")))
    }
    assert differ == {}


def test_the_vendored_files_are_the_ones_the_readme_names():
    readme = (CLIENT / "vendor" / "README.md").read_text(encoding="utf-8")
    for name in ("preact.js", "hooks.js", "htm.js"):
        digest = hashlib.sha256((CLIENT / "vendor" / name).read_bytes()).hexdigest()
        assert f"{digest}  {name}" in readme, name
    assert (CLIENT / "vendor" / "LICENSE-preact").exists()
    assert (CLIENT / "vendor" / "LICENSE-htm").exists()


# A relative path a reader or the browser follows: a Markdown link's target, or any
# `../…` in the text (imports, prose naming a file).
RELATIVE_PATH = re.compile(r"\]\((?!https?:|mailto:|#)([^)#\s]+)|(\.\./[\w./-]*\w)")


def test_every_relative_path_in_the_docs_and_the_client_stays_inside_the_repository():
    """The product carries its own docs: a clone has nothing beside it to point to."""
    files = [
        PROJECT_ROOT / "README.md",
        *(PROJECT_ROOT / "docs").glob("*.md"),
        *(p for p in CLIENT.rglob("*") if "vendor" not in p.parts),
    ]
    checked = 0
    for path in files:
        if not (path.is_file() and path.suffix in {".js", ".html", ".css", ".md"}):
            continue
        for match in RELATIVE_PATH.finditer(path.read_text(encoding="utf-8")):
            target = (path.parent / (match[1] or match[2])).resolve()
            assert target.is_relative_to(PROJECT_ROOT.resolve()), (path, match[0])
            assert target.exists(), (path, match[0])
            checked += 1
    assert checked > 50  # the docs' links and the client's imports were all seen
