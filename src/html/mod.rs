//! `report.html`: a year's snapshot as one self-contained page for people (no network: no
//! external script, stylesheet, font or image; charts as inline SVG from `svg`; a few lines of
//! inline script switch the language). Both languages are in the file (`<span class="vi">` /
//! `<span class="en">` twins, the words from `words/`), the one asked first shown.
//!
//! Pure: [`report`] takes the snapshot's tables (as `emit` writes them or reads them back from
//! their Parquet), its report.json and the tables of the output folder's other years, and returns
//! the page; the same snapshot gives the same bytes (no clock, no randomness, `BTreeMap`s only).
//! Every string from the input (unit names, file names, raw cell values, messages) is escaped.

pub mod data;
pub mod svg;

use std::collections::BTreeMap;
use std::fmt::Write;

use serde_json::Value;

use crate::core::{Dimension, Level, UnitLevel};
use crate::emit::OutTable;
use crate::finding::{Code, Lang, Severity};
use crate::words::{Text, num_en, num_vi};

use data::{FindingRow, Unit};

/// The page's file name inside a year's snapshot.
pub const REPORT_HTML_FILE: &str = "report.html";

/// What the page is made of.
pub struct Input<'a> {
    pub year: i32,
    /// The language shown first.
    pub lang: Lang,
    /// The snapshot's tables: district, commune, rejects, findings (snapshot.rs's order).
    pub tables: &'a [OutTable],
    /// The snapshot's report.json (completeness, comparison).
    pub report: &'a Value,
    /// Other years of the output folder: (year, [district, commune]).
    pub others: &'a [(i32, Vec<OutTable>)],
}

/// Text safe inside an element or a quoted attribute.
pub fn esc(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

/// A sentence in both languages, each in its span.
fn both(t: Text) -> String {
    pair(&t.say(Lang::Vi), &t.say(Lang::En))
}

/// Two strings, one per language, escaped.
fn pair(vi: &str, en: &str) -> String {
    if vi == en {
        return esc(vi);
    }
    format!(
        "<span class=\"vi\" lang=\"vi\">{}</span><span class=\"en\" lang=\"en\">{}</span>",
        esc(vi),
        esc(en)
    )
}

/// A score: decimal comma in Vietnamese, point in English; empty when null.
fn score(x: Option<f64>) -> String {
    x.map_or_else(String::new, |x| pair(&num_vi(x), &num_en(x)))
}

fn level_text(l: Option<Level>) -> String {
    l.map_or_else(String::new, |level| both(Text::PageLevel { level }))
}

/// A table: its header cells (`<th scope="col">`) and its rows (already escaped cells; the
/// first cell of a row is its header, `<th scope="row">`), in a scroll container.
/// At most this many rows in one table of the page: a province has a few hundred communes; more
/// (a compiled national table, a file of rejects) belong in the snapshot's CSV files, which the
/// page points to.
pub const MAX_ROWS: usize = 1000;

/// At most this many points in the scatter chart (every k-th commune beyond).
pub const MAX_POINTS: usize = 3000;

fn table(class: &str, head: &[String], rows: &[Vec<String>]) -> String {
    table_of(class, head, rows, rows.len())
}

/// A table of the first [`MAX_ROWS`] of `total` rows (`rows` may hold only those), with a line
/// saying how many more the CSV files hold.
fn table_of(class: &str, head: &[String], rows: &[Vec<String>], total: usize) -> String {
    let shown = &rows[..rows.len().min(MAX_ROWS)];
    let mut s = format!("<div class=\"scroll\"><table class=\"{class}\"><thead><tr>");
    for h in head {
        let _ = write!(s, "<th scope=\"col\">{h}</th>");
    }
    s.push_str("</tr></thead><tbody>");
    for r in shown {
        s.push_str("<tr>");
        for (i, c) in r.iter().enumerate() {
            if i == 0 {
                let _ = write!(s, "<th scope=\"row\">{c}</th>");
            } else {
                let _ = write!(s, "<td>{c}</td>");
            }
        }
        s.push_str("</tr>");
    }
    s.push_str("</tbody></table></div>");
    if total > shown.len() {
        let n = total - shown.len();
        let _ = write!(
            s,
            "<p class=\"more\">{}</p>",
            both(Text::PageMoreRows { n })
        );
    }
    s
}

/// The page's data, read once from the tables.
struct Model<'a> {
    input: &'a Input<'a>,
    province: String,
    districts: Vec<Unit>,
    communes: Vec<Unit>,
    findings: Vec<FindingRow>,
    rejects: Vec<data::RejectRow>,
    /// District names by code: the district table's, else the first commune's.
    names: std::collections::HashMap<String, String>,
}

