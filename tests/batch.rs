mod util;

// Batch-grade runs: one writer at a time on an output folder, completeness as part of the data
// (an incomplete year does not replace a complete one unless asked), a run.json for every way a
// run ends, and paths that do not depend on the working folder.

use std::collections::BTreeMap;
use std::path::Path;
use std::process::{Command, Stdio};
use std::time::Duration;

use sha2::{Digest, Sha256};
use util::{arg, repo, repo_copy, run_bin, show};

const VAN_NINH: &str = "raw/2020/VanNinh-CQDT2020-chi tiet.xlsx";

fn json(path: &Path) -> serde_json::Value {
    let bytes = std::fs::read(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    serde_json::from_slice(&bytes).expect("json")
}

fn sha256_hex(bytes: &[u8]) -> String {
    Sha256::digest(bytes)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// A snapshot folder is whole: every output its manifest lists is there with its sha256, and
/// nothing else is.
fn assert_whole(dir: &Path) {
    let m = json(&dir.join("manifest.json"));
    let mut listed: Vec<String> = vec!["manifest.json".into()];
    for o in m["outputs"].as_array().expect("outputs") {
        let name = o["path"].as_str().expect("path");
        listed.push(name.to_string());
        let bytes = std::fs::read(dir.join(name)).unwrap_or_else(|e| panic!("{name}: {e}"));
        if let Some(want) = o["sha256"].as_str() {
            assert_eq!(sha256_hex(&bytes), want, "{}/{name}", dir.display());
        }
    }
    listed.sort();
    let mut present: Vec<String> = std::fs::read_dir(dir)
        .expect("ls")
        .map(|e| e.expect("entry").file_name().to_string_lossy().to_string())
        .collect();
    present.sort();
    assert_eq!(present, listed, "{}", dir.display());
}

/// A small pseudo-random sequence (the test must not depend on a crate for it).
struct Lcg(u64);

impl Lcg {
    fn next(&mut self, n: u64) -> u64 {
        self.0 = self
            .0
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        (self.0 >> 33) % n
    }
}

#[test]
fn concurrent_runs_and_kills_leave_whole_snapshots() {
    let p = repo_copy();
    let out = p.path().join("output");
    let mut rng = Lcg(2020);
    let mut finished = BTreeMap::<i32, usize>::new();
    for trial in 0..10 {
        let mut children: Vec<_> = (0..4)
            .map(|_| {
                Command::new(env!("CARGO_BIN_EXE_egov-etl"))
                    .args(["run", "--force", "--wait", "120"])
                    .current_dir(p.path())
                    .stdout(Stdio::null())
                    .stderr(Stdio::null())
                    .spawn()
                    .expect("spawn")
            })
            .collect();
        // Kill one or two of them at random moments.
        for _ in 0..1 + rng.next(2) {
            std::thread::sleep(Duration::from_millis(rng.next(1500)));
            let victim = rng.next(4) as usize;
            let _ = children[victim].kill();
        }
        for child in &mut children {
            let status = child.wait().expect("wait");
            if let Some(code) = status.code() {
                finished.entry(code).and_modify(|n| *n += 1).or_insert(1);
                assert_eq!(code, 0, "trial {trial}: a run that was not killed failed");
            }
        }
        // Whatever was killed where, the snapshot in place is whole (a kill between the two
        // renames of the swap leaves it as .2020.old, which the next run restores).
        let year = if out.join("2020").exists() {
            out.join("2020")
        } else {
            out.join(".2020.old")
        };
        if year.exists() {
            assert_whole(&year);
        }
        let run = json(&out.join("run.json"));
        assert!(run["exit_code"].is_i64(), "trial {trial}: {run}");
    }
    // A last run restores and cleans whatever the kills left.
    let last = run_bin(p.path(), &["run", "--force"]);
    assert_eq!(last.code, 0, "{}", show(&last));
    assert_whole(&out.join("2020"));
    let mut names: Vec<String> = std::fs::read_dir(&out)
        .expect("ls")
        .map(|e| e.expect("entry").file_name().to_string_lossy().to_string())
        .collect();
    names.sort();
    assert_eq!(names, vec![".egov-etl.lock", "2020", "run.json"]);
    assert!(finished.get(&0).copied().unwrap_or(0) >= 10, "{finished:?}");
}

#[test]
fn a_run_that_finds_the_folder_taken_waits_then_says_who_holds_it() {
    let p = repo_copy();
    let out = p.path().join("output");
    let held = egov_etl::lock::acquire(&out, Duration::ZERO, "pid 4242, the clerk's manual rerun")
        .expect("take the folder");
    let o = run_bin(p.path(), &["--lang", "en", "run", "--wait", "1"]);
    assert_eq!(o.code, 4, "{}", show(&o));
    assert!(
        o.stderr.contains("pid 4242, the clerk's manual rerun"),
        "{}",
        show(&o)
    );
    assert!(!out.join("2020").exists(), "nothing written while held");
    let run = json(&out.join("run.json"));
    assert_eq!(run["exit_code"], 4);
    assert!(
        run["error"]
            .as_str()
            .is_some_and(|e| e.contains("pid 4242")),
        "{run}"
    );
    drop(held);
    let o = run_bin(p.path(), &["run", "--wait", "1"]);
    assert_eq!(o.code, 0, "{}", show(&o));
}

#[test]
fn an_incomplete_year_does_not_replace_a_complete_one_unless_asked() {
    let p = repo_copy();
    let out = p.path().join("output");
    let first = run_bin(p.path(), &["run"]);
    assert_eq!(first.code, 0, "{}", show(&first));
    let year = out.join("2020");
    let complete = json(&year.join("manifest.json"));
    assert_eq!(complete["completeness"]["complete"], true, "{complete}");
    assert_eq!(complete["completeness"]["expected_units"], 144);
    let before = std::fs::read(year.join("commune.parquet")).expect("parquet");

    // One district's workbook breaks.
    std::fs::write(p.path().join(VAN_NINH), b"not a workbook any more").expect("break");
    let broken = run_bin(p.path(), &["--lang", "en", "run"]);
    assert_eq!(broken.code, 1, "{}", show(&broken));
    assert!(
        broken.stderr.contains("the year is incomplete"),
        "{}",
        show(&broken)
    );
    // The complete snapshot stays where it was; the incomplete one is beside it, marked.
    assert_eq!(
        std::fs::read(year.join("commune.parquet")).expect("parquet"),
        before
    );
    let incomplete = out.join("2020.incomplete");
    assert_whole(&incomplete);
    let m = json(&incomplete.join("manifest.json"));
    assert_eq!(m["completeness"]["complete"], false, "{m}");
    assert_eq!(m["completeness"]["rejected_files"], 1);
    assert!(
        m["completeness"]["missing_units"]
            .as_u64()
            .is_some_and(|n| n > 0)
    );
    let report = json(&incomplete.join("report.json"));
    assert_eq!(report["completeness"]["complete"], false);
    let run = json(&out.join("run.json"));
    assert_eq!(run["years"][0]["status"], "kept-previous", "{run}");
    assert_eq!(run["years"][0]["complete"], false);
    assert_eq!(run["exit_code"], 1);

    // Asked to replace: the incomplete year is 2020/, the complete one 2020.previous/.
    let replaced = run_bin(p.path(), &["run", "--on-error", "replace", "--force"]);
    assert_eq!(replaced.code, 1, "{}", show(&replaced));
    assert_eq!(
        json(&year.join("manifest.json"))["completeness"]["complete"],
        false
    );
    let previous = out.join("2020.previous");
    assert_whole(&previous);
    assert_eq!(
        std::fs::read(previous.join("commune.parquet")).expect("parquet"),
        before
    );

    // Fixed again: the complete year replaces the incomplete one, and 2020.incomplete goes.
    util::copy_dir(&repo().join("raw/2020"), &p.path().join("raw/2020"));
    let fixed = run_bin(p.path(), &["run"]);
    assert_eq!(fixed.code, 0, "{}", show(&fixed));
    assert_eq!(
        json(&year.join("manifest.json"))["completeness"]["complete"],
        true
    );
    assert!(!incomplete.exists());
}

#[test]
fn every_run_says_how_it_ended_in_run_json() {
    let p = repo_copy();
    let out = p.path().join("output");
    let ok = run_bin(p.path(), &["run", "--format", "json"]);
    assert_eq!(ok.code, 0, "{}", show(&ok));
    let printed: serde_json::Value = serde_json::from_str(&ok.stdout).expect("stdout is run.json");
    assert_eq!(printed, json(&out.join("run.json")));
    for key in [
        "run_id",
        "started_at",
        "ended_at",
        "tool_version",
        "arguments",
        "pipeline",
    ] {
        assert!(!printed[key].is_null(), "{key}: {printed}");
    }
    assert_eq!(printed["years"][0]["status"], "built");
    assert_eq!(printed["years"][0]["exit_code"], 0);
    // Unchanged: skipped, with the exit code of the run that wrote it.
    let again = run_bin(p.path(), &["run"]);
    assert_eq!(again.code, 0, "{}", show(&again));
    assert_eq!(json(&out.join("run.json"))["years"][0]["status"], "skipped");
    // A dry run.
    let dry = run_bin(p.path(), &["run", "--dry-run"]);
    assert_eq!(dry.code, 0, "{}", show(&dry));
    assert_eq!(json(&out.join("run.json"))["years"][0]["status"], "dry-run");
    // The output cannot be written (exit 3).
    let failed = Command::new(env!("CARGO_BIN_EXE_egov-etl"))
        .args(["run", "--force"])
        .current_dir(p.path())
        .env("EGOV_ETL_FAIL_AFTER", "district.csv")
        .output()
        .expect("run");
    assert_eq!(failed.status.code(), Some(3));
    let run = json(&out.join("run.json"));
    assert_eq!(run["exit_code"], 3);
    assert!(
        run["error"]
            .as_str()
            .is_some_and(|e| e.contains("district.csv")),
        "{run}"
    );
    // A pipeline that cannot be used (exit 2): the error and the arguments.
    std::fs::write(
        p.path().join("pipelines/bad.toml"),
        "name = \"x\"\ncolour = 1\n",
    )
    .expect("w");
    let bad = run_bin(p.path(), &["run", "--pipeline", "pipelines/bad.toml"]);
    assert_eq!(bad.code, 2, "{}", show(&bad));
    let run = json(&out.join("run.json"));
    assert_eq!(run["exit_code"], 2);
    assert!(run["error"].is_string(), "{run}");
    assert!(
        run["arguments"].to_string().contains("pipelines/bad.toml"),
        "{run}"
    );
}

#[test]
fn the_same_inputs_give_the_same_snapshot_from_any_working_folder() {
    let p = repo_copy();
    let here = run_bin(p.path(), &["run", "--out", "out-here"]);
    assert_eq!(here.code, 0, "{}", show(&here));
    let pipeline = p.path().join("pipelines/khanh-hoa.toml");
    let elsewhere = p.path().join("out-root");
    let from_root = run_bin(
        Path::new("/"),
        &[
            "run",
            "--pipeline",
            &arg(&pipeline),
            "--out",
            &arg(&elsewhere),
        ],
    );
    assert_eq!(from_root.code, 0, "{}", show(&from_root));
    let a = p.path().join("out-here/2020");
    let b = elsewhere.join("2020");
    for name in [
        "district.parquet",
        "district.csv",
        "commune.parquet",
        "commune.csv",
        "rejects.parquet",
        "rejects.csv",
        "manifest.json",
    ] {
        let x = std::fs::read(a.join(name)).expect("a");
        let y = std::fs::read(b.join(name)).expect("b");
        assert!(x == y, "{name} differs between working folders");
    }
    let report = json(&b.join("report.json"));
    assert_eq!(
        report["files"][0]["file"]
            .as_str()
            .map(|f| f.starts_with("raw/2020/")),
        Some(true)
    );
    assert_eq!(report["pipeline_file"], "pipelines/khanh-hoa.toml");
    // Unchanged inputs from another folder are recognised as unchanged.
    let again = run_bin(
        Path::new("/"),
        &[
            "--lang",
            "en",
            "run",
            "--pipeline",
            &arg(&pipeline),
            "--out",
            &arg(&p.path().join("out-here")),
        ],
    );
    assert!(again.stderr.contains("unchanged"), "{}", show(&again));
}

/// A run stopped between the two renames of its swap (as a kill there would), then a run whose
/// year is incomplete: the complete snapshot is restored first, and kept.
#[test]
fn a_swap_cut_short_then_an_incomplete_year_keeps_the_complete_snapshot() {
    let p = repo_copy();
    let out = p.path().join("output");
    let year = out.join("2020");
    let first = run_bin(p.path(), &["run"]);
    assert_eq!(first.code, 0, "{}", show(&first));
    let complete = std::fs::read(year.join("commune.parquet")).expect("parquet");
    for policy in ["keep-previous", "replace"] {
        let cut = Command::new(env!("CARGO_BIN_EXE_egov-etl"))
            .args(["run", "--force", "--on-error", policy])
            .current_dir(p.path())
            .env("EGOV_ETL_FAIL_AFTER", "swap-aside")
            .output()
            .expect("run");
        assert_eq!(cut.status.code(), Some(3), "{policy}");
        assert!(
            !year.exists(),
            "{policy}: the swap was cut after moving 2020 aside"
        );
        // A district's workbook breaks before the next scheduled run.
        std::fs::write(p.path().join(VAN_NINH), b"broken").expect("break");
        let next = run_bin(p.path(), &["run"]);
        assert_eq!(next.code, 1, "{policy}: {}", show(&next));
        assert_whole(&year);
        assert_eq!(
            std::fs::read(year.join("commune.parquet")).expect("parquet"),
            complete,
            "{policy}: the complete snapshot was lost"
        );
        assert_eq!(
            json(&year.join("manifest.json"))["completeness"]["complete"],
            true
        );
        assert_whole(&out.join("2020.incomplete"));
        // Mend the workbook for the next round.
        util::copy_dir(&repo().join("raw/2020"), &p.path().join("raw/2020"));
        let mended = run_bin(p.path(), &["run"]);
        assert_eq!(mended.code, 0, "{}", show(&mended));
        assert!(!out.join("2020.incomplete").exists());
    }
}
