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
use crate::finding::{Code, Finding, Location};
use crate::words::Text;

// ---------------------------------------------------------------------------------------------
// The file as written.

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct PipelineFile {
    name: String,
    province: Spanned<String>,
    gazetteer: Option<String>,
    crosswalk: Option<Spanned<String>>,
    output: Option<String>,
    on_error: Option<Spanned<String>>,
    #[serde(default)]
    ranking: Option<RankingFile>,
    #[serde(default)]
    limits: Option<LimitsFile>,
    #[serde(default)]
    aliases: Option<AliasesFile>,
    #[serde(default)]
    publish: Option<PublishFile>,
    #[serde(rename = "year", default)]
    years: Vec<Spanned<YearFile>>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RankingFile {
    districts: Spanned<Vec<String>>,
}

#[derive(Debug, Deserialize, Default)]
#[serde(deny_unknown_fields)]
struct PublishFile {
    authority: Option<String>,
    decision: Option<String>,
    date: Option<String>,
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
    gazetteer: Option<Spanned<String>>,
    crosswalk: Option<Spanned<String>>,
    scope: Option<Spanned<Vec<String>>>,
    #[serde(default)]
    not_evaluated: Vec<String>,
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

/// The title lines of the annexes (`phu-luc.xlsx`): who issues the decision, its number and its
/// date, as the decision writes them; blank placeholders when not given.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Publish {
    /// "Chủ tịch Ủy ban nhân dân tỉnh Khánh Hòa"; the province's chairman when not given.
    pub authority: Option<String>,
    /// "644/QĐ-UBND".
    pub decision: Option<String>,
    /// "15/3/2021".
    pub date: Option<String>,
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
    /// Units the province does not evaluate this year (a district's code covers its communes):
    /// neither expected nor missing.
    pub not_evaluated: Vec<String>,
    pub pins: Vec<Pin>,
    pub rule_sets: Vec<RuleSet>,
    /// The year's own map (a GSO list of the evaluation's date), when it names one.
    pub gazetteer: Option<PathBuf>,
    /// The crosswalk of the year's units to today's (the year's own, else the pipeline's).
    pub crosswalk: Option<PathBuf>,
    /// Lines of the pipeline file, for errors found once the year's map is read.
    pub lines: YearLines,
    /// The year's map and crosswalk, read and checked by [`crate::maps::attach`]; `None` until
    /// then, and for a year on the pipeline's default map.
    pub map: Option<std::sync::Arc<crate::gazetteer::Gazetteer>>,
    pub history: Option<std::sync::Arc<crate::crosswalk::History>>,
}

/// Where a year's keys are written in the pipeline file (1-based lines).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct YearLines {
    pub year: u32,
    pub gazetteer: Option<u32>,
    pub crosswalk: Option<u32>,
    /// One per rule set, in the order of `rule_sets`.
    pub rule_sets: Vec<u32>,
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
    /// What an incomplete year does to a complete snapshot of the same year.
    pub on_error: OnError,
    pub ranking: Vec<RankKey>,
    pub limits: Limits,
    pub aliases: Aliases,
    /// The annexes' title lines (`[publish]`).
    pub publish: Publish,
    pub years: Vec<Year>,
}

/// What an incomplete year (a file or unit missing or rejected) does to a complete snapshot of
/// the same year.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum OnError {
    /// The complete snapshot stays `<year>/`; the incomplete one is written as
    /// `<year>.incomplete/` (the default: a province publishes from a complete year).
    #[default]
    KeepPrevious,
    /// The incomplete one becomes `<year>/`; the complete one is kept as `<year>.previous/`.
    Replace,
}

impl OnError {
    pub fn parse(s: &str) -> Option<OnError> {
        match s.trim() {
            "keep-previous" => Some(OnError::KeepPrevious),
            "replace" => Some(OnError::Replace),
            _ => None,
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            OnError::KeepPrevious => "keep-previous",
            OnError::Replace => "replace",
        }
    }
}

/// Where a pipeline's output goes when it does not say: `output/` in its root (for run.json of a
/// run whose pipeline cannot be used).
pub fn default_output(pipeline: &Path) -> PathBuf {
    let base = absolute(pipeline.parent().unwrap_or(Path::new(".")));
    relative_to_cwd(&root_of(&base).join("output"))
}

/// A path shown relative to the working folder when it lies inside it ("output"), else whole.
fn relative_to_cwd(path: &Path) -> PathBuf {
    let cwd = std::env::current_dir().unwrap_or_default();
    match path.strip_prefix(&cwd) {
        Ok(rel) if rel.as_os_str().is_empty() => PathBuf::from("."),
        Ok(rel) => rel.to_path_buf(),
        Err(_) => path.to_path_buf(),
    }
}