impl<'a> Model<'a> {
    fn new(input: &'a Input<'a>) -> Model<'a> {
        let t = |i: usize| input.tables.get(i);
        let province = t(1)
            .or(t(0))
            .and_then(|t| t.column("province_name"))
            .and_then(|c| match c {
                crate::emit::ColumnData::Str(v) => v.iter().flatten().next().map(str::to_string),
                _ => None,
            })
            .unwrap_or_default();
        let districts = t(0).map(|t| data::units(t, false)).unwrap_or_default();
        let communes = t(1).map(|t| data::units(t, true)).unwrap_or_default();
        let mut names = std::collections::HashMap::new();
        for d in &districts {
            names
                .entry(d.code.clone())
                .or_insert_with(|| d.name.clone());
        }
        for c in &communes {
            names
                .entry(c.district_code.clone())
                .or_insert_with(|| c.district.clone());
        }
        Model {
            input,
            province,
            districts,
            communes,
            rejects: t(2).map(data::rejects).unwrap_or_default(),
            findings: t(3).map(data::findings).unwrap_or_default(),
            names,
        }
    }

    /// A district's name by its code (the code itself when the year has no such district).
    fn district_name(&self, code: &str) -> String {
        self.names
            .get(code)
            .cloned()
            .unwrap_or_else(|| code.to_string())
    }

    /// The districts in ranking order with those that only have communes after them.
    fn district_codes(&self) -> Vec<String> {
        let mut seen: std::collections::HashSet<&str> =
            self.districts.iter().map(|d| d.code.as_str()).collect();
        let mut codes: Vec<String> = self.districts.iter().map(|d| d.code.clone()).collect();
        for c in &self.communes {
            if seen.insert(c.district_code.as_str()) {
                codes.push(c.district_code.clone());
            }
        }
        codes
    }
}

/// The page.
pub fn report(input: &Input) -> String {
    let m = Model::new(input);
    let title = Text::PageTitle {
        province: m.province.clone(),
        year: input.year,
    };
    let (tv, te) = (title.say(Lang::Vi), title.say(Lang::En));
    let lang = if input.lang == Lang::En { "en" } else { "vi" };
    let shown = if input.lang == Lang::En { &te } else { &tv };
    let mut s = format!(
        "<!DOCTYPE html>\n<html lang=\"{lang}\" class=\"{lang}\" data-title-vi=\"{}\" \
         data-title-en=\"{}\">\n<head>\n<meta charset=\"utf-8\">\n<meta name=\"viewport\" \
         content=\"width=device-width, initial-scale=1\">\n<meta http-equiv=\"Content-Security-Policy\" \
         content=\"default-src 'none'; style-src 'unsafe-inline'; script-src 'unsafe-inline'\">\n\
         <title>{}</title>\n<style>{STYLE}</style>\n</head>\n<body>\n<header><h1>{}</h1>\
         <button id=\"lang\" type=\"button\">{}</button></header>\n<main>\n",
        esc(&tv),
        esc(&te),
        esc(shown),
        both(title),
        both(Text::PageLanguageButton),
    );
    s.push_str(&overview(&m));
    s.push_str(&by_district(&m));
    s.push_str(&ranking(&m));
    s.push_str(&scatter(&m));
    s.push_str(&comparison(&m));
    s.push_str(&corrections(&m));
    s.push_str(&years(&m));
    s.push_str(&findings(&m));
    s.push_str(&rejects(&m));
    let _ = write!(
        s,
        "</main>\n<footer><p>{}</p></footer>\n<script>{SCRIPT}</script>\n</body>\n</html>\n",
        both(Text::PageFooter)
    );
    s
}

