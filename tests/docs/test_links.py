"""Every link inside the repository that README.md and docs/*.md make resolves: a person following
the docs never lands on a file that is not there (or on a heading that does not exist)."""

import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
PAGES = sorted([ROOT / "README.md", *(ROOT / "docs").glob("*.md")])
LINK = re.compile(r"!?\[[^\]]*\]\(\s*<?([^)\s>]+)>?(?:\s+\"[^\"]*\")?\s*\)")
FENCE = re.compile(r"^(```|~~~).*?^\1", re.MULTILINE | re.DOTALL)


def links(page: Path) -> list[str]:
    text = FENCE.sub("", page.read_text(encoding="utf-8"))
    text = re.sub(r"`[^`\n]*`", "", text)  # inline code is not a link
    return [m.group(1) for m in LINK.finditer(text)]


def anchors(page: Path) -> set[str]:
    """GitHub's heading anchors: lower case, punctuation dropped, spaces to hyphens."""
    found = set()
    for heading in re.findall(r"^#+\s+(.+?)\s*$", FENCE.sub("", page.read_text(encoding="utf-8")), re.MULTILINE):
        slug = re.sub(r"[^\w\- ]", "", heading.lower()).replace(" ", "-")
        found.add(slug)
    return found


def broken(page: Path, root: Path = ROOT) -> list[str]:
    bad = []
    for target in links(page):
        if re.match(r"^[a-z][a-z0-9+.-]*:", target):  # http:, https:, mailto: — outside the repository
            continue
        path, _, anchor = target.partition("#")
        resolved = (page.parent / path).resolve() if path else page
        if not resolved.exists() or root not in [resolved, *resolved.parents]:
            bad.append(f"{target} (no such file)")
        elif anchor and resolved.suffix == ".md" and anchor not in anchors(resolved):
            bad.append(f"{target} (no such heading)")
    return bad


def test_the_docs_are_found():
    assert ROOT / "README.md" in PAGES and ROOT / "docs" / "getting-started.md" in PAGES


@pytest.mark.parametrize("page", PAGES, ids=lambda p: str(p.relative_to(ROOT)))
def test_every_link_inside_the_repository_resolves(page):
    assert broken(page) == []


def test_a_link_to_a_missing_file_is_caught(tmp_path):
    page = tmp_path / "page.md"
    page.write_text("[there](there.md) and `[not](a-link.md)` and [web](https://example.com)\n"
                    "# A title\n[me](#a-title) [gone](#no-title) [out](../../etc/passwd)")
    assert broken(page, tmp_path) == ["there.md (no such file)", "#no-title (no such heading)",
                                      "../../etc/passwd (no such file)"]  # fmt: skip
