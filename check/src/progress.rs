//! Which exercises are done, in one small file at the course root, written atomically under a
//! lock so that two checkers at once never corrupt it.

use std::collections::BTreeSet;
use std::fs::{self, File};
use std::path::Path;

use anyhow::{Context, Result};
use serde::{Deserialize, Serialize};

use crate::course::Course;
use crate::fsutil::{remove_stale_temporaries, write_atomic};

/// The progress file's name, at the course root (git-ignored).
pub const PROGRESS_FILE: &str = ".coro-lings-progress.json";
const FORMAT: &str = "coro-lings progress";

/// What the learner has done.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Progress {
    format: String,
    version: u32,
    /// Ids of the exercises that passed their last check.
    pub done: BTreeSet<String>,
    /// The exercise the learner is on, if they moved away from the first pending one.
    pub current: Option<String>,
    /// Whether the welcome message has been shown.
    pub welcomed: bool,
}

impl Default for Progress {
    fn default() -> Self {
        Progress {
            format: FORMAT.to_string(),
            version: 1,
            done: BTreeSet::new(),
            current: None,
            welcomed: false,
        }
    }
}

/// What was found on disk.
#[derive(Debug)]
pub enum Loaded {
    /// A sound file.
    Found(Progress),
    /// No file yet: a fresh start.
    Missing,
    /// A file that is not ours or is damaged; the string says why.
    Damaged(String),
    /// A folder where the file should be: nothing can be saved until it goes, and rebuilding
    /// the progress would only fail at the end.
    Folder,
}

/// The one sentence for a progress file that became a folder, with the fix.
pub fn folder_error() -> anyhow::Error {
    anyhow::anyhow!(
        "{PROGRESS_FILE} is a folder, but coro-lings keeps your progress in a file of that \
         name: remove the folder (`rm -r {PROGRESS_FILE}`), then `{}` rebuilds \
         your progress from a check of every exercise",
        crate::invocation::command("verify")
    )
}

/// Reads the progress file under `root`.
pub fn load(root: &Path) -> Loaded {
    let path = root.join(PROGRESS_FILE);
    if path.is_dir() {
        return Loaded::Folder;
    }
    let bytes = match fs::read(&path) {
        Ok(b) => b,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Loaded::Missing,
        Err(e) => return Loaded::Damaged(format!("cannot be read ({e})")),
    };
    match serde_json::from_slice::<Progress>(&bytes) {
        Ok(p) if p.format == FORMAT && p.version == 1 => Loaded::Found(p),
        Ok(_) => Loaded::Damaged("is of another format or version".to_string()),
        Err(e) => Loaded::Damaged(format!("is damaged ({e})")),
    }
}

/// Re-reads the file, applies `change` and writes the result, holding a lock so that
/// concurrent checkers take turns. A damaged file is replaced by `change` applied to an empty
/// progress.
pub fn update(root: &Path, change: impl FnOnce(&mut Progress)) -> Result<Progress> {
    let lock_dir = crate::runner::work_dir(root);
    fs::create_dir_all(&lock_dir)
        .with_context(|| format!("cannot create {}", lock_dir.display()))?;
    let lock_path = lock_dir.join("progress.lock");
    let lock = File::create(&lock_path)
        .with_context(|| format!("cannot create {}", lock_path.display()))?;
    lock.lock()
        .with_context(|| format!("cannot lock {}", lock_path.display()))?;
    // Every writer holds this lock, so a temporary file of the progress file seen now is what
    // an interrupted write (a kill, a full disk) left behind: it would only clutter `git status`.
    remove_stale_temporaries(&root.join(PROGRESS_FILE));
    let (mut progress, found) = match load(root) {
        Loaded::Found(p) => (p, true),
        Loaded::Missing | Loaded::Damaged(_) => (Progress::default(), false),
        Loaded::Folder => return Err(folder_error()),
    };
    let before = found.then(|| progress.clone());
    change(&mut progress);
    // Unchanged progress is not written again: most checks change nothing (an unchanged
    // `verify`), and watch mode takes every write of the file for a change from outside.
    if before.as_ref() != Some(&progress) {
        let mut json = serde_json::to_vec_pretty(&progress)?;
        json.push(b'\n');
        write_atomic(&root.join(PROGRESS_FILE), &json)?;
    }
    Ok(progress)
}

impl Progress {
    /// [`Progress::record`] for the results of a check of `exercises`, in the same order; a
    /// check that could not run records nothing.
    pub fn record_all(
        &mut self,
        root: &Path,
        exercises: &[crate::course::Exercise],
        results: &[Result<crate::runner::Outcome>],
    ) {
        for (e, r) in exercises.iter().zip(results) {
            if let Ok(o) = r {
                self.record(root, e, o);
            }
        }
    }

    /// Records what `outcome` says of `exercise`, but only while its file is still the content
    /// that was checked: a check that began before an edit must not overwrite the verdict on
    /// the edited file. Call it inside [`update`], which holds the lock. Returns whether it was
    /// recorded.
    pub fn record(
        &mut self,
        root: &Path,
        exercise: &crate::course::Exercise,
        outcome: &crate::runner::Outcome,
    ) -> bool {
        use crate::runner::Status;
        if outcome.status == Status::Cancelled
            || crate::runner::file_hash(&root.join(&exercise.path)).as_deref()
                != Some(outcome.source_hash.as_str())
        {
            return false;
        }
        if outcome.status == Status::Passed {
            self.done.insert(exercise.id.clone());
        } else {
            self.done.remove(&exercise.id);
        }
        true
    }