const STYLE: &str = "\
html.vi .en,html.en .vi{display:none}\
body{font-family:\"DejaVu Sans\",Arial,sans-serif;margin:0 auto;max-width:70rem;padding:0 1rem;\
color:#1a1a1a;line-height:1.45}\
header{display:flex;flex-wrap:wrap;align-items:center;justify-content:space-between;gap:.5rem}\
h1{font-size:1.5rem}h2{font-size:1.25rem;border-bottom:2px solid #1b5e20;margin-top:2rem}\
h3{font-size:1.05rem}h4{font-size:1rem}\
button{font:inherit;padding:.3rem .8rem;border:1px solid #1b5e20;background:#fff;color:#1b5e20;\
border-radius:.3rem;cursor:pointer}\
.scroll{overflow-x:auto;max-width:100%}\
table{border-collapse:collapse;margin:.5rem 0;font-size:.9rem}\
th,td{border:1px solid #bbb;padding:.25rem .5rem;text-align:left;vertical-align:top}\
thead th{background:#eef3ee}td.num,th.num{text-align:right}\
svg.chart{display:block;width:100%;max-width:40rem;height:auto;font-size:12px}svg.bars{font-size:15px}\
svg .grid{stroke:#ddd}svg text{fill:#1a1a1a}\
ul.legend{list-style:none;padding:0;display:flex;flex-wrap:wrap;gap:.4rem 1rem}\
.swatch{display:inline-block;width:.8rem;height:.8rem;margin-right:.3rem;vertical-align:middle}\
code{background:#f2f2f2;padding:0 .2rem;white-space:nowrap}\
table.findings,table.rejects,table.differences,table.corrections,table.moves{width:100%;min-width:36rem}\
table.findings th[scope=row],table.rejects th[scope=row]{white-space:nowrap}table.rejects td:last-child{min-width:14rem}\
.raw{font-family:\"DejaVu Sans Mono\",monospace;white-space:pre-wrap;word-break:break-all}\
footer{margin:2rem 0;color:#555;font-size:.85rem}";

const SCRIPT: &str = "document.getElementById('lang').addEventListener('click',function(){\
var h=document.documentElement,l=h.classList.contains('vi')?'en':'vi';h.className=l;h.lang=l;\
document.title=h.getAttribute('data-title-'+l);\
document.querySelectorAll('svg[data-title-vi]').forEach(function(s){\
var t=s.getAttribute('data-title-'+l);s.setAttribute('aria-label',t);\
var e=s.querySelector('title');if(e){e.textContent=t;}});});";

/// Units per level: `[I, II, III, IV, not ranked]`.
fn count_levels<'u>(units: impl Iterator<Item = &'u Unit>, d: Dimension) -> [usize; 5] {
    let mut n = [0usize; 5];
    for u in units {
        if let Some(i) = u
            .level(d)
            .and_then(|l| Level::ALL.iter().position(|x| *x == l))
        {
            n[i] += 1;
        }
    }
    n
}

fn level_head(first: Text) -> Vec<String> {
    let mut head = vec![both(first)];
    head.extend(
        Level::ALL
            .iter()
            .map(|&level| both(Text::PageLevel { level })),
    );
    head.push(both(Text::PageTotal));
    head
}

fn count_row(label: String, n: &[usize; 5]) -> Vec<String> {
    let mut r = vec![label];
    r.extend(n.iter().map(usize::to_string));
    r.push(n.iter().sum::<usize>().to_string());
    r
}

/// Totals: units, rejected rows, findings by severity, completeness, units per level.
fn overview(m: &Model) -> String {
    let sev = |s: Severity| {
        m.findings
            .iter()
            .filter(|f| f.severity == s.as_str())
            .count()
    };
    let rows_rejected = m.rejects.iter().filter(|r| r.row.is_some()).count();
    let files_rejected = m.rejects.len() - rows_rejected;
    let mut rows = vec![
        vec![both(Text::PageDistricts), m.districts.len().to_string()],
        vec![both(Text::PageCommunes), m.communes.len().to_string()],
        vec![both(Text::PageRejectedRows), rows_rejected.to_string()],
        vec![both(Text::PageRejectedFiles), files_rejected.to_string()],
    ];
    for severity in [Severity::Error, Severity::Warning, Severity::Info] {
        rows.push(vec![
            both(Text::PageSeverity { severity }),
            sev(severity).to_string(),
        ]);
    }
    let head = [both(Text::PageMeasure), both(Text::PageCount)];
    let mut s = format!(
        "<section id=\"overview\"><h2>{}</h2>{}",
        both(Text::PageOverview),
        table("totals", &head, &rows)
    );
    s.push_str(&completeness(m.input.report));
    let mut levels = Vec::new();
    for (level, units) in [
        (UnitLevel::District, &m.districts),
        (UnitLevel::Commune, &m.communes),
    ] {
        for dim in Dimension::ALL {
            let label = format!(
                "{}: {}",
                both(Text::PageUnitsAtLevel { level }),
                both(Text::PageDimension { dim })
            );
            levels.push(count_row(label, &count_levels(units.iter(), dim)));
        }
    }
    let _ = writeln!(
        s,
        "<h3>{}</h3>{}</section>",
        both(Text::PageLevelsHeading),
        table("levels", &level_head(Text::PageMeasure), &levels)
    );
    s
}

