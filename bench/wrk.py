"""Running wrk and reading its numbers (a Lua `done` hook prints them as JSON)."""

import json
import shutil
import subprocess
import tempfile
from dataclasses import dataclass
from pathlib import Path

DONE_HOOK = """
done = function(summary, latency, requests)
  local e = summary.errors
  io.write(string.format(
    '\\nBENCH-JSON {"requests": %d, "duration_us": %d, "p50_us": %d, "p90_us": %d, '
    .. '"p99_us": %d, "mean_us": %f, "connect": %d, "read": %d, "write": %d, '
    .. '"status": %d, "timeout": %d}\\n',
    summary.requests, summary.duration, latency:percentile(50), latency:percentile(90),
    latency:percentile(99), latency.mean, e.connect, e.read, e.write, e.status, e.timeout))
end
"""


@dataclass(frozen=True)
class Target:
    """One request to load: a path and its headers."""

    path: str
    headers: dict


@dataclass(frozen=True)
class Result:
    requests: int
    seconds: float
    p50_ms: float
    p90_ms: float
    p99_ms: float
    errors: int  # socket errors, timeouts and non-2xx/3xx answers

    @property
    def rps(self):
        return self.requests / self.seconds if self.seconds else 0.0


def available():
    return shutil.which("wrk") is not None


def _lua_string(value):
    return json.dumps(value)  # a JSON string is a valid Lua string literal for our values


def script_for(targets):
    """A Lua script that cycles through `targets` (path + headers each) and reports."""
    entries = []
    for t in targets:
        headers = ", ".join(f"[{_lua_string(k)}] = {_lua_string(v)}" for k, v in t.headers.items())
        entries.append(f"  {{path = {_lua_string(t.path)}, headers = {{{headers}}}}}")
    entries = ",\n".join(entries)
    return (
        f"local targets = {{\n{entries}\n}}\nlocal i = 0\n"
        "request = function()\n"
        "  i = i % #targets + 1\n"
        "  return wrk.format('GET', targets[i].path, targets[i].headers)\n"
        "end\n" + DONE_HOOK
    )


def run(base_url, targets, connections, seconds, timeout_s=60):
    """Load `base_url` with `targets` (one or several, taken in turn) and return the
    numbers. Raises if wrk fails or prints nothing we can read."""
    if isinstance(targets, Target):
        targets = [targets]
    threads = max(1, min(2, connections))
    with tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False) as script:
        script.write(script_for(targets))
    try:
        completed = subprocess.run(
            [
                "wrk",
                f"-t{threads}",
                f"-c{connections}",
                f"-d{max(1, round(seconds))}s",
                f"--timeout={timeout_s}s",
                "-s",
                script.name,
                base_url + targets[0].path,
            ],
            capture_output=True,
            text=True,
            timeout=seconds + timeout_s + 30,
            check=False,
        )
    finally:
        Path(script.name).unlink(missing_ok=True)
    for line in completed.stdout.splitlines():
        if line.startswith("BENCH-JSON "):
            data = json.loads(line[len("BENCH-JSON ") :])
            return Result(
                requests=data["requests"],
                seconds=data["duration_us"] / 1e6,
                p50_ms=data["p50_us"] / 1000,
                p90_ms=data["p90_us"] / 1000,
                p99_ms=data["p99_us"] / 1000,
                errors=sum(data[k] for k in ("connect", "read", "write", "status", "timeout")),
            )
    raise RuntimeError(f"wrk printed no result:\n{completed.stdout}\n{completed.stderr}")
