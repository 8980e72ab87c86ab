//! report.html in every snapshot: on the 2020 replay (listed in the manifest with its hash,
//! byte-identical on a rerun and from `publish`, the decision's four misspelt names listed with
//! their GSO names and cells, its chart numbers those of commune.csv), and with a small second
//! year made here (2021, one district's workbook with hostile text in a unit name, a cell and
//! the file name: escaped; the units that moved a level between the years counted per district
//! as commune.csv says).

mod util;

use std::collections::BTreeMap;
use std::path::Path;

use util::{C, Sheet, read_csv, repo_copy, row, run_bin, s, show, write_xlsx};

fn sha256(path: &Path) -> String {
    egov_etl::emit::sha256_file(path).expect("sha256")
}

fn manifest_sha(year_dir: &Path, file: &str) -> Option<String> {
    let m: serde_json::Value =
        serde_json::from_slice(&std::fs::read(year_dir.join("manifest.json")).expect("manifest"))
            .expect("json");
    m["outputs"]
        .as_array()?
        .iter()
        .find(|o| o["path"] == file)
        .and_then(|o| o["sha256"].as_str().map(str::to_string))
}

fn page(year_dir: &Path) -> String {
    std::fs::read_to_string(year_dir.join("report.html")).expect("report.html")
}

/// The `<tr>…</tr>` rows of the table of class `class` (the first such table).
fn table_rows(html: &str, class: &str) -> Vec<String> {
    let start = html
        .find(&format!("<table class=\"{class}\">"))
        .unwrap_or_else(|| panic!("no table {class}"));
    let end = start + html[start..].find("</table>").expect("</table>");
    html[start..end]
        .split("<tr>")
        .skip(2)
        .map(|r| r.split("</tr>").next().unwrap_or("").to_string())
        .collect()
}

/// The number in `data-count` of the element whose attributes start with `attrs`.
fn count_after(html: &str, attrs: &str) -> usize {
    let at = html
        .find(attrs)
        .unwrap_or_else(|| panic!("{attrs} not in the page"));
    let rest = &html[at + attrs.len()..];
    let rest = rest
        .trim_start()
        .strip_prefix("data-count=\"")
        .expect("data-count");
    rest[..rest.find('"').expect("quote")]
        .parse()
        .expect("count")
}

const LEVELS: [&str; 5] = ["I", "II", "III", "IV", "Không xếp hạng"];

fn level_index(l: &str) -> usize {
    LEVELS
        .iter()
        .position(|x| *x == l)
        .unwrap_or_else(|| panic!("level {l}"))
}