/// Completeness, from report.json.
fn completeness(report: &Value) -> String {
    let c = &report["completeness"];
    let n = |k: &str| c[k].as_u64().map_or_else(String::new, |n| n.to_string());
    let rows = vec![
        vec![both(Text::PageExpectedUnits), n("expected_units")],
        vec![both(Text::PageAcceptedUnits), n("accepted_units")],
        vec![both(Text::PageMissingUnits), n("missing_units")],
    ];
    let complete = c["complete"].as_bool().unwrap_or(false);
    format!(
        "<h3>{}</h3><p class=\"complete\" data-complete=\"{complete}\">{}</p>{}",
        both(Text::PageCompleteness),
        both(Text::PageComplete { complete }),
        table(
            "completeness",
            &[both(Text::PageMeasure), both(Text::PageCount)],
            &rows
        )
    )
}

/// Per dimension: communes at each level per district and in the province, as stacked bars and
/// as a table.
fn by_district(m: &Model) -> String {
    let mut s = format!(
        "<section id=\"by-district\"><h2>{}</h2>",
        both(Text::PageByDistrictHeading)
    );
    let codes = m.district_codes();
    for dim in Dimension::ALL {
        // Counted in one pass over the communes, then read per district.
        let mut counts: std::collections::HashMap<&str, [usize; 5]> =
            std::collections::HashMap::new();
        for c in &m.communes {
            let n = count_levels(std::iter::once(c), dim);
            let sum = counts.entry(c.district_code.as_str()).or_default();
            for (s, x) in sum.iter_mut().zip(n) {
                *s += x;
            }
        }
        let mut bars: Vec<svg::Bar> = codes
            .iter()
            .map(|code| svg::Bar {
                key: code.clone(),
                label: m.district_name(code),
                label_en: None,
                counts: counts.get(code.as_str()).copied().unwrap_or_default(),
            })
            .collect();
        let t = Text::PageChartByDistrict { dim };
        bars.push(svg::Bar {
            key: "province".into(),
            label: Text::PageProvince.say(Lang::Vi),
            label_en: Some(Text::PageProvince.say(Lang::En)),
            counts: count_levels(m.communes.iter(), dim),
        });
        let id = format!("chart-{}", dim.key());
        let title = svg::Title {
            id: &id,
            vi: &t.say(Lang::Vi),
            en: &t.say(Lang::En),
            lang: m.input.lang,
        };
        let rows: Vec<Vec<String>> = bars
            .iter()
            .map(|b| count_row(esc(&b.label), &b.counts))
            .collect();
        let _ = write!(
            s,
            "<h3>{}</h3><p class=\"caption\">{}</p>{}{}<p class=\"caption\">{}</p>{}",
            both(Text::PageDimension { dim }),
            both(t.clone()),
            svg::stacked_bars(&title, dim.key(), &bars),
            legend(),
            both(Text::PageChartNumbers),
            table("chart-numbers", &level_head(Text::PageDistrict), &rows)
        );
    }
    s.push_str("</section>\n");
    s
}

/// The levels' colours.
fn legend() -> String {
    let mut s = String::from("<ul class=\"legend\">");
    for level in Level::ALL {
        let _ = write!(
            s,
            "<li><span class=\"swatch\" style=\"background:{}\"></span>{}</li>",
            svg::colour(level),
            both(Text::PageLevel { level })
        );
    }
    s.push_str("</ul>");
    s
}

fn score_head(first: Vec<String>) -> Vec<String> {
    let mut head = first;
    for dim in Dimension::ALL {
        head.push(both(Text::PageScore { dim }));
        head.push(both(Text::PageLevelOf { dim }));
    }
    head
}

fn score_cells(u: &Unit) -> Vec<String> {
    Dimension::ALL
        .iter()
        .flat_map(|&d| [score(u.score(d)), level_text(u.level(d))])
        .collect()
}

/// The district ranking.
fn ranking(m: &Model) -> String {
    let rows: Vec<Vec<String>> = m
        .districts
        .iter()
        .map(|d| {
            let mut r = vec![
                d.rank.map_or_else(String::new, |r| r.to_string()),
                esc(&d.name),
            ];
            r.extend(score_cells(d));
            r
        })
        .collect();
    format!(
        "<section id=\"ranking\"><h2>{}</h2>{}</section>\n",
        both(Text::PageRankingHeading),
        table(
            "ranking",
            &score_head(vec![both(Text::PageRank), both(Text::PageDistrict)]),
            &rows
        )
    )
}

