"""HTML: the page is self-contained and escaped, its matrix and links match the findings, and
headless Chromium renders it without a console message and takes a screenshot.

The screenshot goes to $BEDROCK_GOV_SCREENSHOT_DIR (docs/images refreshes docs/images/audit-report.png)
or to pytest's tmp dir. Chromium is Debian's `chromium` package; .ci/run and scripts/setup --test
install it. Without it this test fails, never skips."""

from __future__ import annotations

import os
import shutil
import struct
import subprocess
from html.parser import HTMLParser
from pathlib import Path

import pytest
from report_samples import GENERATED_AT, HOSTILE, UNKNOWN_REASON, sample_findings

from bedrock_gov.report import audit_html

CHROMIUM_FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--enable-logging=stderr",
    "--v=0",
]
SCREENSHOT_NAME = "audit-report.png"


class _Page(HTMLParser):
    """Collects what the tests look at: matrix cells, ids, links and any reference outside the page."""

    def __init__(self) -> None:
        super().__init__()
        self.cells: list[str] = []
        self.ids: set[str] = set()
        self.links: list[str] = []
        self.external: list[str] = []
        self.scripts = 0
        self._in_matrix = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        attributes = dict(attrs)
        if tag == "table":
            self._in_matrix = attributes.get("class") == "matrix"
        if tag == "td" and self._in_matrix:
            self.cells.append(attributes.get("class") or "")
        if attributes.get("id"):
            self.ids.add(attributes["id"] or "")
        if tag == "a" and attributes.get("href"):
            self.links.append(attributes["href"] or "")
        self.scripts += tag == "script"
        self.external += [
            value or "" for name, value in attrs if name in ("src", "href") and not (value or "").startswith("#")
        ]


def _page(html: str) -> _Page:
    page = _Page()
    page.feed(html)
    return page


def test_matrix_cells_colour_by_worst_status_and_link_to_findings() -> None:
    findings = sample_findings()
    page = _page(audit_html(findings, GENERATED_AT))
    accounts = {finding.account_id for finding in findings}
    checks = {finding.check_id for finding in findings}
    assert len(page.cells) == len(accounts) * len(checks)
    # prod: guardrail FAIL, prompt PASS, logging FAIL (1 fail + 1 pass); dev: logging UNKNOWN + PASS -> UNKNOWN
    assert page.cells.count("FAIL") == 6 and page.cells.count("UNKNOWN") == 1 and page.cells.count("PASS") == 2
    assert page.cells.count("NONE") == len(page.cells) - 9
    anchors = [link.removeprefix("#") for link in page.links if link.startswith("#cell-")]
    assert len(anchors) == 9 and set(anchors) <= page.ids


def test_everything_is_escaped_and_nothing_is_external() -> None:
    html = audit_html(sample_findings(), GENERATED_AT)
    assert HOSTILE not in html and "<script>" not in html
    assert "&lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt; &amp; &#34;quoted&#34;" in html
    page = _page(html)
    assert page.scripts == 0 and page.external == []
    assert UNKNOWN_REASON in html
    for badge in ('class="badge NEW"', 'class="badge RESOLVED"', 'class="badge UNCHANGED"'):
        assert badge in html


def test_no_findings_is_a_page_that_says_so() -> None:
    assert "No findings." in audit_html([], GENERATED_AT)


def _chromium() -> str:
    found = shutil.which("chromium") or shutil.which("chromium-browser")
    if not found:
        pytest.fail("headless Chromium is needed to render the HTML report: apt-get install chromium (.ci/run does)")
    return found


def _run_chromium(arguments: list[str], profile: Path) -> subprocess.CompletedProcess[str]:
    command = [_chromium(), *CHROMIUM_FLAGS, f"--user-data-dir={profile}", *arguments]
    result = subprocess.run(command, capture_output=True, text=True, timeout=180, check=False)
    assert result.returncode == 0, result.stderr[-2000:]
    return result


def _console(stderr: str) -> list[str]:
    return [line for line in stderr.splitlines() if ":CONSOLE" in line]


def _png_size(path: Path) -> tuple[int, int]:
    header = path.read_bytes()[:24]
    assert header[:8] == b"\x89PNG\r\n\x1a\n", f"{path} is not a PNG"
    width, height = struct.unpack(">II", header[16:24])
    return width, height


def test_chromium_renders_the_page_without_console_messages_and_screenshots_it(tmp_path: Path) -> None:
    page = tmp_path / "audit.html"
    page.write_text(audit_html(sample_findings(), GENERATED_AT), encoding="utf-8")
    dom = _run_chromium(["--dump-dom", page.as_uri()], tmp_path / "profile-dom")
    assert _console(dom.stderr) == []
    rendered = _page(dom.stdout)
    assert len(rendered.cells) == 15 and rendered.cells.count("FAIL") == 6

    directory = Path(os.environ.get("BEDROCK_GOV_SCREENSHOT_DIR") or tmp_path)
    directory.mkdir(parents=True, exist_ok=True)
    screenshot = directory / SCREENSHOT_NAME
    screenshot.unlink(missing_ok=True)
    shot = _run_chromium(
        [f"--screenshot={screenshot}", "--window-size=1400,1000", "--hide-scrollbars", page.as_uri()],
        tmp_path / "profile-shot",
    )
    assert _console(shot.stderr) == []
    assert _png_size(screenshot) == (1400, 1000)
    assert screenshot.stat().st_size > 30_000, "the screenshot is nearly blank"
