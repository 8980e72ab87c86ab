//! One writer at a time: an OS file lock on the output folder (`<out>/.egov-etl.lock`), released
//! by the kernel when the process ends however it ends. The holder writes who it is into the
//! file, so that a run that finds the folder taken can say by whom.

use std::fs::{self, File, OpenOptions, TryLockError};
use std::io::Write;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

/// The lock file inside the output folder.
pub const LOCK_FILE: &str = ".egov-etl.lock";

/// The output folder, held until dropped.
#[derive(Debug)]
pub struct OutputLock {
    _file: File,
    pub path: PathBuf,
}

/// Why the folder could not be taken.
#[derive(Debug)]
pub enum LockError {
    /// Another run holds it and did not let go within the wait.
    Busy { path: PathBuf, holder: String },
    Io {
        path: PathBuf,
        source: std::io::Error,
    },
}

impl std::fmt::Display for LockError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            LockError::Busy { path, holder } => {
                write!(f, "{} is held by another run: {holder}", path.display())
            }
            LockError::Io { path, source } => write!(f, "{}: {source}", path.display()),
        }
    }
}

impl std::error::Error for LockError {}

/// Takes the output folder `root` (created if needed), waiting at most `wait` for another run
/// to let go; `holder` says who takes it (written into the lock file).
pub fn acquire(root: &Path, wait: Duration, holder: &str) -> Result<OutputLock, LockError> {
    let io = |path: &Path| {
        let path = path.to_path_buf();
        move |source| LockError::Io { path, source }
    };
    fs::create_dir_all(root).map_err(io(root))?;
    let path = root.join(LOCK_FILE);
    let mut file = OpenOptions::new()
        .create(true)
        .truncate(false)
        .read(true)
        .write(true)
        .open(&path)
        .map_err(io(&path))?;
    let started = Instant::now();
    loop {
        match file.try_lock() {
            Ok(()) => break,
            Err(TryLockError::WouldBlock) if started.elapsed() < wait => {
                std::thread::sleep(Duration::from_millis(100));
            }
            Err(TryLockError::WouldBlock) => {
                let holder = fs::read_to_string(&path).unwrap_or_default();
                let holder = holder.trim();
                return Err(LockError::Busy {
                    path: root.to_path_buf(),
                    holder: if holder.is_empty() {
                        "?".to_string()
                    } else {
                        holder.to_string()
                    },
                });
            }
            Err(TryLockError::Error(source)) => return Err(LockError::Io { path, source }),
        }
    }
    file.set_len(0).map_err(io(&path))?;
    file.write_all(holder.as_bytes()).map_err(io(&path))?;
    file.flush().map_err(io(&path))?;
    Ok(OutputLock { _file: file, path })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_second_taker_waits_then_is_refused_with_the_holder() {
        let dir = tempfile::tempdir().expect("tempdir");
        let first = acquire(dir.path(), Duration::ZERO, "pid 1, run 2020").expect("first");
        match acquire(dir.path(), Duration::from_millis(250), "pid 2") {
            Err(LockError::Busy { holder, .. }) => assert_eq!(holder, "pid 1, run 2020"),
            other => panic!("expected busy, got {other:?}"),
        }
        drop(first);
        let again = acquire(dir.path(), Duration::ZERO, "pid 3").expect("free again");
        assert_eq!(fs::read_to_string(&again.path).expect("lock file"), "pid 3");
    }
}
