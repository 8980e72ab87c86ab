"""Opens report.html (made by egov-etl) in headless Chromium at 1280 and 390 px wide, with Python
playwright driving the system's browser (never `playwright install`), and checks it as a person
and a screen reader meet it:

- no console error, no page error, no request to anything but the file itself (every other URL
  is intercepted, aborted and fails the check);
- one h1, no skipped heading level, every table header cell with its scope, every SVG a
  role="img" with a non-empty <title>;
- the charts' numbers are commune.parquet's (read with pyarrow): communes per district and level
  for each dimension, the province's bar, one scatter point per commune at its scores;
- at 390 px the page does not overflow sideways (wide tables scroll inside their own container);
- the language button switches the page (and the charts' titles) to English and back.

A full-page screenshot per width is saved in the artifacts folder (report-1280.png,
report-390.png).

Usage: python3 check_report.py output/2020/report.html output/2020/commune.parquet ARTIFACTS
"""

import os
import sys
import tempfile
from collections import Counter
from pathlib import Path

import pyarrow.parquet as pq
from playwright.sync_api import sync_playwright

CHROMIUM = os.environ.get("EGOV_ETL_CHROMIUM", "/usr/bin/chromium")
FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
LEVELS = ["I", "II", "III", "IV", "Không xếp hạng"]


def expected_counts(parquet):
    """{(dimension, district code or "province", level): communes} from commune.parquet."""
    t = pq.read_table(parquet).to_pylist()
    counts = Counter()
    for row in t:
        for dim in ("achieved", "readiness"):
            level = str(row[f"{dim}_level"])
            counts[(dim, row["district_code"], level)] += 1
            counts[(dim, "province", level)] += 1
    return t, counts


def check_structure(page):
    problems = []
    assert page.locator("h1").count() == 1, "one h1"
    levels = page.eval_on_selector_all(
        "h1, h2, h3, h4, h5, h6", "els => els.map(e => Number(e.tagName[1]))"
    )
    assert levels[0] == 1, levels
    for before, after in zip(levels, levels[1:]):
        if after > before + 1:
            problems.append(f"heading level {before} then {after}")
    no_scope = page.eval_on_selector_all("th:not([scope])", "els => els.length")
    if no_scope:
        problems.append(f"{no_scope} th without scope")
    tables_without_th = page.eval_on_selector_all(
        "table", "ts => ts.filter(t => !t.querySelector('th[scope=col]')).length"
    )
    if tables_without_th:
        problems.append(f"{tables_without_th} tables without column headers")
    svgs = page.eval_on_selector_all(
        "svg",
        "ss => ss.map(s => [s.getAttribute('role'), (s.querySelector(':scope > title') || {}).textContent || '', s.getAttribute('aria-label') || ''])",
    )
    assert len(svgs) == 3, f"three charts, not {len(svgs)}"
    for role, title, label in svgs:
        if role != "img" or not title.strip() or not label.strip():
            problems.append(f"svg role={role!r} title={title!r} label={label!r}")
    return problems


def check_numbers(page, rows, counts):
    problems = []
    bars = page.eval_on_selector_all(
        "svg.bars g[data-district-code] rect",
        "rs => rs.map(r => [r.parentNode.getAttribute('data-dimension'), r.parentNode.getAttribute('data-district-code'), r.getAttribute('data-level'), Number(r.getAttribute('data-count'))])",
    )
    districts = {r["district_code"] for r in rows}
    assert len(bars) == 2 * (len(districts) + 1) * len(LEVELS), len(bars)
    for dim, district, level, n in bars:
        want = counts.get((dim, district, level), 0)
        if n != want:
            problems.append(f"bar {dim} {district} {level}: {n}, parquet {want}")
    points = page.eval_on_selector_all(
        "svg.scatter circle",
        "cs => cs.map(c => [c.getAttribute('data-unit-code'), Number(c.getAttribute('data-x')), Number(c.getAttribute('data-y')), c.getAttribute('data-level')])",
    )
    if len(points) != len(rows):
        problems.append(f"{len(points)} points, {len(rows)} communes")
    by_code = {r["commune_code"]: r for r in rows}
    for code, x, y, level in points:
        r = by_code.get(code)
        if r is None:
            problems.append(f"point {code} is no commune")
        elif (x, y, level) != (r["achieved_score"], r["readiness_score"], str(r["achieved_level"])):
            problems.append(f"point {code}: {(x, y, level)}")
    return problems


def check_toggle(page):
    h1 = page.locator("h1")
    vi = h1.inner_text()
    title_vi = page.locator("svg.scatter > title").text_content()
    page.click("#lang")
    en = h1.inner_text()
    assert page.evaluate("document.documentElement.lang") == "en"
    assert en != vi and en.startswith("E-government"), en
    title_en = page.locator("svg.scatter > title").text_content()
    assert title_en != title_vi and "Achieved" in title_en, title_en
    page.click("#lang")
    assert h1.inner_text() == vi


def visit(context, url, width, rows, counts, artifacts):
    problems = []
    page = context.new_page()
    page.set_viewport_size({"width": width, "height": 900})
    page.on("console", lambda m: m.type == "error" and problems.append(f"console: {m.text}"))
    page.on("pageerror", lambda e: problems.append(f"page error: {e}"))

    def route(r):
        if r.request.url == url:
            r.continue_()
        else:
            problems.append(f"request to {r.request.url}")
            r.abort()

    page.route("**/*", route)
    page.goto(url)
    page.wait_for_load_state("load")
    problems += check_structure(page)
    problems += check_numbers(page, rows, counts)
    overflow = page.evaluate(
        "document.documentElement.scrollWidth - document.documentElement.clientWidth"
    )
    if overflow > 0:
        problems.append(f"{width} px: the page overflows by {overflow} px")
    check_toggle(page)
    page.screenshot(path=str(artifacts / f"report-{width}.png"), full_page=True)
    page.close()
    return [f"{width} px: {p}" for p in problems]


def main():
    html, parquet, artifacts = Path(sys.argv[1]).resolve(), sys.argv[2], Path(sys.argv[3])
    artifacts.mkdir(parents=True, exist_ok=True)
    rows, counts = expected_counts(parquet)
    url = html.as_uri()
    problems = []
    with tempfile.TemporaryDirectory() as profile, sync_playwright() as p:
        # A fresh profile (playwright passes it as --user-data-dir).
        context = p.chromium.launch_persistent_context(
            profile, executable_path=CHROMIUM, args=FLAGS, headless=True
        )
        for width in (1280, 390):
            problems += visit(context, url, width, rows, counts, artifacts)
        context.close()
    if problems:
        print("\n".join(problems))
        sys.exit(1)
    print(f"ok: 2 widths, {len(rows)} communes, screenshots in {artifacts}")


if __name__ == "__main__":
    main()