#[test]
fn the_2020_report_is_listed_deterministic_and_rebuilt_by_publish() {
    let dir = repo_copy();
    let year = dir.path().join("output/2020");
    let o = run_bin(dir.path(), &["run"]);
    assert_eq!(o.code, 0, "{}", show(&o));
    let html = page(&year);
    let first = sha256(&year.join("report.html"));
    assert_eq!(manifest_sha(&year, "report.html"), Some(first.clone()));
    assert!(html.starts_with("<!DOCTYPE html>\n<html lang=\"vi\" class=\"vi\""));
    // Self-contained: the one script is the inline toggle, nothing is fetched.
    assert_eq!(html.matches("<script").count(), 1);
    for outside in ["src=", "href=", "url(", "@import", "http://", "https://"] {
        assert!(!html.contains(outside), "{outside} in the page");
    }
    assert_eq!(html.matches("<h1>").count(), 1);
    assert_eq!(
        html.matches("role=\"img\"").count(),
        3,
        "two bar charts, one scatter"
    );

    let o = run_bin(dir.path(), &["run", "--force"]);
    assert_eq!(o.code, 0, "{}", show(&o));
    assert_eq!(
        sha256(&year.join("report.html")),
        first,
        "a rerun, same bytes"
    );

    // English first: the same page but for the language shown first.
    let o = run_bin(dir.path(), &["run", "--force", "--lang", "en"]);
    assert_eq!(o.code, 0, "{}", show(&o));
    let en = page(&year);
    assert!(en.starts_with("<!DOCTYPE html>\n<html lang=\"en\" class=\"en\""));
    assert_ne!(sha256(&year.join("report.html")), first);

    // publish, the workbooks gone: the same bytes from the snapshot's own files.
    for e in std::fs::read_dir(dir.path().join("raw/2020")).expect("raw") {
        std::fs::remove_file(e.expect("entry").path()).expect("remove");
    }
    let o = run_bin(dir.path(), &["publish"]);
    assert_eq!(o.code, 0, "{}", show(&o));
    assert!(o.stdout.contains("report.html"), "{}", show(&o));
    assert_eq!(
        sha256(&year.join("report.html")),
        first,
        "publish, same bytes"
    );
    assert_eq!(manifest_sha(&year, "report.html"), Some(first));
    let o = run_bin(dir.path(), &["publish", "--lang", "en"]);
    assert_eq!(o.code, 0, "{}", show(&o));
    assert_eq!(page(&year), en, "publish --lang en, the run's bytes");

    // The decision's four misspellings, as written → GSO name, with the decision's cell.
    let rows = table_rows(&html, "corrections");
    for (written, official) in [
        ("Xã Ba Cạm Bắc", "Xã Ba Cụm Bắc (22732)"),
        ("Xã Ba Cùm Nam", "Xã Ba Cụm Nam (22735)"),
        ("Xã Diên Đông", "Xã Diên Đồng (22666)"),
        ("Xã Phước Đông", "Xã Phước Đồng (22405)"),
    ] {
        let found: Vec<&String> = rows
            .iter()
            .filter(|r| {
                r.contains(&format!("<span class=\"written\">{written}</span>"))
                    && r.contains(&format!("→ <span class=\"official\">{official}</span>"))
                    && r.contains("Published decision")
                    && r.contains("raw/published/2020-qd644-phu-luc.xlsx &#39;Phu luc II&#39;!B")
            })
            .collect();
        assert_eq!(found.len(), 1, "{written} → {official}: {rows:#?}");
    }
    let in_decision = rows
        .iter()
        .filter(|r| r.contains("Published decision"))
        .count();
    assert_eq!(in_decision, 4, "{rows:#?}");

    // The bars' numbers are commune.csv's: communes per district and level, per dimension.
    let communes = read_csv(&year.join("commune.csv"));
    assert_eq!(communes.len(), 136);
    for dim in ["achieved", "readiness"] {
        let mut counts: BTreeMap<(String, usize), usize> = BTreeMap::new();
        for c in &communes {
            let l = level_index(&c[&format!("{dim}_level")]);
            *counts.entry((c["district_code"].clone(), l)).or_default() += 1;
            *counts.entry(("province".into(), l)).or_default() += 1;
        }
        let mut total = 0;
        let mut districts: Vec<String> = communes
            .iter()
            .map(|c| c["district_code"].clone())
            .collect();
        districts.dedup();
        districts.push("province".into());
        for district in &districts {
            let group = format!("data-district-code=\"{district}\" data-dimension=\"{dim}\">");
            let g = &html[html.find(&group).unwrap_or_else(|| panic!("{group}"))..];
            let g = &g[..g.find("</g>").expect("</g>")];
            for (i, l) in LEVELS.iter().enumerate() {
                let want = counts.get(&(district.clone(), i)).copied().unwrap_or(0);
                assert_eq!(
                    count_after(g, &format!("data-level=\"{l}\"")),
                    want,
                    "{dim} {district} {l}"
                );
                if district.as_str() != "province" {
                    total += want;
                }
            }
        }
        assert_eq!(total, 136, "{dim}");
    }
    // One point per commune, at its scores.
    assert_eq!(html.matches("<circle ").count(), 136);
    for code in ["22732", "22405", "22453"] {
        let c = communes
            .iter()
            .find(|c| c["commune_code"] == code)
            .expect("commune");
        let at = html
            .find(&format!("data-unit-code=\"{code}\" data-x=\""))
            .unwrap_or_else(|| panic!("no point {code}"));
        let attr = |name: &str| -> f64 {
            let rest = &html[at..];
            let rest = &rest[rest.find(&format!("{name}=\"")).expect(name) + name.len() + 2..];
            rest[..rest.find('"').expect("quote")]
                .parse()
                .expect("number")
        };
        let score = |k: &str| c[k].parse::<f64>().expect("score");
        assert_eq!(attr("data-x"), score("achieved_score"), "{code}");
        assert_eq!(attr("data-y"), score("readiness_score"), "{code}");
    }
    // A score with its decimal comma in Vietnamese, and its point in English.
    assert!(html.contains(
        "<span class=\"vi\" lang=\"vi\">87,10</span><span class=\"en\" lang=\"en\">87.10</span>"
    ));
    // The clerk's action beside a finding (docs/codes.md).
    assert!(html.contains("Ghi nhận; đề xuất đính chính quyết định nếu cần."));
    // Only one year in the output folder: no comparison of years.
    assert!(!html.contains("id=\"years\""));
}