/// The folder a pipeline's relative outputs start from: its folder, or the parent of a
/// `pipelines` folder.
fn root_of(base: &Path) -> PathBuf {
    match (base.file_name(), base.parent()) {
        (Some(name), Some(parent)) if name == "pipelines" => parent.to_path_buf(),
        _ => base.to_path_buf(),
    }
}

impl Pipeline {
    /// The folder that paths in outputs, reports and fingerprints are relative to, whatever the
    /// working folder: the pipeline file's folder, or its parent when that folder is named
    /// `pipelines` (the documented layout: `pipelines/`, `raw/` and `output/` side by side).
    pub fn root(&self) -> PathBuf {
        let dir = absolute(self.path.parent().unwrap_or(Path::new(".")));
        match (dir.file_name(), dir.parent()) {
            (Some(name), Some(parent)) if name == "pipelines" => parent.to_path_buf(),
            _ => dir,
        }
    }

    /// A path as outputs show it: relative to [`Pipeline::root`] ("raw/2020/x.xlsx"), or
    /// absolute when it lies outside.
    pub fn shown(&self, path: &Path) -> String {
        let abs = absolute(path);
        let shown = abs.strip_prefix(self.root()).unwrap_or(&abs);
        shown
            .components()
            .map(|c| c.as_os_str().to_string_lossy())
            .collect::<Vec<_>>()
            .join("/")
            .replace("//", "/")
    }
}

/// A path made absolute (against the working folder) and cleaned of "." and "..", lexically.
pub fn absolute(path: &Path) -> PathBuf {
    let joined = if path.is_absolute() {
        path.to_path_buf()
    } else {
        std::env::current_dir().unwrap_or_default().join(path)
    };
    join_clean(&joined, ".")
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

/// The errors found while checking a pipeline, each a `config-error` at the line of its key.
struct Errors<'a> {
    text: &'a str,
    shown: &'a str,
    found: Vec<Finding>,
}

impl Errors<'_> {
    /// An error at the line where `span` starts.
    fn at(&mut self, span: Range<usize>, problem: Text) {
        let line = line_of(self.text, span);
        self.found.push(config_error(self.shown, line, problem));
    }
}

/// A `config-error` finding at a line of the pipeline file.
fn config_error(shown: &str, line: u32, problem: Text) -> Finding {
    Finding::new(
        Code::ConfigError,
        Location::line(shown, line),
        Text::ConfigAtLine {
            line,
            problem: Box::new(problem),
        }
        .into(),
    )
}

/// A year's `scope`: both levels when absent; an unknown or empty list is an error at its line.
fn parse_scope(scope: Option<&Spanned<Vec<String>>>, errors: &mut Errors) -> Scope {
    let Some(scope) = scope else {
        return Scope::default();
    };
    if scope.get_ref().is_empty() {
        errors.at(scope.span(), Text::ScopeEmpty);
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
            other => errors.at(
                scope.span(),
                Text::ScopeLevelUnknown {
                    given: other.to_string(),
                },
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
            Text::PipelineUnreadable {
                error: e.to_string(),
            }
            .into(),
        )]
    })?;
    parse(&text, path)
}

/// Parses and checks a pipeline given its text (`path` locates relative folders and messages).
pub fn parse(text: &str, path: &Path) -> Result<Pipeline, Vec<Finding>> {
    let shown = path.display().to_string();
    let file: PipelineFile = toml::from_str(text).map_err(|e| {
        let line = e.span().map(|s| line_of(text, s)).unwrap_or(1);
        let message = e.message().trim().to_string();
        vec![config_error(&shown, line, Text::PipelineSyntax { message })]
    })?;
    let base = path.parent().map(Path::to_path_buf).unwrap_or_default();
    let mut errors = Errors {
        text,
        shown: &shown,
        found: Vec::new(),
    };
    let province = check_province(&file.province, &mut errors);
    let ranking = parse_ranking(file.ranking.as_ref(), &mut errors);
    let limits = limits_from(file.limits.as_ref());
    let aliases = file.aliases.as_ref().map(aliases_from);
    let crosswalk = file
        .crosswalk
        .as_ref()
        .map(|c| existing_file(c, &base, &mut errors));
    let mut years = parse_years(&file.years, &base, &province, &mut errors);
    for y in &mut years {
        if y.crosswalk.is_none()
            && let (Some(path), Some(c)) = (&crosswalk, &file.crosswalk)
        {
            y.crosswalk = Some(path.clone());
            y.lines.crosswalk = Some(line_of(text, c.span()));
        }
    }
    let on_error = match &file.on_error {
        None => OnError::KeepPrevious,
        Some(v) => OnError::parse(v.get_ref()).unwrap_or_else(|| {
            errors.at(
                v.span(),
                Text::OnErrorUnknown {
                    given: v.get_ref().clone(),
                },
            );
            OnError::KeepPrevious
        }),
    };
    if !errors.found.is_empty() {
        return Err(errors.found);
    }
    Ok(Pipeline {
        name: file.name,
        path: path.to_path_buf(),
        source_text: text.to_string(),
        province_code: province,
        gazetteer: file.gazetteer.map(|g| join_clean(&base, &g)),
        output: relative_to_cwd(&join_clean(
            &root_of(&absolute(&base)),
            file.output.as_deref().unwrap_or("output"),
        )),
        on_error,
        ranking,
        limits,
        aliases: aliases.unwrap_or_default(),
        publish: file.publish.map(publish_from).unwrap_or_default(),
        years,
    })
}

