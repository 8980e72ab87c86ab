//! Test helpers: workbooks built with rust_xlsxwriter, a throwaway project (pipeline + raw
//! folder), and running the binary.
#![allow(dead_code)]

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::Command;

use rust_xlsxwriter::{Format, Formula, Workbook};

/// A cell to write.
#[derive(Debug, Clone)]
pub enum C {
    /// Nothing.
    E,
    /// Text.
    S(String),
    /// A number.
    N(f64),
    /// A formula with its cached value.
    F(String, f64),
    /// A number shown as a percentage (the cell holds the fraction).
    P(f64),
    /// A boolean.
    B(bool),
    /// An error value written as a formula result (e.g. "#REF!").
    Err(String),
    /// A date (Excel serial day), formatted as a date.
    D(f64),
}

/// Text cell.
pub fn s(t: &str) -> C {
    C::S(t.to_string())
}

/// Number cell.
pub fn n(x: f64) -> C {
    C::N(x)
}

/// A row of cells from strings: "" is empty, a parseable number becomes a numeric cell unless it
/// contains a comma or starts with "'" (then it stays text, without the quote).
pub fn row(cells: &[&str]) -> Vec<C> {
    cells
        .iter()
        .map(|c| {
            if c.is_empty() {
                C::E
            } else if let Some(t) = c.strip_prefix('\'') {
                C::S(t.to_string())
            } else if let Ok(x) = c.parse::<f64>() {
                C::N(x)
            } else {
                C::S(c.to_string())
            }
        })
        .collect()
}

/// A sheet to write.
#[derive(Debug, Clone, Default)]
pub struct Sheet {
    pub name: String,
    pub hidden: bool,
    /// Rows from row 1 (index 0).
    pub rows: Vec<Vec<C>>,
    /// Merged ranges (first_row, first_col, last_row, last_col), 0-based; the text is whatever
    /// `rows` holds in the top-left cell.
    pub merges: Vec<(u32, u16, u32, u16)>,
}

impl Sheet {
    pub fn new(name: &str, rows: Vec<Vec<C>>) -> Sheet {
        Sheet {
            name: name.to_string(),
            rows,
            ..Sheet::default()
        }
    }

    pub fn hidden(mut self) -> Sheet {
        self.hidden = true;
        self
    }

    pub fn merge(mut self, r1: u32, c1: u16, r2: u32, c2: u16) -> Sheet {
        self.merges.push((r1, c1, r2, c2));
        self
    }
}

/// Writes an .xlsx with the given sheets.
pub fn write_xlsx(path: &Path, sheets: &[Sheet]) {
    let mut wb = Workbook::new();
    let pct = Format::new().set_num_format("0.00%");
    let date = Format::new().set_num_format("dd/mm/yyyy");
    for sh in sheets {
        let ws = wb.add_worksheet();
        ws.set_name(&sh.name).expect("sheet name");
        for (r, cells) in sh.rows.iter().enumerate() {
            for (c, cell) in cells.iter().enumerate() {
                let (r, c) = (r as u32, c as u16);
                match cell {
                    C::E => {}
                    C::S(t) => {
                        ws.write_string(r, c, t).expect("write");
                    }
                    C::N(x) => {
                        ws.write_number(r, c, *x).expect("write");
                    }
                    C::F(f, v) => {
                        ws.write_formula(r, c, Formula::new(f).set_result(v.to_string()))
                            .expect("write");
                    }
                    C::P(x) => {
                        ws.write_number_with_format(r, c, *x, &pct).expect("write");
                    }
                    C::B(b) => {
                        ws.write_boolean(r, c, *b).expect("write");
                    }
                    C::Err(e) => {
                        ws.write_formula(r, c, Formula::new("=1/0").set_result(e))
                            .expect("write");
                    }
                    C::D(d) => {
                        ws.write_number_with_format(r, c, *d, &date).expect("write");
                    }
                }
            }
        }
        for &(r1, c1, r2, c2) in &sh.merges {
            let text = match sh.rows.get(r1 as usize).and_then(|r| r.get(c1 as usize)) {
                Some(C::S(t)) => t.clone(),
                _ => String::new(),
            };
            ws.merge_range(r1, c1, r2, c2, &text, &Format::new())
                .expect("merge");
        }
        if sh.hidden {
            ws.set_hidden(true);
        }
    }
    wb.save(path).expect("save workbook");
}

/// The Khánh Hòa 2020 rule sets, as in pipelines/khanh-hoa.toml.
pub const RULE_SETS_2020: &str = r#"
[[year.rule_set]]
level = "commune"
dimension = "readiness"
maximum = 30
cutoff_unit = "percent"
cutoffs = { I = 90, II = 80, III = 75, IV = 70 }
status = "fitted"
basis = "test"

[[year.rule_set]]
level = "district"
dimension = "readiness"
maximum = 50
cutoff_unit = "percent"
cutoffs = { I = 90, II = 80, III = 75, IV = 70 }
status = "fitted"
basis = "test"

[[year.rule_set]]
level = "commune"
dimension = "achieved"
maximum = 60
cutoff_unit = "points"
cutoffs = { I = 54, II = 50.1, III = 43.5, IV = 30 }
status = "fitted"
basis = "test"

[[year.rule_set]]
level = "district"
dimension = "achieved"
maximum = 100
cutoff_unit = "points"
cutoffs = { I = 90, II = 80, III = 77, IV = 70 }
status = "fitted"
basis = "test"
"#;

/// A throwaway project: `pipelines/test.toml` for province `province` and year 2020, `raw/2020/`.
pub struct Project {
    pub dir: tempfile::TempDir,
}

