"""The web client: `index.html` at `/` and its files under `/client/`, with a strict
Content-Security-Policy, versioned file names and no build step.

The client is plain static files (ES modules, CSS, the vendored UI library). At startup the
server reads them once (`ClientFiles`): each file's content hash, and the module graph from
the `import ... from` / `export ... from` statements of the entry modules in index.html.
`index.html` then names every file by its content, `/client/js/api.3f2a9c1b0d.js`, and
carries

- an import map from each module's plain URL to its versioned one, so the modules' own
  relative imports (`./api.js`) load the versioned files without being rewritten;
- a `<link rel="modulepreload">` for every module of the static graph: the browser fetches
  the whole graph at once instead of discovering it import by import; then, with a low
  priority, the modules the app imports on demand (admin's screens), so opening them later
  costs no request and the first screen does not wait for them.

A versioned file never changes (a changed file gets a new name), so it is served with
`Cache-Control: public, max-age=31536000, immutable`: a reload fetches no module at all.
`index.html` says `no-cache` (with an ETag), so a deploy is seen at once. Plain names
(`/client/js/api.js`) are still served, revalidated, for tools and for nginx setups that
serve the folder as is. When a file changes on disk (development), the next `index.html`
sees it: the snapshot is taken again when a file's size or modification time changed.

The import map is an inline script: the page's policy allows it by its hash, and nothing
else inline.
"""

import base64
import hashlib
import json
import mimetypes
import posixpath
import re
import threading
from pathlib import Path
from urllib.parse import urlsplit

from flask import Blueprint, current_app, request, send_from_directory
from markupsafe import escape

from server.config import PROJECT_ROOT

CLIENT_DIR = PROJECT_ROOT / "client"
ASSET_PREFIX = "/client"
# Where index.html says which API to call: empty means the page's own origin.
API_META = '<meta name="pto-api-url" content="">'
IMMUTABLE = "public, max-age=31536000, immutable"
LOW = ' fetchpriority="low"'
HASH_LENGTH = 10
# Files that are versioned (and so cached for good once fetched).
VERSIONED_SUFFIXES = {".js", ".css", ".svg", ".json"}
# `import x from "./y.js"`, `import {a} from"./y.js"` (minified), `export * from "./y.js"`,
# `import "./y.js"`; not dynamic `import("./y.js")`, which loads on demand.
STATIC_IMPORT = re.compile(
    r"""(?:^|[;}\s])(?:import|export)\b[^"'`();=]*?\bfrom\s*(["'])([^"'\n]+)\1"""
    r"""|(?:^|[;}\s])import\s*(["'])([^"'\n]+)\3""",
    re.MULTILINE,
)
# `import("./y.js")`: a module loaded when first needed (admin's screens, a language).
DYNAMIC_IMPORT = re.compile(r"""\bimport\(\s*(["'])([^"'\n]+)\1\s*\)""")
# Language catalogues are imported dynamically too, but the reader needs only one.
NOT_PRELOADED = ("i18n/",)
ASSET_REFERENCE = re.compile(r'(?P<attr>src|href)="(?P<url>/client/[^"?#]+)"')
MODULE_SCRIPT = re.compile(r'<script type="module"[^>]*\bsrc="(/client/[^"]+)"[^>]*></script>')
VERSIONED_NAME = re.compile(
    rf"^(?P<stem>.+)\.(?P<hash>[0-9a-f]{{{HASH_LENGTH}}})(?P<suffix>\.\w+)$"
)

# Module scripts must come with a JavaScript type; some systems' mime tables lack it.
mimetypes.add_type("text/javascript", ".js")

web_client = Blueprint("web_client", __name__)


class ClientFiles:
    """One snapshot of the client folder: each versioned file's bytes and hash, the module
    graph of index.html's entry modules, and index.html as served."""

    def __init__(self, root):
        self.root = Path(root)
        self.signature = signature(self.root)
        self.files = {}  # "js/api.js" -> (hash, bytes)
        for path in sorted(self.root.rglob("*")):
            if path.is_file() and path.suffix in VERSIONED_SUFFIXES:
                content = path.read_bytes()
                digest = hashlib.sha256(content).hexdigest()[:HASH_LENGTH]
                self.files[path.relative_to(self.root).as_posix()] = (digest, content)
        template = (self.root / "index.html").read_text(encoding="utf-8")
        entries = [url_to_name(url) for url in MODULE_SCRIPT.findall(template)]
        self.modules = self.module_graph(entries)
        self.import_map = json.dumps(
            {
                "imports": {
                    f"{ASSET_PREFIX}/{name}": self.url(name)
                    for name in self.files
                    if name.endswith(".js")
                }
            },
            separators=(",", ":"),
            sort_keys=True,
        )
        self.import_map_hash = base64.b64encode(
            hashlib.sha256(self.import_map.encode()).digest()
        ).decode()
        self.index = self.render_index(template)

    def url(self, name):
        """The versioned URL of a file (`js/api.js` -> `/client/js/api.<hash>.js`)."""
        stem, dot, suffix = name.rpartition(".")
        return f"{ASSET_PREFIX}/{stem}.{self.files[name][0]}{dot}{suffix}"

    def module_graph(self, entries):
        """The modules to preload, in order: every module the entries import statically
        (breadth first, entries first), which the first screen waits for; then the modules
        imported on demand (and theirs), which it does not, so the browser fetches them
        after the others. Language catalogues are left to i18n.js."""
        seen, later = [], []
        self.on_demand = set()  # preloaded with a low priority
        queue = [name for name in entries if name in self.files]
        while queue or later:
            if not queue:
                queue.append(later.pop(0))
                self.on_demand.add(queue[0])
            name = queue.pop(0)
            if name in seen:
                continue
            seen.append(name)
            source = self.files[name][1].decode("utf-8", errors="replace")
            for match in STATIC_IMPORT.finditer(source):
                found = self.imported(name, match.group(2) or match.group(4), seen)
                queue.extend(found)
                if name in self.on_demand:
                    self.on_demand.update(found)
            for match in DYNAMIC_IMPORT.finditer(source):
                targets = self.imported(name, match.group(2), seen)
                later.extend(t for t in targets if not t.startswith(NOT_PRELOADED))
        return seen

    def imported(self, name, specifier, seen):
        """The file a relative import in `name` names, if it is one of the client's."""
        if not specifier.startswith(("./", "../", "/")):
            return []
        target = resolve(name, specifier)
        return [target] if target in self.files and target not in seen else []

    def render_index(self, template):
        def versioned(match):
            name = url_to_name(match["url"])
            if name not in self.files:
                return match[0]
            return f'{match["attr"]}="{self.url(name)}"'

        head = "\n  ".join(
            [
                f'<script type="importmap">{self.import_map}</script>',
                *(self.preload(name) for name in self.modules),
            ]
        )
        html = ASSET_REFERENCE.sub(versioned, template)
        first_module = html.index('<script type="module"')
        return f"{html[:first_module]}{head}\n  {html[first_module:]}"

    def preload(self, name):
        priority = LOW if name in self.on_demand else ""
        return f'<link rel="modulepreload" href="{self.url(name)}"{priority}>'

    def versioned(self, filename):
        """The bytes a versioned file name stands for, or None (not versioned, or stale)."""
        match = VERSIONED_NAME.match(filename)
        if not match:
            return None
        name = f"{match['stem']}{match['suffix']}"
        found = self.files.get(name)
        if found is None or found[0] != match["hash"]:
            return None
        return found[1]