/// Rows of a commune table for Cam Lâm in 2021.
fn cam_lam_2021(rows: &[[&str; 3]]) -> Vec<Vec<C>> {
    let mut out = vec![
        row(&["ỦY BAN NHÂN DÂN HUYỆN CAM LÂM"]),
        row(&["KẾT QUẢ ĐÁNH GIÁ CHÍNH QUYỀN ĐIỆN TỬ NĂM 2021"]),
        row(&[]),
        row(&[
            "STT",
            "Tên đơn vị",
            "Điểm mức độ đạt được",
            "Điểm điều kiện sẵn sàng",
        ]),
    ];
    for (i, r) in rows.iter().enumerate() {
        let mut cells = vec![C::N((i + 1) as f64), s(r[0])];
        cells.extend(row(&r[1..]));
        out.push(cells);
    }
    out
}

/// The pipeline's 2020 year again as 2021, without the decision, reading raw/2021.
fn add_2021(root: &Path) {
    let path = root.join("pipelines/khanh-hoa.toml");
    let text = std::fs::read_to_string(&path).expect("pipeline");
    let year = &text[text.find("[[year]]").expect("[[year]]")..];
    let year: String = year
        .lines()
        .filter(|l| !l.starts_with("published"))
        .map(|l| match l {
            "year = 2020" => "year = 2021".to_string(),
            "raw = \"../raw/2020\"" => "raw = \"../raw/2021\"".to_string(),
            l => l.to_string(),
        })
        .collect::<Vec<_>>()
        .join("\n");
    assert!(year.contains("year = 2021") && year.contains("../raw/2021"));
    std::fs::write(&path, format!("{text}\n{year}\n")).expect("write pipeline");
}

const HOSTILE: &str = "<script>alert(1)</script>";
const HOSTILE_FILE: &str = "Cam Lam <i>&\"2021\".xlsx";

