//! Writing files so that readers see the old content or the new, never a mix, and so that an
//! interrupted write leaves nothing the learner has to clean up by hand.

use std::fs::{self, OpenOptions};
use std::io::{self, Write};
use std::os::unix::fs::OpenOptionsExt;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};

use anyhow::{Context, Result};

/// Every temporary file coro-lings writes starts with this, so that one `.gitignore` line
/// (`.coro-lings-tmp.*`) hides an interrupted write from `git status`, and so that stale ones
/// can be found and removed.
pub const TEMP_PREFIX: &str = ".coro-lings-tmp.";

/// The mode of a file that did not exist before: what `touch` or an editor would give it (the
/// umask still applies), not tempfile's private 0600.
const NEW_FILE_MODE: u32 = 0o644;

/// Writes `bytes` to `path` so that readers see the old file or the new one, never a mix.
/// An existing file keeps its permissions. Errors name `path`, never the temporary file: that
/// name means nothing to the learner.
pub fn write_atomic(path: &Path, bytes: &[u8]) -> Result<()> {
    let dir = path.parent().unwrap_or(Path::new("."));
    fs::create_dir_all(dir).with_context(|| format!("cannot create {}", dir.display()))?;
    if path.is_dir() {
        anyhow::bail!(
            "cannot write {}: it is a folder, not a file (move it away and try again)",
            path.display()
        );
    }
    let tmp = temp_path(path);
    let result = write_then_rename(&tmp, path, bytes);
    if result.is_err() {
        // Best effort: the write already failed, and a leftover is removed by the next
        // `remove_stale_temporaries` in any case.
        let _ = fs::remove_file(&tmp);
    }
    result.with_context(|| format!("cannot write {}", path.display()))
}

fn write_then_rename(tmp: &Path, path: &Path, bytes: &[u8]) -> io::Result<()> {
    let mut file = OpenOptions::new()
        .write(true)
        .create_new(true)
        .mode(NEW_FILE_MODE)
        .open(tmp)?;
    if let Ok(meta) = fs::metadata(path) {
        file.set_permissions(meta.permissions())?;
    }
    file.write_all(bytes)?;
    drop(file);
    fs::rename(tmp, path)
}

/// `<dir>/.coro-lings-tmp.<name>.<pid>.<n>`: unique within this process by the counter, and
/// across processes by the pid.
fn temp_path(path: &Path) -> PathBuf {
    static COUNTER: AtomicU64 = AtomicU64::new(0);
    let n = COUNTER.fetch_add(1, Ordering::Relaxed);
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let dir = path.parent().unwrap_or(Path::new("."));
    dir.join(format!("{TEMP_PREFIX}{name}.{}.{n}", std::process::id()))
}

/// Removes temporary files of `path` that an interrupted write left behind. Call it only while
/// holding the lock that every writer of `path` takes: then no temporary file of `path` can
/// belong to a write still in progress.
pub fn remove_stale_temporaries(path: &Path) {
    let (Some(dir), Some(name)) = (path.parent(), path.file_name()) else {
        return;
    };
    let dir = if dir.as_os_str().is_empty() {
        Path::new(".")
    } else {
        dir
    };
    let prefix = format!("{TEMP_PREFIX}{}.", name.to_string_lossy());
    let Ok(entries) = fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        if entry.file_name().to_string_lossy().starts_with(&prefix) {
            let _ = fs::remove_file(entry.path());
        }
    }
}

/// A folder that is removed, with everything in it, when this value is dropped: a build's
/// scratch space. Named `<prefix><pid>.<n>`, unique within this process by the counter and
/// across processes by the pid; a folder of that name left by a killed run of the same pid is
/// never reused, since `create_dir` refuses it and the next number is tried.
#[derive(Debug)]
pub struct TempDir {
    path: PathBuf,
}