/// Achieved against readiness for every commune, with its legend and the numbers as a table.
fn scatter(m: &Model) -> String {
    let scored = m
        .communes
        .iter()
        .filter(|c| {
            c.score(Dimension::Achieved).is_some() && c.score(Dimension::Readiness).is_some()
        })
        .count();
    // Beyond MAX_POINTS, every k-th commune (in the table's order): the chart stays a picture.
    let every = scored.div_ceil(MAX_POINTS).max(1);
    let points: Vec<svg::Point> = m
        .communes
        .iter()
        .filter(|c| {
            c.score(Dimension::Achieved).is_some() && c.score(Dimension::Readiness).is_some()
        })
        .step_by(every)
        .filter_map(|c| {
            Some(svg::Point {
                code: c.code.clone(),
                name: c.name.clone(),
                x: c.score(Dimension::Achieved)?,
                y: c.score(Dimension::Readiness)?,
                level: c.level(Dimension::Achieved)?,
            })
        })
        .collect();
    let t = Text::PageScatterTitle { n: points.len() };
    let title = svg::Title {
        id: "chart-scatter",
        vi: &t.say(Lang::Vi),
        en: &t.say(Lang::En),
        lang: m.input.lang,
    };
    let axis = |dim| {
        let t = Text::PageScore { dim };
        (t.say(Lang::Vi), t.say(Lang::En))
    };
    let (x, y) = (axis(Dimension::Achieved), axis(Dimension::Readiness));
    let labels = [(x.0.as_str(), x.1.as_str()), (y.0.as_str(), y.1.as_str())];
    let sampled = if every > 1 {
        let t = Text::PageScatterSampled {
            shown: points.len(),
            n: scored,
        };
        format!("<p class=\"caption\">{}</p>", both(t))
    } else {
        String::new()
    };
    let rows: Vec<Vec<String>> = m
        .communes
        .iter()
        .take(MAX_ROWS)
        .map(|c| {
            let mut r = vec![esc(&c.name), esc(&c.district)];
            r.extend(score_cells(c));
            r
        })
        .collect();
    let head = score_head(vec![both(Text::PageCommune), both(Text::PageDistrict)]);
    format!(
        "<section id=\"scatter\"><h2>{}</h2>{}{sampled}<p class=\"caption\">{}</p>{}<details>\
         <summary>{}</summary>{}</details></section>\n",
        both(Text::PageScatterHeading),
        svg::scatter(&title, &points, labels),
        both(Text::PageLegend),
        legend(),
        both(Text::PageCommuneScores),
        table_of("communes", &head, &rows, m.communes.len())
    )
}

/// The codes of the comparison with the decision that say a difference.
const DIFFERENCES: [Code; 6] = [
    Code::PublishedScoreDiffers,
    Code::PublishedLevelDiffers,
    Code::PublishedOrderDiffers,
    Code::NotInPublished,
    Code::OnlyInPublished,
    Code::PublishedUnreadable,
];

/// A finding's message in both languages.
fn message(f: &FindingRow) -> String {
    pair(&f.message_vi, &f.message_en)
}

/// The comparison with the published decision, when the year has one.
fn comparison(m: &Model) -> String {
    let mut s = format!(
        "<section id=\"comparison\"><h2>{}</h2>",
        both(Text::PageComparisonHeading)
    );
    let c = &m.input.report["comparison"];
    if !c.is_object() {
        let _ = writeln!(s, "<p>{}</p></section>", both(Text::PageNoDecision));
        return s;
    }
    let n = |k: &str| c[k].as_u64().unwrap_or(0);
    let rows = vec![
        vec![
            both(Text::PagePublishedUnits),
            n("published_units").to_string(),
        ],
        vec![both(Text::PageMatchedUnits), n("matched_units").to_string()],
        vec![
            both(Text::PageLevelsEqual),
            format!("{} / {}", n("levels_equal"), n("levels_compared")),
        ],
        vec![both(Text::PageScoresEqual), n("scores_equal").to_string()],
        vec![both(Text::PageOrderEqual), n("order_equal").to_string()],
    ];
    s.push_str(&table(
        "comparison",
        &[both(Text::PageMeasure), both(Text::PageCount)],
        &rows,
    ));
    let diffs: Vec<&FindingRow> = m
        .findings
        .iter()
        .filter(|f| DIFFERENCES.iter().any(|c| c.as_str() == f.code))
        .collect();
    let _ = write!(
        s,
        "<h3>{}</h3>",
        both(Text::PageDifferences { n: diffs.len() })
    );
    if diffs.is_empty() {
        let _ = write!(s, "<p>{}</p>", both(Text::PageNoDifference));
    } else {
        let mut by_code: BTreeMap<&str, usize> = BTreeMap::new();
        for f in &diffs {
            *by_code.entry(f.code.as_str()).or_default() += 1;
        }
        let counts: Vec<Vec<String>> = by_code
            .iter()
            .map(|(c, n)| vec![format!("<code>{}</code>", esc(c)), n.to_string()])
            .collect();
        let list: Vec<Vec<String>> = diffs
            .iter()
            .map(|f| {
                vec![
                    format!("<code>{}</code>", esc(&f.code)),
                    esc(&f.place()),
                    message(f),
                ]
            })
            .collect();
        s.push_str(&table(
            "difference-counts",
            &[both(Text::PageCode), both(Text::PageCount)],
            &counts,
        ));
        s.push_str(&table(
            "differences",
            &[
                both(Text::PageCode),
                both(Text::PagePlace),
                both(Text::PageMessage),
            ],
            &list,
        ));
    }
    s.push_str("</section>\n");
    s
}

