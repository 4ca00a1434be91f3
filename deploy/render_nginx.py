"""Render deploy/nginx/pto.conf.template the way the nginx image's envsubst step does.

    SERVER_NAME=pto.example.com API_UPSTREAM=127.0.0.1:8000 ... \
        python deploy/render_nginx.py [--out pto.conf]

Only `${UPPER_CASE}` placeholders are replaced (nginx's own `$variables` stay); a
placeholder without a value is an error, not an empty string.
"""

import argparse
import os
import re
import sys
from pathlib import Path

TEMPLATE = Path(__file__).resolve().parent / "nginx" / "pto.conf.template"
PLACEHOLDER = re.compile(r"\$\{([A-Z][A-Z0-9_]*)\}")


def placeholders(text):
    return sorted(set(PLACEHOLDER.findall(text)))


def render(values, template=TEMPLATE):
    text = Path(template).read_text(encoding="utf-8")
    missing = [name for name in placeholders(text) if name not in values]
    if missing:
        raise KeyError(f"no value for {', '.join(missing)}")
    return PLACEHOLDER.sub(lambda m: str(values[m.group(1)]), text)


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--template", default=str(TEMPLATE))
    parser.add_argument("--out", help="default: stdout")
    args = parser.parse_args(argv)
    try:
        text = render(os.environ, args.template)
    except KeyError as exc:
        print(f"render_nginx: {exc.args[0]} (set it in the environment)", file=sys.stderr)
        return 2
    if args.out:
        Path(args.out).write_text(text, encoding="utf-8")
    else:
        sys.stdout.write(text)
    return 0


if __name__ == "__main__":
    sys.exit(main())
