//! One writer per index folder. The lock is an OS file lock, so it is released when
//! the process ends in any way (kill -9 included) and never goes stale.

use std::fs::{File, OpenOptions, TryLockError};
use std::path::{Path, PathBuf};

const LOCK_FILE: &str = "write.lock";

/// Held for the whole of a run; dropping it unlocks.
#[derive(Debug)]
pub struct WriteLock {
    _file: File,
}

/// Why the index folder's write lock was not taken.
#[derive(Debug, thiserror::Error)]
pub enum LockError {
    #[error("another `search-cli index` is writing to {} (lock {}); nothing was changed", dir.display(), path.display())]
    Busy { dir: PathBuf, path: PathBuf },
    #[error("{} is not a folder: --index names the index folder (created if missing)", dir.display())]
    NotAFolder { dir: PathBuf },
    #[error("cannot lock {}: {source}", path.display())]
    Io { path: PathBuf, source: std::io::Error },
}

impl WriteLock {
    /// Takes the lock of the index folder `dir` (created if missing) without waiting.
    pub fn acquire(dir: &Path) -> Result<WriteLock, LockError> {
        let path = dir.join(LOCK_FILE);
        let io = |source| LockError::Io { path: path.clone(), source };
        if dir.exists() && !dir.is_dir() {
            return Err(LockError::NotAFolder { dir: dir.to_path_buf() });
        }
        std::fs::create_dir_all(dir).map_err(io)?;
        let file = OpenOptions::new().create(true).truncate(false).write(true).open(&path).map_err(io)?;
        match file.try_lock() {
            Ok(()) => Ok(WriteLock { _file: file }),
            Err(TryLockError::WouldBlock) => Err(LockError::Busy { dir: dir.to_path_buf(), path }),
            Err(TryLockError::Error(e)) => Err(io(e)),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn second_lock_fails_until_the_first_is_dropped() {
        let dir = tempfile::tempdir().unwrap();
        let first = WriteLock::acquire(dir.path()).unwrap();
        let err = WriteLock::acquire(dir.path()).unwrap_err();
        assert!(matches!(err, LockError::Busy { .. }));
        assert!(err.to_string().contains("nothing was changed"));
        drop(first);
        WriteLock::acquire(dir.path()).unwrap();
    }

    #[test]
    fn a_file_is_no_index_folder() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("index");
        std::fs::write(&file, "").unwrap();
        let err = WriteLock::acquire(&file).unwrap_err();
        assert!(matches!(err, LockError::NotAFolder { .. }), "{err}");
        assert!(
            err.to_string().ends_with("index is not a folder: --index names the index folder (created if missing)")
        );
    }
}