/// The misspelt names, as written and as GSO writes them, with where.
fn corrections(m: &Model) -> String {
    let list = data::corrections(&m.findings);
    let mut s = format!(
        "<section id=\"corrections\"><h2>{}</h2>",
        both(Text::PageCorrectionsHeading)
    );
    if list.is_empty() {
        let _ = writeln!(s, "<p>{}</p></section>", both(Text::PageNoCorrection));
        return s;
    }
    let rows: Vec<Vec<String>> = list
        .iter()
        .map(|c| {
            vec![
                format!("<span class=\"written\">{}</span>", esc(&c.written)),
                format!("→ <span class=\"official\">{}</span>", esc(&c.official)),
                both(Text::PageWrittenIn {
                    decision: c.in_decision,
                }),
                format!("{} {}", esc(&c.file), esc(&c.place)),
            ]
        })
        .collect();
    let head = [
        both(Text::PageWritten),
        both(Text::PageGsoName),
        both(Text::PageSource),
        both(Text::PageWhere),
    ];
    s.push_str(&table("corrections", &head, &rows));
    s.push_str("</section>\n");
    s
}

/// Against each other year of the output folder: per district, the units that moved up or down
/// a level or kept it, per dimension; then the units that moved.
fn years(m: &Model) -> String {
    if m.input.others.is_empty() {
        return String::new();
    }
    let mut s = format!(
        "<section id=\"years\"><h2>{}</h2>",
        both(Text::PageYearsHeading)
    );
    let mut now = m.districts.clone();
    now.extend(m.communes.iter().cloned());
    for (other, tables) in m.input.others {
        let mut then = tables
            .first()
            .map(|t| data::units(t, false))
            .unwrap_or_default();
        if let Some(t) = tables.get(1) {
            then.extend(data::units(t, true));
        }
        let moves = data::moves(&then, &now);
        let _ = write!(
            s,
            "<h3 data-other-year=\"{other}\">{}</h3>",
            both(Text::PageAgainstYear {
                other: *other,
                year: m.input.year
            })
        );
        s.push_str(&moves_by_district(m, &then, &now, &moves));
        s.push_str(&moves_list(m, *other, &moves));
    }
    s.push_str("</section>\n");
    s
}

/// Per district and dimension: units up, down, unchanged.
fn moves_by_district(m: &Model, then: &[Unit], now: &[Unit], moves: &[data::Move]) -> String {
    let mut head = vec![both(Text::PageDistrict)];
    for dim in Dimension::ALL {
        for t in [Text::PageMovedUp, Text::PageMovedDown, Text::PageUnchanged] {
            head.push(format!(
                "{}: {}",
                both(Text::PageDimension { dim }),
                both(t)
            ));
        }
    }
    // Per (district, dimension): units up, down, and in both years; counted once.
    let mut tally: std::collections::HashMap<(&str, usize), [usize; 3]> =
        std::collections::HashMap::new();
    for x in moves {
        let t = tally
            .entry((x.district_code.as_str(), data::dim_index(x.dim)))
            .or_default();
        t[usize::from(x.after > x.before)] += 1;
    }
    let in_both: Vec<Vec<String>> = Dimension::ALL
        .iter()
        .map(|&d| data::in_both(then, now, d))
        .collect();
    for (i, codes) in in_both.iter().enumerate() {
        for code in codes {
            tally.entry((code.as_str(), i)).or_default()[2] += 1;
        }
    }
    let rows: Vec<Vec<String>> = m
        .district_codes()
        .iter()
        .map(|code| {
            let mut r = vec![esc(&m.district_name(code))];
            for dim in Dimension::ALL {
                let [up, down, both_years] = tally
                    .get(&(code.as_str(), data::dim_index(dim)))
                    .copied()
                    .unwrap_or_default();
                for (direction, n) in [
                    ("up", up),
                    ("down", down),
                    ("same", both_years.saturating_sub(up + down)),
                ] {
                    r.push(format!(
                        "<span data-district-code=\"{}\" data-dimension=\"{}\" \
                         data-direction=\"{direction}\" data-count=\"{n}\">{n}</span>",
                        esc(code),
                        dim.key()
                    ));
                }
            }
            r
        })
        .collect();
    table("moves-by-district", &head, &rows)
}