/// A file the pipeline names (relative to its folder); a missing one is an error at its line.
fn existing_file(given: &Spanned<String>, base: &Path, errors: &mut Errors) -> PathBuf {
    let path = join_clean(base, given.get_ref());
    if !path.is_file() {
        let p = path.clone();
        errors.at(given.span(), Text::NamedFileMissing { path: p });
    }
    path
}

/// The province's GSO code, trimmed; anything but two digits is an error at its line.
fn check_province(province: &Spanned<String>, errors: &mut Errors) -> String {
    let code = province.get_ref().trim().to_string();
    if code.len() != 2 || !code.chars().all(|c| c.is_ascii_digit()) {
        errors.at(
            province.span(),
            Text::ProvinceCodeInvalid {
                given: code.clone(),
            },
        );
    }
    code
}

/// The districts' ranking keys: achieved level then total when the pipeline says nothing.
fn parse_ranking(ranking: Option<&RankingFile>, errors: &mut Errors) -> Vec<RankKey> {
    let Some(r) = ranking else {
        return vec![RankKey::AchievedLevel, RankKey::Total];
    };
    if r.districts.get_ref().is_empty() {
        errors.at(r.districts.span(), Text::RankingKeysEmpty);
    }
    let mut keys = Vec::new();
    for k in r.districts.get_ref() {
        match RankKey::parse(k) {
            Some(key) => keys.push(key),
            None => errors.at(
                r.districts.span(),
                Text::RankingKeyUnknown { key: k.clone() },
            ),
        }
    }
    keys
}

/// The default limits, with those the pipeline gives in their place.
/// `[publish]` as given, blanks taken as not given.
fn publish_from(file: PublishFile) -> Publish {
    let given = |v: Option<String>| v.map(|s| s.trim().to_string()).filter(|s| !s.is_empty());
    Publish {
        authority: given(file.authority),
        decision: given(file.decision),
        date: given(file.date),
    }
}