def url_to_name(url):
    return url.removeprefix(f"{ASSET_PREFIX}/")


def resolve(name, specifier):
    if specifier.startswith("/"):
        return url_to_name(specifier)
    return posixpath.normpath(posixpath.join(posixpath.dirname(name), specifier))


def signature(root):
    return tuple(
        (str(path), stat.st_size, stat.st_mtime_ns)
        for path in sorted(Path(root).rglob("*"))
        if path.is_file() and (stat := path.stat())
    )


_snapshots = {}
_lock = threading.Lock()


def client_root():
    return Path(current_app.config.get("WEB_CLIENT_DIR") or CLIENT_DIR)


def client_files(refresh=True):
    """The current snapshot of the app's client folder (taken again if a file changed)."""
    root = client_root()
    with _lock:
        snapshot = _snapshots.get(root)
        if snapshot is None or (refresh and snapshot.signature != signature(root)):
            snapshot = _snapshots[root] = ClientFiles(root)
        return snapshot


@web_client.record_once
def read_at_startup(state):
    with state.app.app_context():
        client_files()


@web_client.get("/")
def index():
    """The single page; the client routes inside it with `#/...`."""
    files = client_files()
    html = files.index
    api_url = current_app.config["WEB_CLIENT_API_URL"]
    if api_url:
        html = html.replace(API_META, f'<meta name="pto-api-url" content="{escape(api_url)}">')
    response = current_app.response_class(html, mimetype="text/html")
    response.headers["Content-Security-Policy"] = content_security_policy(
        [f"'sha256-{files.import_map_hash}'"]
    )
    response.add_etag()
    return response.make_conditional(request)


@web_client.get(f"{ASSET_PREFIX}/<path:filename>")
def asset(filename):
    content = client_files(refresh=False).versioned(filename)
    if content is None and VERSIONED_NAME.match(filename):
        content = client_files().versioned(filename)  # a file changed since the snapshot
    if content is None:
        # A plain name (revalidated), or a version that is gone: 404.
        return send_from_directory(client_root(), filename)
    mimetype = mimetypes.guess_type(VERSIONED_NAME.sub(r"\g<stem>\g<suffix>", filename))[0]
    response = current_app.response_class(content, mimetype=mimetype or "application/octet-stream")
    response.headers["Cache-Control"] = IMMUTABLE
    response.add_etag()
    return response.make_conditional(request)


@web_client.after_request
def client_headers(response):
    if response.headers.get("Cache-Control") != IMMUTABLE:
        response.headers["Cache-Control"] = "no-cache"
    response.headers.setdefault("Content-Security-Policy", content_security_policy())
    response.headers.setdefault("X-Content-Type-Options", "nosniff")
    response.headers.setdefault("Referrer-Policy", "no-referrer")
    return response


def content_security_policy(script_hashes=()):
    """Only this origin's files run, and no inline script but index.html's import map (by its
    hash); no inline style; the page may call this origin and the configured API's; it
    cannot be framed, nor change its base URL."""
    connect = ["'self'", *api_origins(current_app.config["WEB_CLIENT_API_URL"])]
    scripts = ["'self'", *script_hashes]
    return "; ".join(
        [
            "default-src 'self'",
            f"script-src {' '.join(scripts)}",
            "style-src 'self'",
            "img-src 'self'",
            "font-src 'self'",
            f"connect-src {' '.join(connect)}",
            "object-src 'none'",
            "base-uri 'none'",
            "form-action 'self'",
            "frame-ancestors 'none'",
        ]
    )


def api_origins(api_url):
    if not api_url:
        return []
    parts = urlsplit(api_url)
    return [f"{parts.scheme}://{parts.netloc}"]