/// The units that changed level.
fn moves_list(m: &Model, other: i32, moves: &[data::Move]) -> String {
    let rows: Vec<Vec<String>> = moves
        .iter()
        .map(|x| {
            vec![
                esc(&x.unit),
                esc(&m.district_name(&x.district_code)),
                both(Text::PageDimension { dim: x.dim }),
                level_text(Some(x.before)),
                level_text(Some(x.after)),
            ]
        })
        .collect();
    let head = [
        both(Text::PageUnit),
        both(Text::PageDistrict),
        both(Text::PageMeasure),
        both(Text::PageLevelIn { year: other }),
        both(Text::PageLevelIn { year: m.input.year }),
    ];
    format!(
        "<h4>{}</h4>{}",
        both(Text::PageMovedUnits { n: moves.len() }),
        table("moves", &head, &rows)
    )
}

/// The clerk's action for a code (docs/codes.md), code spans kept.
fn action(code: &str) -> String {
    let Some(a) = Code::ALL
        .iter()
        .find(|c| c.as_str() == code)
        .and_then(|c| c.action())
    else {
        return String::new();
    };
    format!(
        "<span class=\"vi\" lang=\"vi\">{}</span><span class=\"en\" lang=\"en\">{}</span>",
        code_spans(&esc(a.vi)),
        code_spans(&esc(a.en))
    )
}

/// `` `x` `` → `<code>x</code>` in escaped text (backticks are not escaped, a lone one is kept).
fn code_spans(escaped: &str) -> String {
    let parts: Vec<&str> = escaped.split('`').collect();
    if parts.len().is_multiple_of(2) {
        return escaped.to_string();
    }
    let mut s = String::new();
    for (i, p) in parts.iter().enumerate() {
        if i % 2 == 1 {
            let _ = write!(s, "<code>{p}</code>");
        } else {
            s.push_str(p);
        }
    }
    s
}

/// Every finding, grouped by file (in the order files first appear; those about no file last).
fn findings(m: &Model) -> String {
    let mut s = format!(
        "<section id=\"findings\"><h2>{}</h2>",
        both(Text::PageFindingsHeading {
            n: m.findings.len()
        })
    );
    if m.findings.is_empty() {
        let _ = writeln!(s, "<p>{}</p></section>", both(Text::PageNoFindings));
        return s;
    }
    let mut files: Vec<Option<&str>> = Vec::new();
    for f in &m.findings {
        if !files.contains(&f.file.as_deref()) {
            files.push(f.file.as_deref());
        }
    }
    files.sort_by_key(|f| f.is_none());
    let head = [
        both(Text::PagePlace),
        both(Text::PageCode),
        both(Text::PageMessage),
        both(Text::PageAction),
    ];
    for file in files {
        let total = m
            .findings
            .iter()
            .filter(|f| f.file.as_deref() == file)
            .count();
        let rows: Vec<Vec<String>> = m
            .findings
            .iter()
            .filter(|f| f.file.as_deref() == file)
            .take(MAX_ROWS)
            .map(|f| {
                vec![
                    esc(&f.place()),
                    format!(
                        "<code class=\"{}\">{}</code>",
                        esc(&f.severity),
                        esc(&f.code)
                    ),
                    message(f),
                    action(&f.code),
                ]
            })
            .collect();
        let name = file.map_or_else(|| both(Text::PageNoFile), esc);
        let _ = write!(
            s,
            "<h3>{name}</h3>{}",
            table_of("findings", &head, &rows, total)
        );
    }
    s.push_str("</section>\n");
    s
}

