//! Many pipelines in one run (`run --pipeline DIR`, `--pipeline` given several times): which
//! pipeline files a run takes, where each one's years go, which pipelines would write the same
//! snapshot folder (refused before anything is written), and the gazetteers they share (the
//! embedded list is loaded once per process). No printing: `cli` says what happened.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use crate::gazetteer::Gazetteer;
use crate::pipeline::{self, Pipeline};

/// Workbook extensions the tool reads (as `run` reads a raw folder).
pub const WORKBOOK_EXTENSIONS: [&str; 4] = ["xlsx", "xlsm", "xls", "ods"];

/// A pipeline argument that gives no pipeline file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ArgError {
    /// A folder without any `*.toml` file.
    NoPipelineIn(PathBuf),
    /// A folder that cannot be listed.
    Unreadable { path: PathBuf, error: String },
}

/// The pipeline files of the arguments, in the order given: a file as it is, a folder as every
/// `*.toml` file directly inside it, sorted by name. A file named twice is taken once.
pub fn pipeline_files(args: &[PathBuf]) -> Result<Vec<PathBuf>, ArgError> {
    let mut files: Vec<PathBuf> = Vec::new();
    let mut seen = std::collections::HashSet::new();
    for arg in args {
        let found = if arg.is_dir() {
            folder_files(arg, &|e| e == "toml")?
        } else {
            vec![arg.clone()]
        };
        for f in found {
            if seen.insert(pipeline::absolute(&f)) {
                files.push(f);
            }
        }
    }
    Ok(files)
}

/// The files `check` takes: a file as it is, a folder as its pipeline files (`*.toml`) and
/// workbooks (by extension, as a raw folder is read), sorted by name.
pub fn check_files(args: &[PathBuf]) -> Result<Vec<PathBuf>, ArgError> {
    let mut files = Vec::new();
    for arg in args {
        if arg.is_dir() {
            let ours = |e: &str| e == "toml" || WORKBOOK_EXTENSIONS.contains(&e);
            files.extend(folder_files(arg, &ours)?);
        } else {
            files.push(arg.clone());
        }
    }
    Ok(files)
}

/// The files directly inside `dir` whose extension (lower case) `keep` takes, sorted by name;
/// none is an error.
fn folder_files(dir: &Path, keep: &dyn Fn(&str) -> bool) -> Result<Vec<PathBuf>, ArgError> {
    let rd = std::fs::read_dir(dir).map_err(|e| ArgError::Unreadable {
        path: dir.to_path_buf(),
        error: e.to_string(),
    })?;
    let mut inside: Vec<PathBuf> = rd
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| {
            p.is_file()
                && p.extension()
                    .is_some_and(|e| keep(&e.to_string_lossy().to_lowercase()))
        })
        .collect();
    inside.sort();
    if inside.is_empty() {
        return Err(ArgError::NoPipelineIn(dir.to_path_buf()));
    }
    Ok(inside)
}

/// The folder a pipeline's name gives under `--out` when a run has several pipelines: its `name`
/// when that is a plain folder name, else the pipeline file's stem.
pub fn folder_name(p: &Pipeline) -> String {
    let plain = !p.name.is_empty()
        && !p.name.starts_with('.')
        && p.name != "run.json"
        && p.name
            .chars()
            .all(|c| c.is_alphanumeric() || matches!(c, '-' | '_' | '.' | ' '));
    if plain {
        return p.name.clone();
    }
    p.path
        .file_stem()
        .map(|s| s.to_string_lossy().to_string())
        .unwrap_or_else(|| "pipeline".to_string())
}

/// Where a pipeline's years go: `OUT/<name>/` with `--out` when the run has several pipelines,
/// `OUT/` with one, the pipeline's own `output` without `--out`.
pub fn out_root(p: &Pipeline, out: Option<&Path>, several: bool) -> PathBuf {
    match out {
        Some(out) if several => out.join(folder_name(p)),
        Some(out) => out.to_path_buf(),
        None => p.output.clone(),
    }
}

