//! A map per year: once a pipeline is read, each year's own gazetteer (a GSO list of its
//! evaluation's date) and crosswalk are read and checked against each other and against the
//! year's rule sets: a year whose map has no districts takes commune rule sets only, and a
//! crosswalk may name only communes of the year's map. Every problem is a `config-error` at its
//! line (of the pipeline file, or of the crosswalk).

use std::path::{Path, PathBuf};
use std::sync::Arc;

use crate::core::UnitLevel;
use crate::crosswalk::{Crosswalk, History};
use crate::finding::{Code, Finding, Location};
use crate::gazetteer::Gazetteer;
use crate::pipeline::{Pipeline, Year};
use crate::words::Text;

/// A `config-error` at a line of a file.
fn error_at(file: &str, line: u32, problem: Text) -> Finding {
    Finding::new(
        Code::ConfigError,
        Location::line(file, line),
        Text::ConfigAtLine {
            line,
            problem: Box::new(problem),
        }
        .into(),
    )
}

/// Reads a GSO-shaped list of units from its path (the caller's cache of gazetteers, so that a
/// map is read once per process however many years and pipelines name it).
pub type MapLoader<'a> = dyn FnMut(&Path) -> Result<Arc<Gazetteer>, String> + 'a;

/// A crosswalk as read: its rows, the file's sha256 and size.
type ReadCrosswalk = Arc<(Crosswalk, String, u64)>;

/// Maps read through the loader, crosswalks read once however many years name them.
struct Cache<'a, 'b> {
    load: &'a mut MapLoader<'b>,
    crosswalks: Vec<(PathBuf, ReadCrosswalk)>,
}

/// Reads every year's own map and crosswalk into the pipeline (`Year::map`, `Year::history`),
/// checked; `default` is the map of years that name none (the pipeline's, else the embedded
/// list), `load` reads a map file. All errors are returned together.
pub fn attach(
    p: &mut Pipeline,
    default: &Gazetteer,
    load: &mut MapLoader,
) -> Result<(), Vec<Finding>> {
    let mut cache = Cache {
        load,
        crosswalks: Vec::new(),
    };
    let mut errors = Vec::new();
    let shown = p.path.display().to_string();
    let province = p.province_code.clone();
    let mut years = std::mem::take(&mut p.years);
    for y in &mut years {
        if let Err(mut e) = attach_year(p, y, default, &province, &shown, &mut cache) {
            errors.append(&mut e);
        }
    }
    p.years = years;
    if errors.is_empty() {
        Ok(())
    } else {
        Err(errors)
    }
}

/// One year: its map, its rule sets against the map, its crosswalk against the map.
fn attach_year(
    p: &Pipeline,
    y: &mut Year,
    default: &Gazetteer,
    province: &str,
    shown: &str,
    cache: &mut Cache,
) -> Result<(), Vec<Finding>> {
    let line = y.lines.gazetteer.unwrap_or(y.lines.year);
    if let Some(path) = y.gazetteer.clone() {
        let map = (cache.load)(&path).map_err(|error| {
            let year = y.year;
            vec![error_at(
                shown,
                line,
                Text::YearMapUnreadable { year, error },
            )]
        })?;
        if map.province(province).is_none() {
            let code = province.to_string();
            return Err(vec![error_at(
                shown,
                line,
                Text::ProvinceNotInGazetteer { code },
            )]);
        }
        y.map = Some(map);
    }
    let map: &Gazetteer = y.map.as_deref().unwrap_or(default);
    let mut errors = district_rule_sets(y, map, shown);
    if let Some(path) = y.crosswalk.clone() {
        match history_of(p, y, map, &path, cache) {
            Ok(h) => y.history = Some(Arc::new(h)),
            Err(mut e) => errors.append(&mut e),
        }
    }
    if errors.is_empty() {
        Ok(())
    } else {
        Err(errors)
    }
}

/// A map, read once.
/// A year whose map has no districts: each district rule set is an error at its line.
fn district_rule_sets(y: &Year, map: &Gazetteer, shown: &str) -> Vec<Finding> {
    if map.has_districts() {
        return Vec::new();
    }
    y.rule_sets
        .iter()
        .zip(&y.lines.rule_sets)
        .filter(|(r, _)| r.unit_level == UnitLevel::District)
        .map(|(_, &line)| {
            let (year, map) = (y.year, map.source.clone());
            error_at(
                shown,
                line,
                Text::DistrictRuleSetWithoutDistricts { year, map },
            )
        })
        .collect()
}

/// The year's mapping from its crosswalk; errors at the crosswalk's lines (or at the pipeline's
/// `crosswalk` line when the file cannot be read).
fn history_of(
    p: &Pipeline,
    y: &Year,
    map: &Gazetteer,
    path: &Path,
    cache: &mut Cache,
) -> Result<History, Vec<Finding>> {
    let file = p.shown(path);
    let read = match cache.crosswalks.iter().find(|(c, _)| c == path) {
        Some((_, read)) => read.clone(),
        None => {
            let bytes = std::fs::read(path).map_err(|e| {
                let line = y.lines.crosswalk.unwrap_or(y.lines.year);
                let error = format!("{file}: {e}");
                vec![error_at(
                    &p.path.display().to_string(),
                    line,
                    Text::CrosswalkUnreadable { error },
                )]
            })?;
            let text = String::from_utf8_lossy(&bytes);
            let crosswalk =
                Crosswalk::read(&text).map_err(|(line, t)| vec![error_at(&file, line, *t)])?;
            let sha = crate::core::sha256_hex(&bytes);
            let read = Arc::new((crosswalk, sha, bytes.len() as u64));
            cache.crosswalks.push((path.to_path_buf(), read.clone()));
            read
        }
    };
    let (crosswalk, sha, bytes) = read.as_ref();
    let pairs = History::of_year(crosswalk, map, y.year, &map.source).map_err(|errors| {
        errors
            .into_iter()
            .map(|(line, t)| error_at(&file, line, *t))
            .collect::<Vec<_>>()
    })?;
    Ok(History::new(pairs, file, sha.clone(), *bytes))
}