/// The rejected rows with their raw values.
fn rejects(m: &Model) -> String {
    let mut s = format!(
        "<section id=\"rejects\"><h2>{}</h2>",
        both(Text::PageRejectsHeading { n: m.rejects.len() })
    );
    if m.rejects.is_empty() {
        let _ = writeln!(s, "<p>{}</p></section>", both(Text::PageNoRejects));
        return s;
    }
    let rows: Vec<Vec<String>> = m
        .rejects
        .iter()
        .take(MAX_ROWS)
        .map(|r| {
            vec![
                esc(&r.file),
                esc(r.sheet.as_deref().unwrap_or("")),
                r.row.map_or_else(String::new, |n| n.to_string()),
                esc(r.cell.as_deref().unwrap_or("")),
                format!("<code>{}</code>", esc(&r.code)),
                pair(&r.message_vi, &r.message_en),
                format!(
                    "<span class=\"raw\">{}</span>",
                    esc(r.raw_values.as_deref().unwrap_or(""))
                ),
            ]
        })
        .collect();
    let head = [
        both(Text::PageFile),
        both(Text::PageSheet),
        both(Text::PageRow),
        both(Text::PageCell),
        both(Text::PageCode),
        both(Text::PageMessage),
        both(Text::PageRawValues),
    ];
    s.push_str(&table_of("rejects", &head, &rows, m.rejects.len()));
    s.push_str("</section>\n");
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_is_escaped_and_code_spans_kept() {
        assert_eq!(
            esc("<a href='x'>&\"</a>"),
            "&lt;a href=&#39;x&#39;&gt;&amp;&quot;&lt;/a&gt;"
        );
        assert_eq!(
            code_spans("run `egov-etl units` now"),
            "run <code>egov-etl units</code> now"
        );
        assert_eq!(code_spans("a lone ` stays"), "a lone ` stays");
    }

    #[test]
    fn an_empty_snapshot_gives_a_whole_page() {
        let report = serde_json::json!({});
        let page = report_of(&[], &report, Lang::En);
        assert!(page.starts_with("<!DOCTYPE html>\n<html lang=\"en\" class=\"en\""));
        assert_eq!(page.matches("<h1>").count(), 1);
        assert!(page.ends_with("</html>\n"));
        assert!(!page.contains("id=\"years\""));
        assert!(page.contains("This year has no published decision to compare with."));
    }

    #[test]
    fn a_huge_year_gives_a_page_of_bounded_size() {
        use crate::emit::{Column, ColumnData};
        let n = 7 * MAX_POINTS / 2;
        let col = |name: &str, data: ColumnData| Column {
            name: name.to_string(),
            data,
        };
        let text = |f: &dyn Fn(usize) -> String| {
            (0..n).map(|i| Some(f(i))).collect::<crate::emit::Texts>()
        };
        let communes = OutTable {
            name: "commune".to_string(),
            columns: vec![
                col(
                    "commune_code",
                    ColumnData::Str(text(&|i| format!("{i:05}"))),
                ),
                col("commune_type", ColumnData::Str(text(&|_| "Xã".to_string()))),
                col(
                    "commune_name",
                    ColumnData::Str(text(&|i| format!("Tân {i}"))),
                ),
                col(
                    "district_code",
                    ColumnData::Str(text(&|i| format!("{:03}", i / 300))),
                ),
                col(
                    "district_name",
                    ColumnData::Str(text(&|i| format!("Số {}", i / 300))),
                ),
                col(
                    "achieved_score",
                    ColumnData::F64((0..n).map(|i| Some((i % 60) as f64)).collect()),
                ),
                col(
                    "readiness_score",
                    ColumnData::F64((0..n).map(|i| Some((i % 30) as f64)).collect()),
                ),
                col(
                    "achieved_level",
                    ColumnData::Level((0..n).map(|_| Some(Level::II)).collect()),
                ),
            ],
        };
        let empty = OutTable {
            name: "district".to_string(),
            columns: Vec::new(),
        };
        let page = report_of(&[empty, communes], &serde_json::json!({}), Lang::En);
        let points = page.matches("<circle").count();
        assert!(
            (MAX_POINTS / 2..=MAX_POINTS).contains(&points),
            "{points} points"
        );
        assert!(page.contains(&format!("{points} of the {n} communes are drawn")));
        let more = n - MAX_ROWS;
        assert!(
            page.contains(&format!("… and {more} more rows")),
            "the more-rows line"
        );
        assert!(page.len() < 3_000_000, "{} bytes", page.len());
    }

    fn report_of(tables: &[OutTable], json: &Value, lang: Lang) -> String {
        super::report(&Input {
            year: 2021,
            lang,
            tables,
            report: json,
            others: &[],
        })
    }
}
