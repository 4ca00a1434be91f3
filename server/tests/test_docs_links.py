"""Every relative link in the README and in docs/ leads somewhere: to a file or folder of
this repository, and, when it names a heading (`file.md#heading`), to a heading that file
has. The docs move around; a link left pointing at a section that moved fails here."""

import re

import pytest

from server.config import PROJECT_ROOT

DOCS = [PROJECT_ROOT / "README.md", *sorted((PROJECT_ROOT / "docs").rglob("*.md"))]
LINK = re.compile(r"\]\(([^)\s]+)\)")
FENCE = re.compile(r"^```.*?^```", re.S | re.M)


def links(path):
    text = FENCE.sub("", path.read_text(encoding="utf-8"))
    for target in LINK.findall(text):
        if not re.match(r"[a-z][a-z0-9+.-]*:", target):  # http:, https:, mailto:
            yield target


def anchors(path):
    """The anchors GitHub gives the headings of a Markdown file."""
    text = FENCE.sub("", path.read_text(encoding="utf-8"))
    found = set()
    for heading in re.findall(r"^#{1,6}\s+(.+?)\s*$", text, re.M):
        slug = re.sub(r"[^\w\- ]", "", heading.lower()).replace(" ", "-")
        found.add(slug)
    return found


def resolves(path, link):
    file_part, _, anchor = link.partition("#")
    target = (path.parent / file_part).resolve() if file_part else path
    if not target.is_relative_to(PROJECT_ROOT.resolve()) or not target.exists():
        return False
    return not anchor or target.suffix != ".md" or anchor in anchors(target)


@pytest.mark.parametrize("path", DOCS, ids=lambda p: str(p.relative_to(PROJECT_ROOT)))
def test_every_relative_link_resolves(path):
    broken = [link for link in links(path) if not resolves(path, link)]
    assert broken == [], f"{path.relative_to(PROJECT_ROOT)}: {broken}"


def test_the_docs_were_all_seen():
    assert len(DOCS) > 20
    assert sum(len(list(links(p))) for p in DOCS) > 50


def test_nothing_points_outside_the_repository():
    """The product carries its own docs: a clone has nothing beside it to point to."""
    outside = "../" + "shared/"  # spelled apart so that a grep for it finds no hit here
    for path in DOCS:
        assert outside not in path.read_text(encoding="utf-8"), path
