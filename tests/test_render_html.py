"""The HTML report: one well-formed, self-contained, printable page holding the outcome,
the findings and the discussion list, with everything a person typed escaped."""

from __future__ import annotations

from html.parser import HTMLParser
from typing import Any

import pytest

from conftest import EXAMPLES, safe_answers
from needlecheck.answers.files import read_answers
from needlecheck.model.answers import Mode
from needlecheck.model.content import Content
from needlecheck.render import render
from needlecheck.report.build import Report
from render_views import report_for, words

VOID = frozenset({"meta", "br", "hr", "img", "link", "input"})


class Page(HTMLParser):
    """A strict reading of the page: tags must nest, and the parts tests need are kept."""

    def __init__(self, html: str) -> None:
        super().__init__()
        self.open: list[tuple[str, dict[str, str | None]]] = []
        self.errors: list[str] = []
        self.texts: dict[str, list[str]] = {"outcome": [], "title": []}
        self.lists: list[tuple[str, list[str]]] = []  # (ul|ol, item texts)
        self.tables: list[list[list[str]]] = []
        self.attributes: list[tuple[str, dict[str, str | None]]] = []
        self.feed(html)
        self.close()
        assert not self.open, f"not closed: {[tag for tag, _ in self.open]}"

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        attributes = dict(attrs)
        self.attributes.append((tag, attributes))
        if tag in ("ul", "ol"):
            self.lists.append((tag, []))
        elif tag == "li":
            self.lists[-1][1].append("")
        elif tag == "table":
            self.tables.append([])
        elif tag == "tr":
            self.tables[-1].append([])
        elif tag in ("th", "td"):
            self.tables[-1][-1].append("")
        if tag not in VOID:
            self.open.append((tag, attributes))

    def handle_endtag(self, tag: str) -> None:
        assert self.open and self.open[-1][0] == tag, f"</{tag}> closes {self.open[-1:]}"
        self.open.pop()

    def handle_data(self, data: str) -> None:
        tags = [tag for tag, _ in self.open]
        if any("outcome" in str(attrs.get("class")) for _, attrs in self.open):
            self.texts["outcome"].append(data)
        if tags and tags[-1] == "title":
            self.texts["title"].append(data)
        if "li" in tags:
            self.lists[-1][1][-1] += data
        if tags and tags[-1] in ("th", "td"):
            self.tables[-1][-1][-1] += data

    def items(self, kind: str) -> list[str]:
        return [words(item) for tag, items in self.lists if tag == kind for item in items]


def _example(content: Content, name: str, mode: Mode = "self", **changes: Any) -> Report:
    answers = {**read_answers(content, str(EXAMPLES / name)), **changes}
    return report_for(content, answers, mode, "AB12" if mode == "clinician" else None)


@pytest.mark.parametrize(
    "name", ["emergency-bladder.json", "runner-right-buttock.json", "warfarin-diabetes.toml"]
)
@pytest.mark.parametrize("mode", ["self", "clinician"])
def test_page_holds_outcome_findings_and_discussion(
    content: Content, name: str, mode: Mode
) -> None:
    report = _example(content, name, mode)
    page = Page(render(report, "html"))
    outcome = words(" ".join(page.texts["outcome"]))
    for part in (report.title, report.advice, report.next_step):
        assert words(part) in outcome
    bullets = page.items("ul")
    for finding in report.act_first + report.against + report.care:
        assert words(f"{finding.summary}: {finding.message}") in bullets
    assert page.items("ol") == [words(point) for point in report.discuss]
    for sign in report.safety_net.signs:
        assert words(sign) in bullets
    answers_table = page.tables[-1]
    assert [words(cell) for cell in answers_table[1]] == [
        words(report.answers[0].label),
        words(report.answers[0].answer),
    ]


def test_page_is_self_contained_and_printable(content: Content) -> None:
    report = _example(content, "runner-right-buttock.json")
    html = render(report, "html")
    page = Page(html)
    assert html.startswith("<!DOCTYPE html>")
    assert ("html", {"lang": "en"}) in page.attributes
    assert words(" ".join(page.texts["title"])) == content.text("report_title")
    for tag, attributes in page.attributes:
        assert tag not in ("script", "link", "img", "iframe", "object")
        assert "src" not in attributes and "href" not in attributes
    policy = next(a["content"] for t, a in page.attributes if a.get("http-equiv"))
    assert policy is not None and "default-src 'none'" in policy
    assert "url(" not in html and "@import" not in html
    assert "width: 48rem" in html  # fixed width
    assert "@media print" in html


def test_everything_typed_is_escaped(content: Content) -> None:
    typed = '<script>alert(1)</script> & <b>run</b> "quoted" \x1b[31m'
    report = _example(
        content,
        "runner-right-buttock.json",
        "clinician",
        activity_1=typed,
        clinician_notes="</td></tr></table><h1>x</h1>",
    )
    html = render(report, "html")
    assert "<script" not in html and "<b>run" not in html and "<h1>x" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt; &amp; &lt;b&gt;run&lt;/b&gt;" in html
    assert "\x1b" not in html
    page = Page(html)  # still well formed
    assert any("<script>alert(1)</script>" in item for item in page.items("ol"))


def test_no_findings_means_no_empty_lists(content: Content) -> None:
    answers = {**safe_answers(content), "pain_areas": ("lower_back",)}
    html = render(report_for(content, answers), "html")
    assert "<ul>\n</ul>" not in html and "<ol>\n</ol>" not in html
    Page(html)
