//! Pipelines are data: `pipelines/*.toml`, read exactly as written (unknown keys refused), then
//! checked into a `Pipeline`. Every error is collected with the file and line it comes from.

use std::collections::BTreeMap;
use std::ops::Range;
use std::path::{Path, PathBuf};

use serde::Deserialize;
use toml::Spanned;

use crate::core::ranking::RankKey;
use crate::core::rule_set::RuleSetError;
use crate::core::{CutoffKind, Dimension, Level, RuleSet, RuleStatus, UnitLevel};
use crate::finding::{Code, Finding, Location, Message};

// ---------------------------------------------------------------------------------------------
// The file as written.

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct PipelineFile {
    name: String,
    province: Spanned<String>,
    gazetteer: Option<String>,
    output: Option<String>,
    #[serde(default)]
    ranking: Option<RankingFile>,
    #[serde(default)]
    limits: Option<LimitsFile>,
    #[serde(default)]
    aliases: Option<AliasesFile>,
    #[serde(rename = "year", default)]
    years: Vec<Spanned<YearFile>>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RankingFile {
    districts: Spanned<Vec<String>>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct LimitsFile {
    max_file_bytes: Option<u64>,
    max_uncompressed_bytes: Option<u64>,
    max_cells_per_sheet: Option<u64>,
    max_cell_chars: Option<u64>,
}

#[derive(Debug, Deserialize, Default)]
#[serde(deny_unknown_fields)]
struct AliasesFile {
    #[serde(default)]
    row_number: Vec<String>,
    #[serde(default)]
    unit: Vec<String>,
    #[serde(default)]
    achieved: Vec<String>,
    #[serde(default)]
    readiness: Vec<String>,
    #[serde(default)]
    achieved_caption: Vec<String>,
    #[serde(default)]
    readiness_caption: Vec<String>,
    #[serde(default)]
    score: Vec<String>,
    #[serde(default)]
    level: Vec<String>,
    #[serde(default)]
    maximum: Vec<String>,
    #[serde(default)]
    not_applicable: Vec<String>,
    #[serde(default)]
    applicable_max: Vec<String>,
    #[serde(default)]
    raw_points: Vec<String>,
    #[serde(default)]
    percent: Vec<String>,
    #[serde(default)]
    converted: Vec<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct YearFile {
    year: Spanned<i64>,
    raw: Spanned<String>,
    published: Option<Spanned<String>>,
    scope: Option<Spanned<Vec<String>>>,
    #[serde(default)]
    pin: Vec<PinFile>,
    #[serde(rename = "rule_set", default)]
    rule_sets: Vec<Spanned<RuleSetFile>>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct PinFile {
    file: String,
    district: String,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RuleSetFile {
    level: Spanned<String>,
    dimension: Spanned<String>,
    maximum: f64,
    cutoff_unit: Spanned<String>,
    cutoffs: Spanned<BTreeMap<String, f64>>,
    status: Spanned<String>,
    basis: String,
}

// ---------------------------------------------------------------------------------------------
// The checked pipeline.

/// Limits that keep memory bounded; each breach is a located error.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Limits {
    pub max_file_bytes: u64,
    pub max_uncompressed_bytes: u64,
    pub max_cells_per_sheet: u64,
    pub max_cell_chars: u64,
}

impl Default for Limits {
    fn default() -> Limits {
        Limits {
            max_file_bytes: 64 * 1024 * 1024,
            max_uncompressed_bytes: 512 * 1024 * 1024,
            max_cells_per_sheet: 5_000_000,
            max_cell_chars: 10_000,
        }
    }
}

/// Extra header labels, per column role, added to the built-in ones.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Aliases {
    pub row_number: Vec<String>,
    pub unit: Vec<String>,
    /// Words naming the achieved dimension, in a header cell, a group cell or a caption.
    pub achieved: Vec<String>,
    pub readiness: Vec<String>,
    /// Captions above a table that name its dimension ("Phần A", "Biểu 1").
    pub achieved_caption: Vec<String>,
    pub readiness_caption: Vec<String>,
    pub score: Vec<String>,
    pub level: Vec<String>,
    pub maximum: Vec<String>,
    pub not_applicable: Vec<String>,
    pub applicable_max: Vec<String>,
    pub raw_points: Vec<String>,
    pub percent: Vec<String>,
    pub converted: Vec<String>,
}

/// A file pinned to a district (when neither headings nor titles say which).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Pin {
    pub file: String,
    pub district_code: String,
}

/// The unit levels a year's submissions cover (`scope = ["district", "commune"]`): a province
/// may publish district results only, or communes only. Units outside it are not missing.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Scope {
    pub district: bool,
    pub commune: bool,
}

impl Default for Scope {
    /// Both levels, when the pipeline says nothing.
    fn default() -> Scope {
        Scope {
            district: true,
            commune: true,
        }
    }
}

impl Scope {
    pub fn contains(self, level: UnitLevel) -> bool {
        match level {
            UnitLevel::District => self.district,
            UnitLevel::Commune => self.commune,
            UnitLevel::Province => false,
        }
    }
}

/// One evaluation year of a pipeline.
#[derive(Debug, Clone)]
pub struct Year {
    pub year: i32,
    pub raw_dir: PathBuf,
    pub published: Option<PathBuf>,
    pub scope: Scope,
    pub pins: Vec<Pin>,
    pub rule_sets: Vec<RuleSet>,
}

impl Year {
    pub fn rule_set(&self, level: UnitLevel, dimension: Dimension) -> Option<&RuleSet> {
        self.rule_sets
            .iter()
            .find(|r| r.unit_level == level && r.dimension == dimension)
    }
}

/// A checked pipeline.
#[derive(Debug, Clone)]
pub struct Pipeline {
    pub name: String,
    pub path: PathBuf,
    /// The file's text, part of each year's fingerprint.
    pub source_text: String,
    pub province_code: String,
    pub gazetteer: Option<PathBuf>,
    pub output: PathBuf,
    pub ranking: Vec<RankKey>,
    pub limits: Limits,
    pub aliases: Aliases,
    pub years: Vec<Year>,
}

/// Joins a relative path to a base and removes "." and ".." lexically, so that reports show
/// "raw/2020/x.xlsx" rather than "pipelines/../raw/2020/x.xlsx".
fn join_clean(base: &Path, rel: &str) -> PathBuf {
    use std::path::Component;
    let mut out = PathBuf::new();
    for c in base.join(rel).components() {
        match c {
            Component::CurDir => {}
            Component::ParentDir => {
                let last = out.components().next_back();
                if matches!(last, Some(Component::Normal(_))) {
                    out.pop();
                } else {
                    out.push("..");
                }
            }
            other => out.push(other.as_os_str()),
        }
    }
    out
}

/// A year's `scope`: both levels when absent; an unknown or empty list is an error at its line.
fn parse_scope(
    scope: Option<&Spanned<Vec<String>>>,
    err: &mut dyn FnMut(Range<usize>, String, String),
) -> Scope {
    let Some(scope) = scope else {
        return Scope::default();
    };
    if scope.get_ref().is_empty() {
        err(
            scope.span(),
            "scope is empty: give \"district\", \"commune\" or both".into(),
            "scope rỗng: cần \"district\", \"commune\" hoặc cả hai".into(),
        );
        return Scope::default();
    }
    let mut out = Scope {
        district: false,
        commune: false,
    };
    for level in scope.get_ref() {
        match level.as_str() {
            "district" => out.district = true,
            "commune" => out.commune = true,
            other => err(
                scope.span(),
                format!("unknown scope {other:?} (district, commune)"),
                format!("phạm vi không hợp lệ {other:?} (district, commune)"),
            ),
        }
    }
    out
}

fn line_of(text: &str, span: Range<usize>) -> u32 {
    let end = span.start.min(text.len());
    text.as_bytes()[..end]
        .iter()
        .filter(|&&b| b == b'\n')
        .count() as u32
        + 1
}

/// Reads and checks a pipeline file. Paths inside are relative to the file's folder.
pub fn load(path: &Path) -> Result<Pipeline, Vec<Finding>> {
    let shown = path.display().to_string();
    let text = std::fs::read_to_string(path).map_err(|e| {
        vec![Finding::new(
            Code::ConfigError,
            Location::file(&shown),
            Message::new(
                format!("Không đọc được tệp cấu hình: {e}"),
                format!("cannot read the pipeline file: {e}"),
            ),
        )]
    })?;
    parse(&text, path)
}

/// Parses and checks a pipeline given its text (`path` locates relative folders and messages).
pub fn parse(text: &str, path: &Path) -> Result<Pipeline, Vec<Finding>> {
    let shown = path.display().to_string();
    let file: PipelineFile = toml::from_str(text).map_err(|e| {
        let line = e.span().map(|s| line_of(text, s)).unwrap_or(1);
        let msg = e.message().trim().to_string();
        vec![Finding::new(
            Code::ConfigError,
            Location::line(&shown, line),
            Message::new(
                format!("Tệp cấu hình sai, dòng {line}: {msg}"),
                format!("line {line}: {msg}"),
            ),
        )]
    })?;
    let base = path.parent().map(Path::to_path_buf).unwrap_or_default();
    let mut errors = Vec::new();
    let mut err = |span: Range<usize>, en: String, vi: String| {
        let line = line_of(text, span);
        errors.push(Finding::new(
            Code::ConfigError,
            Location::line(&shown, line),
            Message::new(
                format!("Tệp cấu hình sai, dòng {line}: {vi}"),
                format!("line {line}: {en}"),
            ),
        ));
    };

    let province = file.province.get_ref().trim().to_string();
    if province.len() != 2 || !province.chars().all(|c| c.is_ascii_digit()) {
        err(
            file.province.span(),
            format!("province must be a 2-digit GSO code, not {province:?}"),
            format!("mã tỉnh phải là mã GSO 2 chữ số, không phải {province:?}"),
        );
    }

    let ranking = match &file.ranking {
        None => vec![RankKey::AchievedLevel, RankKey::Total],
        Some(r) => {
            let mut keys = Vec::new();
            if r.districts.get_ref().is_empty() {
                err(
                    r.districts.span(),
                    "ranking.districts is empty: give at least one key".into(),
                    "ranking.districts rỗng: cần ít nhất một khóa".into(),
                );
            }
            for k in r.districts.get_ref() {
                match RankKey::parse(k) {
                    Some(key) => keys.push(key),
                    None => err(
                        r.districts.span(),
                        format!(
                            "unknown ranking key {k:?} (achieved_level, readiness_level, achieved_score, readiness_score, total)"
                        ),
                        format!("khóa xếp hạng không hợp lệ {k:?}"),
                    ),
                }
            }
            keys
        }
    };

    let mut limits = Limits::default();
    if let Some(l) = &file.limits {
        if let Some(v) = l.max_file_bytes {
            limits.max_file_bytes = v;
        }
        if let Some(v) = l.max_uncompressed_bytes {
            limits.max_uncompressed_bytes = v;
        }
        if let Some(v) = l.max_cells_per_sheet {
            limits.max_cells_per_sheet = v;
        }
        if let Some(v) = l.max_cell_chars {
            limits.max_cell_chars = v;
        }
    }
    let aliases = file.aliases.as_ref().map(|a| Aliases {
        row_number: a.row_number.clone(),
        unit: a.unit.clone(),
        achieved: a.achieved.clone(),
        readiness: a.readiness.clone(),
        achieved_caption: a.achieved_caption.clone(),
        readiness_caption: a.readiness_caption.clone(),
        score: a.score.clone(),
        level: a.level.clone(),
        maximum: a.maximum.clone(),
        not_applicable: a.not_applicable.clone(),
        applicable_max: a.applicable_max.clone(),
        raw_points: a.raw_points.clone(),
        percent: a.percent.clone(),
        converted: a.converted.clone(),
    });

    let mut years = Vec::new();
    if file.years.is_empty() {
        err(
            0..0,
            "the pipeline has no [[year]]".into(),
            "cấu hình không có [[year]] nào".into(),
        );
    }
    for y in &file.years {
        let yspan = y.span();
        let y = y.get_ref();
        let year_num = *y.year.get_ref();
        if !(2000..=2100).contains(&year_num) {
            err(
                y.year.span(),
                format!("year {year_num} is not an evaluation year (2000-2100)"),
                format!("năm {year_num} không phải năm đánh giá (2000-2100)"),
            );
            continue;
        }
        let year_num = year_num as i32;
        if years.iter().any(|o: &Year| o.year == year_num) {
            err(
                y.year.span(),
                format!("year {year_num} is listed twice"),
                format!("năm {year_num} bị khai hai lần"),
            );
        }
        let raw_dir = join_clean(&base, y.raw.get_ref());
        if !raw_dir.is_dir() {
            err(
                y.raw.span(),
                format!("the raw folder {} does not exist", raw_dir.display()),
                format!("thư mục dữ liệu {} không tồn tại", raw_dir.display()),
            );
        }
        let published = y.published.as_ref().map(|p| {
            let path = join_clean(&base, p.get_ref());
            if !path.is_file() {
                err(
                    p.span(),
                    format!("the published decision {} does not exist", path.display()),
                    format!("tệp quyết định đã công bố {} không tồn tại", path.display()),
                );
            }
            path
        });
        let scope = parse_scope(y.scope.as_ref(), &mut err);
        let mut rule_sets: Vec<RuleSet> = Vec::new();
        for rs in &y.rule_sets {
            let span = rs.span();
            let rs = rs.get_ref();
            let level = match rs.level.get_ref().as_str() {
                "district" => Some(UnitLevel::District),
                "commune" => Some(UnitLevel::Commune),
                other => {
                    err(
                        rs.level.span(),
                        format!("unknown unit level {other:?} (district, commune)"),
                        format!("cấp đơn vị không hợp lệ {other:?}"),
                    );
                    None
                }
            };
            let dimension = match rs.dimension.get_ref().as_str() {
                "achieved" => Some(Dimension::Achieved),
                "readiness" => Some(Dimension::Readiness),
                other => {
                    err(
                        rs.dimension.span(),
                        format!("unknown dimension {other:?} (achieved, readiness)"),
                        format!("tiêu chí không hợp lệ {other:?}"),
                    );
                    None
                }
            };
            let kind = match rs.cutoff_unit.get_ref().as_str() {
                "points" => Some(CutoffKind::Points),
                "percent" => Some(CutoffKind::Percent),
                other => {
                    err(
                        rs.cutoff_unit.span(),
                        format!("unknown cutoff_unit {other:?} (points, percent)"),
                        format!("đơn vị ngưỡng không hợp lệ {other:?}"),
                    );
                    None
                }
            };
            let status = match rs.status.get_ref().as_str() {
                "official" => Some(RuleStatus::Official),
                "fitted" => Some(RuleStatus::Fitted),
                other => {
                    err(
                        rs.status.span(),
                        format!("unknown status {other:?} (official, fitted)"),
                        format!("trạng thái không hợp lệ {other:?}"),
                    );
                    None
                }
            };
            let mut cut: [Option<f64>; 4] = [None; 4];
            for (k, v) in rs.cutoffs.get_ref() {
                match Level::parse(k) {
                    Some(l) if l != Level::NotRanked => cut[l as usize] = Some(*v),
                    _ => err(
                        rs.cutoffs.span(),
                        format!("unknown level {k:?} in cutoffs (I, II, III, IV)"),
                        format!("mức không hợp lệ {k:?} trong ngưỡng (I, II, III, IV)"),
                    ),
                }
            }
            let cutoffs = match cut {
                [Some(a), Some(b), Some(c), Some(d)] => Some([a, b, c, d]),
                _ => {
                    err(
                        rs.cutoffs.span(),
                        "cutoffs must give I, II, III and IV".into(),
                        "ngưỡng phải có đủ I, II, III và IV".into(),
                    );
                    None
                }
            };
            if let (Some(level), Some(dimension), Some(kind), Some(status), Some(cutoffs)) =
                (level, dimension, kind, status, cutoffs)
            {
                if rule_sets
                    .iter()
                    .any(|r| r.unit_level == level && r.dimension == dimension)
                {
                    err(
                        span.clone(),
                        format!(
                            "a second rule set for {} {}",
                            level.as_str(),
                            dimension.key()
                        ),
                        "trùng bộ quy tắc".into(),
                    );
                }
                match RuleSet::new(
                    &province, year_num, level, dimension, rs.maximum, kind, cutoffs, status,
                    &rs.basis,
                ) {
                    Ok(r) => rule_sets.push(r),
                    Err(e) => err(
                        // Cut-off problems point at the `cutoffs` line, a bad maximum at the
                        // rule set (its `maximum` carries no span).
                        match e {
                            RuleSetError::MaximumNotPositive(_) => span,
                            _ => rs.cutoffs.span(),
                        },
                        format!("rule set refused: {e}"),
                        format!("bộ quy tắc không hợp lệ: {e}"),
                    ),
                }
            }
        }
        if rule_sets.is_empty() {
            err(
                yspan,
                format!("year {year_num} has no rule set"),
                format!("năm {year_num} không có bộ quy tắc"),
            );
        }
        let pins = y
            .pin
            .iter()
            .map(|p| Pin {
                file: p.file.clone(),
                district_code: p.district.clone(),
            })
            .collect();
        years.push(Year {
            year: year_num,
            raw_dir,
            published,
            scope,
            pins,
            rule_sets,
        });
    }
    if !errors.is_empty() {
        return Err(errors);
    }
    Ok(Pipeline {
        name: file.name,
        path: path.to_path_buf(),
        source_text: text.to_string(),
        province_code: province,
        gazetteer: file.gazetteer.map(|g| join_clean(&base, &g)),
        output: file
            .output
            .map(PathBuf::from)
            .unwrap_or_else(|| PathBuf::from("output")),
        ranking,
        limits,
        aliases: aliases.unwrap_or_default(),
        years,
    })
}