    /// The exercise to work on: the chosen current one, else the first not done.
    pub fn current<'c>(&self, course: &'c Course) -> Option<&'c crate::course::Exercise> {
        self.current
            .as_deref()
            .and_then(|id| course.exercises.iter().find(|e| e.id == id))
            .or_else(|| self.first_pending(course))
    }

    /// The first exercise in course order that is not done.
    pub fn first_pending<'c>(&self, course: &'c Course) -> Option<&'c crate::course::Exercise> {
        course.exercises.iter().find(|e| !self.done.contains(&e.id))
    }

    /// How many of `ids` are done.
    pub fn count_done<'a>(&self, ids: impl IntoIterator<Item = &'a str>) -> usize {
        ids.into_iter().filter(|id| self.done.contains(*id)).count()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_missing_file_is_a_fresh_start_and_update_creates_it() {
        let dir = tempfile::tempdir().unwrap();
        assert!(matches!(load(dir.path()), Loaded::Missing));
        update(dir.path(), |p| {
            p.done.insert("rank1_a".into());
        })
        .unwrap();
        match load(dir.path()) {
            Loaded::Found(p) => assert!(p.done.contains("rank1_a")),
            other => panic!("expected the saved progress, got {other:?}"),
        }
    }

    #[test]
    fn an_update_that_changes_nothing_leaves_the_file_as_it_was() {
        use std::os::unix::fs::MetadataExt;
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join(PROGRESS_FILE);
        update(dir.path(), |p| {
            p.done.insert("rank1_a".into());
        })
        .unwrap();
        let inode = fs::metadata(&file).unwrap().ino();
        update(dir.path(), |p| {
            p.done.insert("rank1_a".into());
        })
        .unwrap();
        assert_eq!(fs::metadata(&file).unwrap().ino(), inode, "rewritten");
        update(dir.path(), |p| p.welcomed = true).unwrap();
        assert_ne!(fs::metadata(&file).unwrap().ino(), inode, "a change is written");
    }

    #[test]
    fn garbage_and_foreign_files_are_reported_as_damaged_and_replaced_on_update() {
        let dir = tempfile::tempdir().unwrap();
        fs::write(dir.path().join(PROGRESS_FILE), b"\x00\xffnot json").unwrap();
        assert!(matches!(load(dir.path()), Loaded::Damaged(_)));
        fs::write(
            dir.path().join(PROGRESS_FILE),
            br#"{"format":"other","version":1,"done":[],"current":null,"welcomed":false}"#,
        )
        .unwrap();
        assert!(matches!(load(dir.path()), Loaded::Damaged(_)));
        update(dir.path(), |_| {}).unwrap();
        assert!(matches!(load(dir.path()), Loaded::Found(_)));
    }

    #[test]
    fn an_outcome_is_recorded_only_for_the_content_it_checked() {
        use crate::runner::{Outcome, Status, file_hash};
        let dir = tempfile::tempdir().unwrap();
        let rel = std::path::PathBuf::from("exercises/rank1/a.rs");
        fs::create_dir_all(dir.path().join("exercises/rank1")).unwrap();
        fs::write(dir.path().join(&rel), "fixed").unwrap();
        let exercise = crate::course::Exercise {
            id: "rank1_a".into(),
            rank: 1,
            name: "a".into(),
            mode: crate::course::Mode::Test,
            fails_as: crate::course::FailsAs::Test,
            summary: String::new(),
            hints: Vec::new(),
            timeout_secs: 10,
            clippy: false,
            limits: Default::default(),
            path: rel.clone(),
            solution: rel.clone(),
        };
        let outcome = |status, content: &str| {
            fs::write(dir.path().join("probe"), content).unwrap();
            Outcome {
                status,
                output: String::new(),
                duration: std::time::Duration::ZERO,
                reason: None,
                source_hash: file_hash(&dir.path().join("probe")).unwrap(),
                trace: Vec::new(),
                cached: false,
            }
        };
        let mut p = Progress::default();
        assert!(p.record(dir.path(), &exercise, &outcome(Status::Passed, "fixed")));
        assert!(p.done.contains("rank1_a"));
        // A slow check of the old, broken content ends after the pass: it must not undo it.
        assert!(!p.record(dir.path(), &exercise, &outcome(Status::Failed, "broken")));
        assert!(
            p.done.contains("rank1_a"),
            "a stale failure overwrote the pass"
        );
    }

    #[test]
    fn a_folder_in_place_of_the_file_is_one_sentence_with_the_fix() {
        let dir = tempfile::tempdir().unwrap();
        fs::create_dir(dir.path().join(PROGRESS_FILE)).unwrap();
        assert!(matches!(load(dir.path()), Loaded::Folder));
        let err = format!("{:#}", update(dir.path(), |_| {}).unwrap_err());
        assert!(
            err.contains("is a folder") && err.contains("rm -r"),
            "{err}"
        );
    }

    #[test]
    fn an_update_removes_what_an_interrupted_write_left() {
        let dir = tempfile::tempdir().unwrap();
        let stale = dir.path().join(format!(
            "{}{PROGRESS_FILE}.4242.0",
            crate::fsutil::TEMP_PREFIX
        ));
        fs::write(&stale, "").unwrap();
        update(dir.path(), |_| {}).unwrap();
        assert!(!stale.exists());
    }

    #[test]
    fn concurrent_updates_all_land() {
        let dir = tempfile::tempdir().unwrap();
        std::thread::scope(|s| {
            for i in 0..8 {
                let root = dir.path();
                s.spawn(move || {
                    update(root, |p| {
                        p.done.insert(format!("rank1_e{i}"));
                    })
                    .unwrap()
                });
            }
        });
        match load(dir.path()) {
            Loaded::Found(p) => assert_eq!(p.done.len(), 8, "no update may be lost"),
            other => panic!("{other:?}"),
        }
    }
}