impl Project {
    /// A project for Khánh Hòa (56) 2020 with the 2020 rule sets; `extra` is appended to the
    /// `[[year]]` table (e.g. `published = "..."`), `top` goes before it (e.g. `[limits]`).
    pub fn new(province: &str, top: &str, extra: &str) -> Project {
        let dir = tempfile::tempdir().expect("tempdir");
        std::fs::create_dir_all(dir.path().join("pipelines")).expect("mkdir");
        std::fs::create_dir_all(dir.path().join("raw/2020")).expect("mkdir");
        let text = format!(
            "name = \"test\"\nprovince = \"{province}\"\n{top}\n[[year]]\nyear = 2020\nraw = \"../raw/2020\"\n{extra}\n{RULE_SETS_2020}"
        );
        std::fs::write(dir.path().join("pipelines/test.toml"), text).expect("write pipeline");
        Project { dir }
    }

    pub fn path(&self) -> &Path {
        self.dir.path()
    }

    pub fn raw(&self, name: &str) -> PathBuf {
        self.dir.path().join("raw/2020").join(name)
    }

    pub fn pipeline(&self) -> PathBuf {
        self.dir.path().join("pipelines/test.toml")
    }

    /// Runs the binary in the project folder.
    pub fn run(&self, args: &[&str]) -> Output {
        run_bin(self.dir.path(), args)
    }

    pub fn out(&self, year: &str, file: &str) -> PathBuf {
        self.dir.path().join("output").join(year).join(file)
    }

    /// report.json of 2020.
    pub fn report(&self) -> serde_json::Value {
        let text = std::fs::read_to_string(self.out("2020", "report.json")).expect("report.json");
        serde_json::from_str(&text).expect("report json")
    }
}

/// What the binary did.
#[derive(Debug)]
pub struct Output {
    pub code: i32,
    pub stdout: String,
    pub stderr: String,
}

/// Runs the egov-etl binary in `cwd`.
pub fn run_bin(cwd: &Path, args: &[&str]) -> Output {
    let out = Command::new(env!("CARGO_BIN_EXE_egov-etl"))
        .args(args)
        .current_dir(cwd)
        .output()
        .expect("run egov-etl");
    Output {
        code: out.status.code().unwrap_or(-1),
        stdout: String::from_utf8_lossy(&out.stdout).to_string(),
        stderr: String::from_utf8_lossy(&out.stderr).to_string(),
    }
}

/// The repository root.
pub fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// Reads a CSV written by the tool (BOM, quoted fields with commas) into maps by header.
pub fn read_csv(path: &Path) -> Vec<BTreeMap<String, String>> {
    let text = std::fs::read_to_string(path).expect("csv");
    let text = text.strip_prefix('\u{feff}').expect("a BOM first");
    let parse = |line: &str| -> Vec<String> {
        let mut out = Vec::new();
        let mut cur = String::new();
        let mut quoted = false;
        let mut chars = line.chars().peekable();
        while let Some(c) = chars.next() {
            match c {
                '"' if quoted && chars.peek() == Some(&'"') => {
                    cur.push('"');
                    chars.next();
                }
                '"' => quoted = !quoted,
                ',' if !quoted => out.push(std::mem::take(&mut cur)),
                c => cur.push(c),
            }
        }
        out.push(cur);
        out
    };
    let mut lines = text.lines();
    let header = parse(lines.next().expect("header"));
    lines
        .map(|l| {
            let fields = parse(l);
            assert_eq!(fields.len(), header.len(), "{l}");
            header.iter().cloned().zip(fields).collect()
        })
        .collect()
}

/// Copies a folder tree.
pub fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).expect("mkdir");
    for entry in std::fs::read_dir(from).expect("read_dir") {
        let entry = entry.expect("entry");
        let target = to.join(entry.file_name());
        if entry.file_type().expect("file type").is_dir() {
            copy_dir(&entry.path(), &target);
        } else {
            std::fs::copy(entry.path(), &target).expect("copy");
        }
    }
}

/// The crosswalk pipelines/khanh-hoa.toml names, relative to the repository.
pub const CROSSWALK: &str = "reference/khanh-hoa-2020-to-2025.csv";

/// A copy of the repository's raw/ and pipelines/ (no output/), with the crosswalk the pipeline
/// names (the embedded gazetteer needs no copy).
pub fn repo_copy() -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("tempdir");
    copy_dir(&repo().join("raw"), &dir.path().join("raw"));
    copy_dir(&repo().join("pipelines"), &dir.path().join("pipelines"));
    std::fs::create_dir_all(dir.path().join("reference")).expect("mkdir reference");
    std::fs::copy(repo().join(CROSSWALK), dir.path().join(CROSSWALK)).expect("copy crosswalk");
    dir
}

/// The output of a run, for assertion messages.
pub fn show(o: &Output) -> String {
    format!(
        "exit {}\n--- stdout\n{}\n--- stderr\n{}",
        o.code, o.stdout, o.stderr
    )
}

/// A path as a command-line argument.
pub fn arg(p: &Path) -> String {
    p.display().to_string()
}

/// Reads a workbook as the pipeline does (the default limits and header labels).
pub fn read_workbook(path: &Path) -> (egov_etl::ingest::Workbook, Vec<egov_etl::finding::Finding>) {
    let mut findings = Vec::new();
    let shown = path.file_name().and_then(|f| f.to_str()).unwrap_or("?");
    let wb = egov_etl::ingest::read_file(
        path,
        shown,
        &egov_etl::pipeline::Limits::default(),
        &egov_etl::pipeline::Aliases::default(),
        &mut findings,
    );
    (wb, findings)
}
