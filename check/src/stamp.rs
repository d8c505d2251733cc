//! Cheap proof that files have not changed: their sizes, times and inodes, read without
//! opening them. A checker that re-reads and hashes the core's sources, or asks the compiler
//! who it is, on every run spends more time on that than on the learner's file; a [`Stamp`]
//! that still matches lets it reuse what it worked out last time.
//!
//! Like git's index, a stamp is trusted only once it has settled: a file changed within the
//! last two seconds may change again within the same tick of the file system's clock without
//! its times moving, so [`Stamp::is_settled`] says whether a stamp may be remembered.

use std::fs;
use std::io;
use std::os::unix::fs::MetadataExt;
use std::path::{Path, PathBuf};
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use anyhow::Result;
use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};

use crate::fsutil::write_atomic;

/// How old a change must be before a stamp of it is trusted.
const SETTLE: Duration = Duration::from_secs(2);

/// What the file system says about one file, without reading it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
struct Meta {
    len: u64,
    /// Modification time, in nanoseconds since the epoch.
    modified: i128,
    /// Status-change time: unlike the modification time, no tool can set it back.
    changed: i128,
    inode: u64,
}

impl Meta {
    fn of(path: &Path) -> Option<Meta> {
        let m = fs::metadata(path).ok()?;
        Some(Meta {
            len: m.len(),
            modified: i128::from(m.mtime()) * 1_000_000_000 + i128::from(m.mtime_nsec()),
            changed: i128::from(m.ctime()) * 1_000_000_000 + i128::from(m.ctime_nsec()),
            inode: m.ino(),
        })
    }
}

/// Sizes, times and inodes of some files (a missing file counts as such), and the values of
/// some environment variables.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct Stamp {
    files: Vec<(PathBuf, Option<Meta>)>,
    vars: Vec<(String, Option<String>)>,
}

impl Stamp {
    /// The stamp of `paths`, in the order given.
    pub fn of_files(paths: &[PathBuf]) -> Stamp {
        Stamp {
            files: paths.iter().map(|p| (p.clone(), Meta::of(p))).collect(),
            vars: Vec::new(),
        }
    }

    /// The stamp of every file under `dir`, in sorted order, and of the folders themselves (a
    /// file added or removed changes its folder).
    pub fn of_tree(dir: &Path) -> io::Result<Stamp> {
        let mut files = Vec::new();
        walk(dir, &mut files)?;
        Ok(Stamp {
            files,
            vars: Vec::new(),
        })
    }

    /// This stamp, together with the values of the environment variables `names`.
    pub fn with_vars(mut self, names: &[&str]) -> Stamp {
        self.vars
            .extend(names.iter().map(|n| (n.to_string(), std::env::var(n).ok())));
        self
    }

    /// Whether every change it records is old enough that a later change cannot hide behind
    /// the same times.
    pub fn is_settled(&self) -> bool {
        let Ok(now) = SystemTime::now().duration_since(UNIX_EPOCH) else {
            return false;
        };
        let limit = now.saturating_sub(SETTLE).as_nanos() as i128;
        self.files
            .iter()
            .filter_map(|(_, meta)| *meta)
            .all(|m| m.modified < limit && m.changed < limit)
    }
}

fn walk(dir: &Path, out: &mut Vec<(PathBuf, Option<Meta>)>) -> io::Result<()> {
    out.push((dir.to_path_buf(), Meta::of(dir)));
    let mut entries: Vec<_> = fs::read_dir(dir)?
        .map(|e| e.map(|e| e.path()))
        .collect::<io::Result<_>>()?;
    entries.sort();
    for path in entries {
        if path.is_dir() {
            walk(&path, out)?;
        } else {
            out.push((path.clone(), Meta::of(&path)));
        }
    }
    Ok(())
}