#[test]
fn a_second_year_is_compared_and_hostile_text_comes_out_as_text() {
    let dir = repo_copy();
    add_2021(dir.path());
    let raw = dir.path().join("raw/2021");
    std::fs::create_dir_all(&raw).expect("mkdir");
    let rows = cam_lam_2021(&[
        ["Thị trấn Cam Đức", "55", "25"],
        ["Xã Cam An Bắc", "22.08", "20"],
        ["Xã Cam Hòa", "50.5", "27"],
        ["Xã Cam Tân", "22.2", "23"],
        [HOSTILE, "40", "25"],
        ["Xã Cam Hải Tây", "'<img src=x onerror=alert(2)>", "26"],
    ]);
    write_xlsx(&raw.join(HOSTILE_FILE), &[Sheet::new("<b>KQ", rows)]);
    let o = run_bin(dir.path(), &["run"]);
    assert_eq!(o.code, 1, "rows rejected: {}", show(&o));
    let y2021 = dir.path().join("output/2021");
    let html = page(&y2021);

    // Hostile text: escaped wherever it goes (the rejects' raw values, findings, file and sheet
    // names), and the page's only script is its own.
    assert_eq!(html.matches("<script").count(), 1, "one script");
    assert!(!html.contains("<img"), "an element from a cell");
    assert!(
        !html.contains("<i>") && !html.contains("<b>"),
        "an element from a name"
    );
    assert!(html.contains("&lt;script&gt;alert(1)&lt;/script&gt;"));
    assert!(html.contains("&lt;img src=x onerror=alert(2)&gt;"));
    assert!(html.contains("Cam Lam &lt;i&gt;&amp;&quot;2021&quot;.xlsx"));
    assert!(html.contains("&lt;b&gt;KQ"));
    let rejects = table_rows(&html, "rejects");
    assert_eq!(rejects.len(), 2, "{rejects:#?}");
    assert!(rejects.iter().any(|r| r.contains("unknown-unit")));
    assert!(rejects.iter().any(|r| r.contains("type-error")));

    // Against 2020: per dimension, Cam Lâm's communes up, down and unchanged, as commune.csv
    // says of both years.
    assert!(
        html.contains("<h3 data-other-year=\"2020\">"),
        "no comparison of years"
    );
    let before = read_csv(&dir.path().join("output/2020/commune.csv"));
    let after = read_csv(&y2021.join("commune.csv"));
    assert_eq!(after.len(), 4);
    let mut moved = 0;
    for dim in ["achieved", "readiness"] {
        let key = format!("{dim}_level");
        let (mut up, mut down, mut same) = (0, 0, 0);
        for a in &after {
            let b = before
                .iter()
                .find(|b| b["commune_code"] == a["commune_code"])
                .expect("in 2020");
            let (b, a) = (level_index(&b[&key]), level_index(&a[&key]));
            match a.cmp(&b) {
                std::cmp::Ordering::Less => up += 1,
                std::cmp::Ordering::Greater => down += 1,
                std::cmp::Ordering::Equal => same += 1,
            }
        }
        for (direction, want) in [("up", up), ("down", down), ("same", same)] {
            let attrs = format!(
                "data-district-code=\"570\" data-dimension=\"{dim}\" data-direction=\"{direction}\""
            );
            assert_eq!(count_after(&html, &attrs), want, "{dim} {direction}");
        }
        moved += up + down;
    }
    assert!(moved >= 3, "the workbook moves units: {moved}");
    assert_eq!(table_rows(&html, "moves").len(), moved);

    // 2020 rerun beside 2021 compares with it; publish gives both years' same bytes.
    let o = run_bin(dir.path(), &["run", "--force"]);
    assert_eq!(o.code, 1, "{}", show(&o));
    let y2020 = dir.path().join("output/2020");
    let (p2020, p2021) = (page(&y2020), page(&y2021));
    assert!(p2020.contains("<h3 data-other-year=\"2021\">"));
    assert!(p2021.contains("<h3 data-other-year=\"2020\">"));
    // A snapshot of another pipeline in the same folder is no year of this one.
    let y2019 = dir.path().join("output/2019");
    util::copy_dir(&y2020, &y2019);
    let report = std::fs::read_to_string(y2019.join("report.json")).expect("report");
    let other = report.replacen(
        "\"pipeline\": \"khanh-hoa\"",
        "\"pipeline\": \"another\"",
        1,
    );
    assert_ne!(other, report);
    std::fs::write(y2019.join("report.json"), other).expect("write");
    let o = run_bin(dir.path(), &["publish"]);
    assert_eq!(o.code, 0, "{}", show(&o));
    assert_eq!(page(&y2020), p2020);
    assert_eq!(page(&y2021), p2021);
    assert!(!page(&y2021).contains("data-other-year=\"2019\""));
}