impl TempDir {
    /// Creates a fresh folder under `parent` (which must exist). Its path is absolute, as
    /// a child process that works in another folder (a test run from its own `HOME`) is handed
    /// paths inside it.
    pub fn new_in(parent: &Path, prefix: &str) -> io::Result<TempDir> {
        static COUNTER: AtomicU64 = AtomicU64::new(0);
        let parent = std::path::absolute(parent)?;
        loop {
            let n = COUNTER.fetch_add(1, Ordering::Relaxed);
            let path = parent.join(format!("{prefix}{}.{n}", std::process::id()));
            match fs::create_dir(&path) {
                Ok(()) => return Ok(TempDir { path }),
                Err(e) if e.kind() == io::ErrorKind::AlreadyExists => continue,
                Err(e) => return Err(e),
            }
        }
    }

    pub fn path(&self) -> &Path {
        &self.path
    }
}

impl Drop for TempDir {
    fn drop(&mut self) {
        // Best effort, as a scratch folder's removal is: a leftover costs disk, not a verdict.
        let _ = fs::remove_dir_all(&self.path);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::os::unix::fs::PermissionsExt;

    fn mode(path: &Path) -> u32 {
        fs::metadata(path).unwrap().permissions().mode() & 0o777
    }

    #[test]
    fn an_existing_file_keeps_its_mode() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("f.rs");
        fs::write(&path, "old").unwrap();
        fs::set_permissions(&path, fs::Permissions::from_mode(0o664)).unwrap();
        write_atomic(&path, b"new").unwrap();
        assert_eq!(fs::read_to_string(&path).unwrap(), "new");
        assert_eq!(mode(&path), 0o664);
    }

    #[test]
    fn a_new_file_is_not_private_and_no_temporary_is_left() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("new.json");
        write_atomic(&path, b"{}").unwrap();
        // The umask may take bits away, but never adds any, and 0600 is what tempfile gave.
        assert_eq!(mode(&path) & !0o644, 0);
        assert_ne!(mode(&path), 0o600);
        let names: Vec<_> = fs::read_dir(dir.path())
            .unwrap()
            .map(|e| e.unwrap().file_name())
            .collect();
        assert_eq!(names, ["new.json"]);
    }

    #[test]
    fn a_folder_in_the_way_is_named_and_no_temporary_path_is() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("taken");
        fs::create_dir(&path).unwrap();
        let err = format!("{:#}", write_atomic(&path, b"x").unwrap_err());
        assert!(err.contains("is a folder"), "{err}");
        assert!(!err.contains(TEMP_PREFIX), "{err}");
    }

    #[test]
    fn stale_temporaries_of_one_file_are_removed_and_others_kept() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("p.json");
        let stale = dir.path().join(format!("{TEMP_PREFIX}p.json.999.0"));
        let other = dir.path().join(format!("{TEMP_PREFIX}q.json.999.0"));
        fs::write(&stale, "").unwrap();
        fs::write(&other, "").unwrap();
        remove_stale_temporaries(&path);
        assert!(!stale.exists());
        assert!(other.exists());
    }

    #[test]
    fn the_course_gitignore_covers_temporaries() {
        let ignore =
            fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("../.gitignore")).unwrap();
        assert!(
            ignore
                .lines()
                .any(|l| l.trim() == format!("{TEMP_PREFIX}*")),
            "{ignore}"
        );
    }

    #[test]
    fn a_temp_dir_is_fresh_each_time_and_gone_when_dropped() {
        let parent = tempfile::tempdir().unwrap();
        let a = TempDir::new_in(parent.path(), "x-").unwrap();
        let b = TempDir::new_in(parent.path(), "x-").unwrap();
        assert_ne!(a.path(), b.path());
        fs::write(a.path().join("f"), "data").unwrap();
        fs::create_dir(a.path().join("sub")).unwrap();
        let kept = a.path().to_path_buf();
        drop(a);
        assert!(!kept.exists(), "the folder and its contents are removed");
        assert!(b.path().is_dir(), "another folder is left alone");
    }
}