fn limits_from(file: Option<&LimitsFile>) -> Limits {
    let mut limits = Limits::default();
    if let Some(l) = file {
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
    limits
}

fn aliases_from(a: &AliasesFile) -> Aliases {
    Aliases {
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
    }
}

/// Every `[[year]]`, checked; a pipeline without any is an error.
fn parse_years(
    files: &[Spanned<YearFile>],
    base: &Path,
    province: &str,
    errors: &mut Errors,
) -> Vec<Year> {
    let mut years = Vec::new();
    if files.is_empty() {
        errors.at(0..0, Text::PipelineWithoutYear);
    }
    for y in files {
        if let Some(year) = parse_year(y, base, province, &years, errors) {
            years.push(year);
        }
    }
    years
}

/// One `[[year]]`: `None` when its year is not an evaluation year (nothing else of it is
/// checked then).
fn parse_year(
    y: &Spanned<YearFile>,
    base: &Path,
    province: &str,
    earlier: &[Year],
    errors: &mut Errors,
) -> Option<Year> {
    let yspan = y.span();
    let y = y.get_ref();
    let year_num = *y.year.get_ref();
    if !(2000..=2100).contains(&year_num) {
        errors.at(
            y.year.span(),
            Text::YearNotEvaluationYear { year: year_num },
        );
        return None;
    }
    let year_num = year_num as i32;
    if earlier.iter().any(|o| o.year == year_num) {
        errors.at(y.year.span(), Text::YearListedTwice { year: year_num });
    }
    let raw_dir = join_clean(base, y.raw.get_ref());
    if !raw_dir.is_dir() {
        let path = raw_dir.clone();
        errors.at(y.raw.span(), Text::RawFolderMissing { path });
    }
    let published = y.published.as_ref().map(|p| {
        let path = join_clean(base, p.get_ref());
        if !path.is_file() {
            errors.at(p.span(), Text::PublishedFileMissing { path: path.clone() });
        }
        path
    });
    let scope = parse_scope(y.scope.as_ref(), errors);
    let mut rule_sets: Vec<RuleSet> = Vec::new();
    let mut lines = YearLines {
        year: line_of(errors.text, y.year.span()),
        gazetteer: y.gazetteer.as_ref().map(|g| line_of(errors.text, g.span())),
        crosswalk: y.crosswalk.as_ref().map(|c| line_of(errors.text, c.span())),
        rule_sets: Vec::new(),
    };
    for rs in &y.rule_sets {
        if let Some(r) = parse_rule_set(rs, province, year_num, &rule_sets, errors) {
            rule_sets.push(r);
            lines.rule_sets.push(line_of(errors.text, rs.span()));
        }
    }
    if rule_sets.is_empty() {
        errors.at(yspan, Text::YearWithoutRuleSet { year: year_num });
    }
    let pins = y
        .pin
        .iter()
        .map(|p| Pin {
            file: p.file.clone(),
            district_code: p.district.clone(),
        })
        .collect();
    Some(Year {
        year: year_num,
        raw_dir,
        published,
        scope,
        not_evaluated: y
            .not_evaluated
            .iter()
            .map(|c| c.trim().to_string())
            .collect(),
        pins,
        rule_sets,
        gazetteer: y.gazetteer.as_ref().map(|g| existing_file(g, base, errors)),
        crosswalk: y.crosswalk.as_ref().map(|c| existing_file(c, base, errors)),
        lines,
        map: None,
        history: None,
    })
}

/// One `[[year.rule_set]]`, checked by the core; `None` when any of it is wrong.
fn parse_rule_set(
    rs: &Spanned<RuleSetFile>,
    province: &str,
    year: i32,
    earlier: &[RuleSet],
    errors: &mut Errors,
) -> Option<RuleSet> {
    let span = rs.span();
    let rs = rs.get_ref();
    let level = one_of(
        &rs.level,
        &[
            ("district", UnitLevel::District),
            ("commune", UnitLevel::Commune),
        ],
        |given| Text::RuleSetLevelUnknown { given },
        errors,
    );
    let dimension = one_of(
        &rs.dimension,
        &[
            ("achieved", Dimension::Achieved),
            ("readiness", Dimension::Readiness),
        ],
        |given| Text::RuleSetDimensionUnknown { given },
        errors,
    );
    let kind = one_of(
        &rs.cutoff_unit,
        &[
            ("points", CutoffKind::Points),
            ("percent", CutoffKind::Percent),
        ],
        |given| Text::CutoffUnitUnknown { given },
        errors,
    );
    let status = one_of(
        &rs.status,
        &[
            ("official", RuleStatus::Official),
            ("fitted", RuleStatus::Fitted),
        ],
        |given| Text::RuleStatusUnknown { given },
        errors,
    );
    let cutoffs = parse_cutoffs(&rs.cutoffs, errors);
    let (Some(level), Some(dimension), Some(kind), Some(status), Some(cutoffs)) =
        (level, dimension, kind, status, cutoffs)
    else {
        return None;
    };
    if earlier
        .iter()
        .any(|r| r.unit_level == level && r.dimension == dimension)
    {
        errors.at(span.clone(), Text::RuleSetTwice { level, dimension });
    }
    match RuleSet::new(
        province, year, level, dimension, rs.maximum, kind, cutoffs, status, &rs.basis,
    ) {
        Ok(r) => Some(r),
        Err(error) => {
            // Cut-off problems point at the `cutoffs` line, a bad maximum at the rule set (its
            // `maximum` carries no span).
            let at = match error {
                RuleSetError::MaximumNotPositive(_) => span,
                _ => rs.cutoffs.span(),
            };
            errors.at(at, Text::RuleSetRefused { error });
            None
        }
    }
}

/// A key that takes one of a few words; any other word is an error at its line.
fn one_of<T: Copy>(
    value: &Spanned<String>,
    words: &[(&str, T)],
    unknown: fn(String) -> Text,
    errors: &mut Errors,
) -> Option<T> {
    let given = value.get_ref();
    match words.iter().find(|(word, _)| word == given) {
        Some((_, t)) => Some(*t),
        None => {
            errors.at(value.span(), unknown(given.clone()));
            None
        }
    }
}

/// The cut-offs of levels I..IV, all four required.
fn parse_cutoffs(
    cutoffs: &Spanned<BTreeMap<String, f64>>,
    errors: &mut Errors,
) -> Option<[f64; 4]> {
    let mut cut: [Option<f64>; 4] = [None; 4];
    for (k, v) in cutoffs.get_ref() {
        match Level::parse(k) {
            Some(l) if l != Level::NotRanked => cut[l as usize] = Some(*v),
            _ => errors.at(
                cutoffs.span(),
                Text::CutoffLevelUnknown { given: k.clone() },
            ),
        }
    }
    match cut {
        [Some(a), Some(b), Some(c), Some(d)] => Some([a, b, c, d]),
        _ => {
            errors.at(cutoffs.span(), Text::CutoffsIncomplete);
            None
        }
    }
}