/// What `compute` returns, remembered in `file` under `stamp`: `compute` runs again only when
/// the stamp no longer matches. The stamp must be taken before `compute` reads the files, so a
/// change in between is seen next time. A cache that cannot be read or written costs a
/// `compute`, never a wrong answer.
pub fn remembered<T: Serialize + DeserializeOwned>(
    file: &Path,
    stamp: Stamp,
    compute: impl FnOnce() -> Result<T>,
) -> Result<T> {
    #[derive(Deserialize)]
    struct Entry<T> {
        stamp: Stamp,
        value: T,
    }
    if let Ok(bytes) = fs::read(file)
        && let Ok(entry) = serde_json::from_slice::<Entry<T>>(&bytes)
        && entry.stamp == stamp
    {
        return Ok(entry.value);
    }
    let value = compute()?;
    if stamp.is_settled()
        && let Ok(bytes) = serde_json::to_vec(&serde_json::json!({
            "stamp": stamp,
            "value": &value,
        }))
    {
        let _ = write_atomic(file, &bytes);
    }
    Ok(value)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::cell::Cell;

    fn age(path: &Path) {
        let old = SystemTime::now() - Duration::from_secs(60);
        fs::File::options()
            .write(true)
            .open(path)
            .unwrap()
            .set_modified(old)
            .unwrap();
    }

    #[test]
    fn a_tree_s_stamp_changes_with_a_file_s_content_size_or_a_new_file() {
        let dir = tempfile::tempdir().unwrap();
        fs::create_dir(dir.path().join("sub")).unwrap();
        fs::write(dir.path().join("sub/a.rs"), "one").unwrap();
        let first = Stamp::of_tree(dir.path()).unwrap();
        assert_eq!(Stamp::of_tree(dir.path()).unwrap(), first);

        fs::write(dir.path().join("sub/a.rs"), "two").unwrap();
        let rewritten = Stamp::of_tree(dir.path()).unwrap();
        assert_ne!(rewritten, first, "same size, but written again");

        fs::write(dir.path().join("sub/b.rs"), "").unwrap();
        assert_ne!(Stamp::of_tree(dir.path()).unwrap(), rewritten);
    }

    #[test]
    fn a_fresh_change_is_not_settled_even_with_its_time_set_back() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("f");
        fs::write(&file, "x").unwrap();
        assert!(!Stamp::of_files(std::slice::from_ref(&file)).is_settled());
        age(&file);
        // The status-change time moved when the modification time was set back.
        assert!(!Stamp::of_files(std::slice::from_ref(&file)).is_settled());
        assert!(Stamp::of_files(&[dir.path().join("missing")]).is_settled());
    }

    #[test]
    fn a_remembered_value_is_computed_again_only_when_the_stamp_changes() {
        let dir = tempfile::tempdir().unwrap();
        let cache = dir.path().join("cache.json");
        let calls = Cell::new(0);
        let compute = |v: u32| {
            calls.set(calls.get() + 1);
            Ok(v)
        };
        // An empty stamp is settled, so it is remembered.
        let stamp = Stamp::default();
        assert_eq!(remembered(&cache, stamp.clone(), || compute(1)).unwrap(), 1);
        assert_eq!(remembered(&cache, stamp.clone(), || compute(2)).unwrap(), 1);
        assert_eq!(calls.get(), 1);
        let other = Stamp::of_files(&[dir.path().join("missing")]);
        assert_eq!(remembered(&cache, other, || compute(3)).unwrap(), 3);
        assert_eq!(calls.get(), 2);
        // A damaged cache is computed again, not an error.
        fs::write(&cache, "{").unwrap();
        assert_eq!(remembered(&cache, stamp, || compute(4)).unwrap(), 4);
    }

    #[test]
    fn an_unsettled_stamp_is_not_remembered() {
        let dir = tempfile::tempdir().unwrap();
        let cache = dir.path().join("cache.json");
        let fresh = dir.path().join("fresh");
        fs::write(&fresh, "x").unwrap();
        let stamp = Stamp::of_files(std::slice::from_ref(&fresh));
        assert_eq!(remembered(&cache, stamp.clone(), || Ok(1)).unwrap(), 1);
        assert!(!cache.exists());
        assert_eq!(remembered(&cache, stamp, || Ok(2)).unwrap(), 2);
    }
}
