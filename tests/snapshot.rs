//! Emit: Parquet and CSV snapshots analysts can trust.
//!
//! - The readers analysts use (pandas, pyarrow, polars, DuckDB) read a real snapshot of the
//!   repository's data through `tests/python/check_snapshot.py`, and the emit layer's own sample.
//!   Python packages: without them the Python tests print "skipped: pip install -r
//!   tests/python/requirements.txt" and return, unless `EGOV_ETL_REQUIRE_PYTHON=1` (CI), where
//!   they fail. `EGOV_ETL_KEEP_SNAPSHOT=<dir>` also writes the sample snapshot there.
//! - Two runs on the same inputs give byte-identical data files and manifest.
//! - A second run without --force on unchanged inputs rewrites nothing.
//! - A failed or killed run leaves the previous snapshot whole.
//! - The CSV: one UTF-8 BOM, a header row, commas, decimal points.
//! - The data package (`snapshot::datapackage`): its types are the Parquet's, and pandas reading
//!   the CSV with them keeps codes as text ("01", "001", "00001").

mod util;

use std::collections::BTreeMap;
use std::path::Path;
use std::process::{Command, Stdio};

use egov_etl::classify::Results;
use egov_etl::core::Level;
use egov_etl::emit::{Column, ColumnData, InputFile, OutTable, SnapshotMeta, write_year};
use egov_etl::gazetteer::Gazetteer;
use egov_etl::snapshot;
use sha2::{Digest, Sha256};
use util::{Output, arg, repo, repo_copy, run_bin, show};

/// The data files of a year and its manifest: byte-identical between runs on the same inputs.
const DETERMINISTIC: [&str; 9] = [
    "district.parquet",
    "district.csv",
    "commune.parquet",
    "commune.csv",
    "rejects.parquet",
    "rejects.csv",
    "findings.parquet",
    "findings.csv",
    "manifest.json",
];

const VAN_NINH: &str = "raw/2020/VanNinh-CQDT2020-chi tiet.xlsx";

/// Sorted names in a folder (hidden ones included).
fn listing(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(dir)
        .unwrap_or_else(|e| panic!("ls {}: {e}", dir.display()))
        .map(|e| e.expect("entry").file_name().to_string_lossy().to_string())
        .collect();
    names.sort();
    names
}

/// The snapshot folders of an output folder (its run.json and lock file left out).
fn snapshots(dir: &Path) -> Vec<String> {
    listing(dir)
        .into_iter()
        .filter(|n| n != "run.json" && n != ".egov-etl.lock")
        .collect()
}

/// Every file of a folder with its bytes.
fn contents(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    listing(dir)
        .into_iter()
        .map(|n| {
            let bytes = std::fs::read(dir.join(&n)).expect("read");
            (n, bytes)
        })
        .collect()
}