/// The pairs (by index) of output roots that are the same folder or lie one inside the other:
/// their snapshots and locks would meet. Compared as absolute, lexically cleaned paths, in NFC
/// and lower case (on a case-insensitive filesystem "Hanoi" and "hanoi" are one folder).
pub fn overlapping(roots: &[PathBuf]) -> Vec<(usize, usize)> {
    use unicode_normalization::UnicodeNormalization;
    let abs: Vec<PathBuf> = roots
        .iter()
        .map(|r| {
            let text = pipeline::absolute(r)
                .to_string_lossy()
                .nfc()
                .collect::<String>();
            PathBuf::from(text.to_lowercase())
        })
        .collect();
    let mut pairs = Vec::new();
    for i in 0..abs.len() {
        for j in i + 1..abs.len() {
            if abs[i].starts_with(&abs[j]) || abs[j].starts_with(&abs[i]) {
                pairs.push((i, j));
            }
        }
    }
    pairs
}

/// Gazetteers loaded once per process: the embedded list, and each file by its path.
#[derive(Default)]
pub struct Gazetteers {
    embedded: Option<Arc<Gazetteer>>,
    files: HashMap<PathBuf, Arc<Gazetteer>>,
}

impl Gazetteers {
    /// The gazetteer at `path` (a GSO-shaped CSV), or the embedded list; loaded the first time.
    pub fn get(&mut self, path: Option<&Path>) -> Result<Arc<Gazetteer>, String> {
        match path {
            None => {
                if let Some(g) = &self.embedded {
                    return Ok(Arc::clone(g));
                }
                let g = Arc::new(Gazetteer::embedded()?);
                self.embedded = Some(Arc::clone(&g));
                Ok(g)
            }
            Some(path) => {
                let key = pipeline::absolute(path);
                if let Some(g) = self.files.get(&key) {
                    return Ok(Arc::clone(g));
                }
                let text = std::fs::read_to_string(path)
                    .map_err(|e| format!("{}: {e}", path.display()))?;
                let name = path
                    .file_name()
                    .map(|n| n.to_string_lossy().to_string())
                    .unwrap_or_default();
                let g = Arc::new(Gazetteer::from_csv(&text, &name)?);
                self.files.insert(key, Arc::clone(&g));
                Ok(g)
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn overlapping_roots() {
        let roots = [
            PathBuf::from("/o/a"),
            PathBuf::from("/o/b"),
            PathBuf::from("/o/a/"),
            PathBuf::from("/o/b/../c"),
            PathBuf::from("/o/c/2020"),
            PathBuf::from("/o/ab"),
            PathBuf::from("/o/Khánh Hòa"),
            PathBuf::from("/o/khánh ho\u{300}a"),
        ];
        assert_eq!(overlapping(&roots), vec![(0, 2), (3, 4), (6, 7)]);
    }

    #[test]
    fn folders_of_pipelines() {
        let dir = std::env::temp_dir().join(format!("egov-batch-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(dir.join("sub")).expect("dir");
        for f in ["b.toml", "a.toml", "notes.txt", "sub/c.toml"] {
            std::fs::write(dir.join(f), "").expect("write");
        }
        let files =
            pipeline_files(&[dir.clone(), dir.join("a.toml"), dir.join("sub")]).expect("files");
        assert_eq!(
            files,
            vec![
                dir.join("a.toml"),
                dir.join("b.toml"),
                dir.join("sub/c.toml")
            ]
        );
        std::fs::remove_file(dir.join("sub/c.toml")).expect("rm");
        assert_eq!(
            pipeline_files(&[dir.join("sub")]),
            Err(ArgError::NoPipelineIn(dir.join("sub")))
        );
        let _ = std::fs::remove_dir_all(&dir);
    }
}