fn sha256_hex(bytes: &[u8]) -> String {
    Sha256::digest(bytes)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

fn manifest(dir: &Path) -> serde_json::Value {
    serde_json::from_slice(&std::fs::read(dir.join("manifest.json")).expect("manifest.json"))
        .expect("manifest json")
}

/// A year folder is whole: its manifest lists exactly the other files of the folder, each
/// present with the listed sha256 (report.json is listed without one). Returns the fingerprint.
fn assert_whole(dir: &Path) -> String {
    let m = manifest(dir);
    let outputs = m["outputs"].as_array().expect("outputs");
    let mut listed: Vec<String> = outputs
        .iter()
        .map(|o| o["path"].as_str().expect("path").to_string())
        .collect();
    listed.push("manifest.json".into());
    listed.sort();
    assert_eq!(listing(dir), listed, "{}: files vs manifest", dir.display());
    for o in outputs {
        let path = dir.join(o["path"].as_str().expect("path"));
        let bytes = std::fs::read(&path).expect("listed file");
        match o["sha256"].as_str() {
            Some(want) => assert_eq!(sha256_hex(&bytes), want, "{}", path.display()),
            None => assert_eq!(o["path"], "report.json"),
        }
    }
    for name in DETERMINISTIC {
        assert!(listed.iter().any(|l| l == name), "manifest lacks {name}");
    }
    m["fingerprint"].as_str().expect("fingerprint").to_string()
}

/// Runs the binary in `cwd` with extra environment variables.
fn run_env(cwd: &Path, args: &[&str], env: &[(&str, &str)]) -> Output {
    let out = Command::new(env!("CARGO_BIN_EXE_egov-etl"))
        .args(args)
        .envs(env.iter().copied())
        .current_dir(cwd)
        .output()
        .expect("run egov-etl");
    Output {
        code: out.status.code().unwrap_or(-1),
        stdout: String::from_utf8_lossy(&out.stdout).to_string(),
        stderr: String::from_utf8_lossy(&out.stderr).to_string(),
    }
}

/// Runs the repository's pipeline into a fresh temp output folder.
fn snapshot_of_repo() -> tempfile::TempDir {
    let out = tempfile::tempdir().expect("tempdir");
    let o = run_bin(&repo(), &["run", "--out", &arg(out.path()), "--force"]);
    assert_eq!(o.code, 0, "{}", show(&o));
    out
}

// ---------------------------------------------------------------------------------------------
// Python readers.

/// True when python3 with pandas, pyarrow, polars and duckdb is there. Otherwise fails under
/// `EGOV_ETL_REQUIRE_PYTHON=1` (CI) and says the test is skipped elsewhere.
fn python_ready() -> bool {
    let probe = Command::new("python3")
        .args(["-c", "import pandas, pyarrow, polars, duckdb"])
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .output();
    let why = match probe {
        Ok(o) if o.status.success() => return true,
        Ok(o) => String::from_utf8_lossy(&o.stderr).trim().to_string(),
        Err(e) => format!("python3: {e}"),
    };
    if std::env::var("EGOV_ETL_REQUIRE_PYTHON").as_deref() == Ok("1") {
        panic!(
            "EGOV_ETL_REQUIRE_PYTHON=1 but python3 with pandas, pyarrow, polars and duckdb is \
             not available ({why}); pip install -r tests/python/requirements.txt"
        );
    }
    eprintln!(
        "skipped: pip install -r tests/python/requirements.txt (python3 with pandas, pyarrow, \
         polars, duckdb not available: {why})"
    );
    false
}

/// Writes `datapackage.json` for `tables` into `dir`.
fn write_datapackage(dir: &Path, tables: &[OutTable]) {
    let json = serde_json::to_vec_pretty(&snapshot::datapackage(tables)).expect("json");
    std::fs::write(dir.join("datapackage.json"), json).expect("write datapackage.json");
}

/// The tables of a year without rows: every column of the schema with its type (the columns do
/// not depend on the rows).
fn schema_tables() -> Vec<OutTable> {
    let gaz = Gazetteer::embedded().expect("gazetteer");
    let units = snapshot::Units::of(&gaz, "56");
    snapshot::tables(&Results::default(), &[], &[], 2020, units, &BTreeMap::new())
}

fn check_snapshot(dir: &Path, args: &[&str]) -> std::process::Output {
    Command::new("python3")
        .arg(repo().join("tests/python/check_snapshot.py"))
        .arg(dir)
        .args(args)
        .output()
        .expect("run python3")
}

fn out_text(o: &std::process::Output) -> String {
    format!(
        "{}\n--- stdout\n{}\n--- stderr\n{}",
        o.status,
        String::from_utf8_lossy(&o.stdout),
        String::from_utf8_lossy(&o.stderr)
    )
}

#[test]
fn python_readers_read_the_snapshot_of_the_repo_data() {
    if !python_ready() {
        return;
    }
    let out = snapshot_of_repo();
    let year = out.path().join("2020");
    // The data package of the schema, unless the run wrote one: check_snapshot.py checks it
    // against the Parquet files and reads the CSV files with its types.
    if !year.join("datapackage.json").exists() {
        write_datapackage(&year, &schema_tables());
    }
    // 20 findings (report.json's), 10 of them about a commune of the snapshot (names read with a
    // correction, in the submissions and in the decision).
    let counts = [
        "--districts",
        "8",
        "--communes",
        "136",
        "--rejects",
        "0",
        "--findings",
        "20",
        "--findings-on-communes",
        "10",
    ];
    // Values of Decision 644/QĐ-UBND (tests/fixtures/decision-2020.csv).
    let expects = [
        "commune_code=22732:achieved_score=21.6",
        "commune_code=22732:achieved_level=Không xếp hạng",
        // Whole numbers as the CSV writes them: check_snapshot.py compares CSV fields as text.
        "commune_code=22732:readiness_score=19.0",
        "commune_code=22732:commune_name=Ba Cụm Bắc",
        "commune_code=22732:annex_order=2",
        "commune_code=22438:commune_name=Cam Hòa",
        "commune_code=22438:readiness_level=II",
        "commune_code=22438:annex_order=8",
        "commune_code=22666:commune_name=Diên Đồng",
        "commune_code=22666:achieved_level=IV",
        "district_code=573:district_name=Khánh Vĩnh",
        "district_code=573:achieved_score=90.56",
        "district_code=573:achieved_level=I",
        "district_code=573:rank=1",
        "district_code=569:rank=3",
        "district_code=569:achieved_score=87.1",
        "district_code=575:rank=4",
        "district_code=572:achieved_level=IV",
        "district_code=572:readiness_score=50.0",
        // A finding of the decision on a commune carries the commune's district.
        "findings.cell=B43:unit=22732",
        "findings.cell=B43:district=575",
    ];
    let mut args: Vec<&str> = counts.to_vec();
    for e in &expects {
        args.extend(["--expect", e]);
    }
    let ok = check_snapshot(&year, &args);
    assert!(ok.status.success(), "{}", out_text(&ok));
    assert!(
        String::from_utf8_lossy(&ok.stdout).contains(&format!(
            "OK {} (district=8, commune=136, rejects=0, findings=20; {} expectation(s))",
            year.display(),
            expects.len()
        )),
        "{}",
        out_text(&ok)
    );

    // The check compares values and counts: wrong ones fail.
    let wrong_value = check_snapshot(&year, &["--expect", "district_code=569:rank=4"]);
    assert_eq!(
        wrong_value.status.code(),
        Some(1),
        "{}",
        out_text(&wrong_value)
    );
    assert!(String::from_utf8_lossy(&wrong_value.stderr).contains("rank"));
    let wrong_count = check_snapshot(&year, &["--communes", "135"]);
    assert_eq!(
        wrong_count.status.code(),
        Some(1),
        "{}",
        out_text(&wrong_count)
    );
    let wrong_join = check_snapshot(&year, &["--findings-on-communes", "9"]);
    assert_eq!(
        wrong_join.status.code(),
        Some(1),
        "{}",
        out_text(&wrong_join)
    );
}

// The emit-level sample (from the emit work's draft): tables written by `write_year` directly.

fn text(name: &str, values: &[&str]) -> Column {
    Column {
        name: name.to_string(),
        data: ColumnData::Str(values.iter().map(|v| Some(v.to_string())).collect()),
    }
}

fn sample_tables() -> Vec<OutTable> {
    let district = OutTable {
        name: "district".to_string(),
        columns: vec![
            Column {
                name: "year".into(),
                data: ColumnData::I32(vec![Some(2020); 2]),
            },
            text("province_code", &["56", "56"]),
            text("district_code", &["569", "568"]),
            text("district_name", &["Diên Khánh", "Nha Trang"]),
            Column {
                name: "achieved_score".into(),
                data: ColumnData::F64(vec![Some(62.75), None]),
            },
            Column {
                name: "achieved_level".into(),
                data: ColumnData::Level(vec![Some(Level::III), None]),
            },
            Column {
                name: "communes".into(),
                data: ColumnData::U32(vec![Some(2), Some(1)]),
            },
        ],
    };
    let commune = OutTable {
        name: "commune".to_string(),
        columns: vec![
            Column {
                name: "year".into(),
                data: ColumnData::I32(vec![Some(2020); 3]),
            },
            text("province_code", &["56", "56", "56"]),
            text("district_code", &["569", "569", "568"]),
            text("district_name", &["Diên Khánh", "Diên Khánh", "Nha Trang"]),
            text("commune_code", &["22732", "22735", "22333"]),
            text(
                "commune_name",
                &["Ba Cụm Bắc", "Diên An, \"thôn\"", "Vĩnh Hòa"],
            ),
            Column {
                name: "achieved_score".into(),
                data: ColumnData::F64(vec![Some(21.6), Some(87.1), Some(100.0)]),
            },
            Column {
                name: "achieved_level".into(),
                data: ColumnData::Level(vec![
                    Some(Level::NotRanked),
                    Some(Level::I),
                    Some(Level::IV),
                ]),
            },
            Column {
                name: "readiness_level".into(),
                data: ColumnData::Level(vec![Some(Level::III), None, Some(Level::I)]),
            },
            Column {
                name: "rank".into(),
                data: ColumnData::U32(vec![Some(3), Some(1), None]),
            },
        ],
    };
    let rejects = OutTable {
        name: "rejects".to_string(),
        columns: vec![
            text("source_file", &[]),
            Column {
                name: "row".into(),
                data: ColumnData::U32(vec![]),
            },
            text("reason", &[]),
        ],
    };
    vec![district, commune, rejects]
}

fn sample_meta() -> SnapshotMeta {
    SnapshotMeta {
        schema_version: "1".to_string(),
        tool_version: env!("CARGO_PKG_VERSION").to_string(),
        year: 2020,
        inputs: vec![InputFile {
            path: "input/2020/khanh_hoa.xlsx".to_string(),
            sha256: "ab".repeat(32),
            bytes: 12345,
        }],
        rule_sets: serde_json::json!({"commune": "2392-2020"}),
        gazetteer: "gazetteer.csv".to_string(),
        fingerprint: "fp".to_string(),
        completeness: serde_json::json!({"complete": true, "expected_units": 3}),
        datapackage: serde_json::Value::Null,
    }
}

fn check_sample(dir: &Path, extra: &[&str]) -> std::process::Output {
    let mut args = vec!["--districts", "2", "--communes", "3", "--rejects", "0"];
    args.extend_from_slice(extra);
    check_snapshot(dir, &args)
}

#[test]
fn python_readers_read_the_emit_sample() {
    if !python_ready() {
        return;
    }
    let root = tempfile::tempdir().expect("tempdir");
    let out = root.path().join("output").join("2020");
    write_year(&out, &sample_tables(), b"{}", &sample_meta(), false).expect("write snapshot");
    if let Some(keep) = std::env::var_os("EGOV_ETL_KEEP_SNAPSHOT") {
        write_year(
            Path::new(&keep),
            &sample_tables(),
            b"{}",
            &sample_meta(),
            false,
        )
        .expect("write kept snapshot");
    }

    let ok = check_sample(
        &out,
        &[
            "--expect",
            "commune_code=22732:achieved_score=21.6",
            "--expect",
            "commune_code=22732:achieved_level=Không xếp hạng",
            "--expect",
            "commune_code=22735:commune_name=Diên An, \"thôn\"",
            "--expect",
            "commune_code=22735:readiness_level=",
            "--expect",
            "district_code=569:district_name=Diên Khánh",
            "--expect",
            "district_code=568:achieved_score=",
        ],
    );
    assert!(ok.status.success(), "check_snapshot.py: {}", out_text(&ok));

    // The check must really compare values: a wrong expectation or count fails.
    let wrong = check_sample(
        &out,
        &["--expect", "commune_code=22732:achieved_score=21.7"],
    );
    assert_eq!(wrong.status.code(), Some(1), "a wrong --expect passed");
    let wrong_level = check_sample(&out, &["--expect", "commune_code=22735:achieved_level=II"]);
    assert_eq!(wrong_level.status.code(), Some(1), "a wrong level passed");
    let wrong_count = check_snapshot(&out, &["--communes", "4"]);
    assert_eq!(
        wrong_count.status.code(),
        Some(1),
        "a wrong row count passed"
    );
    let bad_expect = check_sample(&out, &["--expect", "no-colon-here"]);
    assert_eq!(
        bad_expect.status.code(),
        Some(2),
        "{}",
        out_text(&bad_expect)
    );
}

/// Hà Nội's codes begin with zeros: province "01", district "001", communes "00001", "00004".
fn leading_zero_tables() -> Vec<OutTable> {
    let mut tables = schema_tables();
    let n = 2;
    for t in &mut tables {
        for c in &mut t.columns {
            c.data = match (c.name.as_str(), &c.data) {
                ("province_code", _) => ColumnData::Str(vec![Some("01"); n].into_iter().collect()),
                ("district_code", _) => ColumnData::Str(vec![Some("001"); n].into_iter().collect()),
                ("commune_code", _) => {
                    ColumnData::Str([Some("00001"), Some("00004")].into_iter().collect())
                }
                (_, ColumnData::Str(_)) => {
                    ColumnData::Str(vec![Some("Ba Đình"); n].into_iter().collect())
                }
                (_, ColumnData::F64(_)) => ColumnData::F64(vec![Some(45.5); n]),
                (_, ColumnData::U32(_)) => ColumnData::U32(vec![Some(1); n]),
                (_, ColumnData::I32(_)) => ColumnData::I32(vec![Some(2020); n]),
                (_, ColumnData::Level(_)) => {
                    ColumnData::Level((0..n).map(|i| (i == 0).then_some(Level::II)).collect())
                }
            };
        }
    }
    tables
}

#[test]
fn pandas_keeps_leading_zeros_with_the_datapackage_types() {
    if !python_ready() {
        return;
    }
    let root = tempfile::tempdir().expect("tempdir");
    let out = root.path().join("2020");
    let tables = leading_zero_tables();
    write_year(&out, &tables, b"{}", &sample_meta(), false).expect("write snapshot");
    write_datapackage(&out, &tables);
    let ok = check_snapshot(
        &out,
        &[
            "--communes",
            "2",
            "--districts",
            "2",
            "--expect",
            "commune_code=00001:district_code=001",
            "--expect",
            "commune_code=00004:province_code=01",
        ],
    );
    assert!(ok.status.success(), "{}", out_text(&ok));

    // A package that reads codes as integers loses the zeros: the check sees it.
    let mut package = snapshot::datapackage(&tables);
    let commune = package["resources"]
        .as_array_mut()
        .and_then(|rs| rs.iter_mut().find(|r| r["name"] == "commune"))
        .expect("commune resource");
    for f in commune["schema"]["fields"].as_array_mut().expect("fields") {
        if f["name"] == "commune_code" {
            f["type"] = "integer".into();
        }
    }
    let json = serde_json::to_vec(&package).expect("json");
    std::fs::write(out.join("datapackage.json"), json).expect("write");
    let wrong = check_snapshot(&out, &["--communes", "2"]);
    assert_eq!(wrong.status.code(), Some(1), "{}", out_text(&wrong));
    let stderr = String::from_utf8_lossy(&wrong.stderr);
    assert!(
        stderr.contains("commune.commune_code"),
        "{}",
        out_text(&wrong)
    );
}

// ---------------------------------------------------------------------------------------------
// Determinism and skipping.

#[test]
fn two_runs_on_the_same_inputs_are_byte_identical() {
    let a = snapshot_of_repo();
    let b = snapshot_of_repo();
    let (a, b) = (a.path().join("2020"), b.path().join("2020"));
    for name in DETERMINISTIC {
        let left = std::fs::read(a.join(name)).expect("first run");
        let right = std::fs::read(b.join(name)).expect("second run");
        assert!(!left.is_empty(), "{name} is empty");
        assert!(left == right, "{name} differs between two runs");
    }
    assert_eq!(assert_whole(&a), assert_whole(&b));
    // report.json is the only file that may differ (it carries the duration).
    assert_eq!(listing(&a), listing(&b));
}

#[test]
fn an_unchanged_year_is_not_rewritten_without_force() {
    use std::os::unix::fs::MetadataExt;
    let out = tempfile::tempdir().expect("tempdir");
    let first = run_bin(&repo(), &["run", "--out", &arg(out.path())]);
    assert_eq!(first.code, 0, "{}", show(&first));
    let year = out.path().join("2020");
    let stamp = |dir: &Path| -> BTreeMap<String, (u64, std::time::SystemTime, Vec<u8>)> {
        listing(dir)
            .into_iter()
            .map(|n| {
                let md = std::fs::metadata(dir.join(&n)).expect("metadata");
                let bytes = std::fs::read(dir.join(&n)).expect("read");
                (n, (md.ino(), md.modified().expect("mtime"), bytes))
            })
            .collect()
    };
    let before = stamp(&year);
    let dir_inode = std::fs::metadata(&year).expect("dir").ino();

    let second = run_bin(&repo(), &["run", "--out", &arg(out.path())]);
    assert_eq!(second.code, 0, "{}", show(&second));
    assert!(
        second
            .stderr
            .contains("Năm 2020: dữ liệu vào và cấu hình không đổi")
            && second.stderr.contains("--force"),
        "no up-to-date message: {}",
        show(&second)
    );
    assert!(!second.stderr.contains("136 xã"), "{}", show(&second));
    assert_eq!(stamp(&year), before, "files were rewritten");
    assert_eq!(std::fs::metadata(&year).expect("dir").ino(), dir_inode);
    assert_eq!(snapshots(out.path()), vec!["2020"]);

    let en = run_bin(&repo(), &["--lang", "en", "run", "--out", &arg(out.path())]);
    assert_eq!(en.code, 0, "{}", show(&en));
    assert!(
        en.stderr
            .contains("2020: inputs and configuration unchanged"),
        "{}",
        show(&en)
    );
    assert_eq!(stamp(&year), before, "files were rewritten");

    // --force rebuilds: new files (new inodes), same bytes for the deterministic ones.
    let forced = run_bin(&repo(), &["run", "--out", &arg(out.path()), "--force"]);
    assert_eq!(forced.code, 0, "{}", show(&forced));
    let after = stamp(&year);
    for name in DETERMINISTIC {
        assert_ne!(
            after[name].0, before[name].0,
            "{name} not rebuilt by --force"
        );
        assert_eq!(after[name].2, before[name].2, "{name} bytes changed");
    }
}

// ---------------------------------------------------------------------------------------------
// Failures leave the earlier snapshot whole.

#[test]
fn a_run_failing_mid_write_leaves_the_earlier_snapshot_intact() {
    let p = repo_copy();
    let first = run_bin(p.path(), &["run"]);
    assert_eq!(first.code, 0, "{}", show(&first));
    let out = p.path().join("output");
    let year = out.join("2020");
    let before = contents(&year);
    let fp_before = assert_whole(&year);

    // Change the inputs: Vạn Ninh's workbook is withdrawn.
    std::fs::remove_file(p.path().join(VAN_NINH)).expect("rm");
    let failed = run_env(
        p.path(),
        &["run", "--force"],
        &[("EGOV_ETL_FAIL_AFTER", "commune.parquet")],
    );
    assert_eq!(failed.code, 3, "{}", show(&failed));
    assert!(
        failed.stderr.contains("commune.parquet"),
        "{}",
        show(&failed)
    );
    assert_eq!(contents(&year), before, "the earlier snapshot changed");
    assert_eq!(
        snapshots(&out),
        vec!["2020"],
        "a temp folder was left behind"
    );
    assert_eq!(assert_whole(&year), fp_before);

    // The same without --force (the inputs changed, so the year is rebuilt) fails the same way.
    let failed = run_env(
        p.path(),
        &["run"],
        &[("EGOV_ETL_FAIL_AFTER", "manifest.json")],
    );
    assert_eq!(failed.code, 3, "{}", show(&failed));
    assert_eq!(contents(&year), before, "the earlier snapshot changed");
    assert_eq!(
        snapshots(&out),
        vec!["2020"],
        "a temp folder was left behind"
    );

    // Without the injected failure, and asked to replace, the new (incomplete) snapshot
    // replaces the old one, which is kept as 2020.previous.
    let ok = run_bin(p.path(), &["run", "--on-error", "replace"]);
    assert!(ok.code == 0 || ok.code == 1, "{}", show(&ok));
    assert_ne!(assert_whole(&year), fp_before);
    assert_ne!(
        std::fs::read(year.join("district.csv")).expect("csv"),
        before["district.csv"]
    );
    assert_eq!(snapshots(&out), vec!["2020", "2020.previous"]);
    assert_eq!(contents(&out.join("2020.previous")), before);
}

/// Waits (polling) until `ready` holds or the child has exited; then kills it.
fn kill_when(child: &mut std::process::Child, ready: impl Fn() -> bool) {
    loop {
        if child.try_wait().expect("try_wait").is_some() || ready() {
            break;
        }
        std::thread::sleep(std::time::Duration::from_millis(1));
    }
    // The child may have finished meanwhile; killing an exited child is an error we ignore.
    let _ = child.kill();
    child.wait().expect("wait");
}

#[test]
fn a_killed_run_leaves_the_old_snapshot_or_a_whole_new_one() {
    let p = repo_copy();
    let first = run_bin(p.path(), &["run"]);
    assert_eq!(first.code, 0, "{}", show(&first));
    let out = p.path().join("output");
    let year = out.join("2020");
    let old = contents(&year);
    let fp_old = assert_whole(&year);

    std::fs::remove_file(p.path().join(VAN_NINH)).expect("rm");
    let restore_old = || {
        let stale = listing(&out)
            .into_iter()
            .filter(|n| n.starts_with(".2020.") || n.starts_with("2020"));
        for name in stale {
            std::fs::remove_dir_all(out.join(name)).expect("rm");
        }
        std::fs::create_dir_all(&year).expect("mkdir");
        for (name, bytes) in &old {
            std::fs::write(year.join(name), bytes).expect("restore");
        }
    };

    // Kill points: right after the start, then as soon as the temp folder holds k entries,
    // k = 0..=8 (the 8th is manifest.json, just before the swap).
    let mut seen_old = 0;
    let mut seen_new = Vec::new();
    for k in std::iter::once(None).chain((0..=8).map(Some)) {
        restore_old();
        // The year is now incomplete: --on-error replace makes the new snapshot `2020/` (the
        // complete one is kept as `2020.previous/`).
        let mut child = Command::new(env!("CARGO_BIN_EXE_egov-etl"))
            .args(["run", "--force", "--on-error", "replace"])
            .current_dir(p.path())
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("spawn");
        let tmp = out.join(format!(".2020.tmp-{}", child.id()));
        match k {
            None => kill_when(&mut child, || true),
            Some(k) => kill_when(&mut child, || {
                std::fs::read_dir(&tmp).is_ok_and(|rd| rd.count() >= k)
            }),
        }
        // Killed between the two renames of the swap, only `.2020.old` would be there; the next
        // run restores it. Anything else must be a whole snapshot in place.
        let dir = if year.exists() {
            year.clone()
        } else if out.join(".2020.old").exists() {
            out.join(".2020.old")
        } else {
            out.join("2020.previous")
        };
        let fp = assert_whole(&dir);
        if fp == fp_old {
            assert_eq!(
                contents(&dir),
                old,
                "kill point {k:?}: old snapshot changed"
            );
            seen_old += 1;
        } else {
            seen_new.push(fp);
        }
        for name in snapshots(&out) {
            assert!(
                ["2020", ".2020.old", "2020.previous"].contains(&name.as_str())
                    || name.starts_with(".2020.tmp-"),
                "unexpected {name} in output/"
            );
        }
    }

    // A run to the end cleans up whatever the kills left and gives the new snapshot; every new
    // snapshot seen after a kill was this one, whole.
    let done = run_bin(p.path(), &["run", "--force", "--on-error", "replace"]);
    assert!(done.code == 0 || done.code == 1, "{}", show(&done));
    let left = snapshots(&out);
    assert!(
        left == vec!["2020"] || left == vec!["2020", "2020.previous"],
        "{left:?}"
    );
    let fp_new = assert_whole(&year);
    assert_ne!(fp_new, fp_old);
    for fp in &seen_new {
        assert_eq!(fp, &fp_new);
    }
    eprintln!(
        "kill points: {seen_old} left the old snapshot, {} the new one",
        seen_new.len()
    );
}

// ---------------------------------------------------------------------------------------------
// CSV format.

#[test]
fn csv_has_one_bom_a_header_commas_and_decimal_points() {
    let out = snapshot_of_repo();
    let year = out.path().join("2020");
    const BOM: &[u8] = b"\xef\xbb\xbf";
    for (table, first_columns, rows) in [
        (
            "district",
            "year,province_code,province_name,district_code,",
            8,
        ),
        (
            "commune",
            "year,province_code,province_name,district_code,",
            136,
        ),
        ("rejects", "year,source_file,source_sha256,", 0),
    ] {
        let bytes = std::fs::read(year.join(format!("{table}.csv"))).expect("csv");
        assert!(bytes.starts_with(BOM), "{table}.csv: no BOM");
        let boms = bytes.windows(3).filter(|w| *w == BOM).count();
        assert_eq!(boms, 1, "{table}.csv: {boms} BOMs");
        assert!(!bytes.contains(&b'\r'), "{table}.csv: CR line ends");
        let text = std::str::from_utf8(&bytes[3..]).expect("utf-8");
        let mut lines = text.lines();
        let header = lines.next().expect("header");
        assert!(header.starts_with(first_columns), "{table}.csv: {header}");
        assert!(!header.contains(';') && !header.contains('\t'));
        assert_eq!(lines.count(), rows, "{table}.csv rows");
    }

    // Values: the scores with a decimal point, level text, the published values.
    let text = std::fs::read_to_string(year.join("district.csv")).expect("csv");
    let text = text.trim_start_matches('\u{feff}');
    let mut lines = text.lines();
    let header: Vec<&str> = lines.next().expect("header").split(',').collect();
    let col = |n: &str| header.iter().position(|h| *h == n).expect(n);
    let khanh_vinh = lines
        .find(|l| l.starts_with("2020,56,Khánh Hòa,573,"))
        .expect("Khánh Vĩnh row");
    // No field of this row before source_file is quoted, so a plain split is exact there.
    let fields: Vec<&str> = khanh_vinh.split(',').collect();
    assert_eq!(fields[col("district_name")], "Khánh Vĩnh");
    assert_eq!(fields[col("achieved_score")], "90.56");
    assert_eq!(fields[col("readiness_score")], "47.11");
    assert_eq!(fields[col("achieved_level")], "I");
    assert_eq!(fields[col("rank")], "1");
    let commune = std::fs::read_to_string(year.join("commune.csv")).expect("csv");
    assert!(
        commune.contains(
            ",22732,Xã,Ba Cụm Bắc,22732,Xã,Đông Khánh Sơn,whole,Xã Ba Cạm Bắc,21.6,Không xếp hạng,"
        ),
        "Ba Cụm Bắc's row as expected (its 2025 unit beside it)"
    );
    assert!(!commune.contains("21,6"), "decimal comma");
}
