//! What watch mode reacts to, merged into one channel: saves of exercise files, changes of the
//! progress file by other processes, keys, resizes and finished checks. Every source blocks on
//! its own thread, so an idle watch uses no CPU.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::mpsc::{self, Receiver, RecvTimeoutError, Sender};
use std::sync::{Arc, Mutex, Weak};
use std::thread;
use std::time::{Duration, Instant};

use anyhow::{Context, Result};
use notify::event::{AccessKind, AccessMode, EventKind, ModifyKind, RenameMode};
use notify::{RecommendedWatcher, RecursiveMode, Watcher};

use crate::course::Course;
use crate::progress::PROGRESS_FILE;
use crate::runner::Outcome;

/// Something happened.
#[derive(Debug)]
pub enum Event {
    /// The exercise at this index of the course was saved with new content.
    Saved(usize),
    /// A key, as the terminal reported it.
    Key(crossterm::event::KeyEvent),
    /// A line typed in plain mode.
    Line(String),
    /// Standard input reached its end (plain mode): no command can come any more.
    InputClosed,
    /// The progress file changed, perhaps by another process (`coro-lings verify`).
    ProgressChanged,
    /// The terminal changed size.
    Resize,
    /// Watching the files failed: a save may go unnoticed until the learner presses r.
    WatchError(String),
    /// A check finished. `generation` tells a stale result from the latest one.
    Checked {
        index: usize,
        generation: u64,
        outcome: Result<Outcome, String>,
    },
    /// An example finished running.
    ExampleRan {
        name: String,
        result: Result<Outcome, String>,
    },
    /// `check all` made progress, or finished (`done == total`).
    CheckedAll {
        done: usize,
        total: usize,
        passed: Option<Vec<bool>>,
    },
}

/// Editors write a save in bursts (a temp file, a rename, a metadata touch) that last a few
/// milliseconds; 20 ms of quiet after the last event for a file is one save. A burst that takes
/// longer costs at most a check that the next one cancels, since only changed content counts.
/// A file closed after writing, or renamed into place, is whole at once: it waits for nothing
/// (what the editor does next, a metadata touch, leaves the content as it was and is no save).
const QUIET: Duration = Duration::from_millis(20);

/// One file event as the debouncer sees it.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Raw {
    path: PathBuf,
    /// The path came into being (created, or renamed to).
    appeared: bool,
    /// Its content is whole now (closed after writing, or renamed to).
    whole: bool,
}

/// Keeps the file watch alive; dropping it stops the notifications.
pub struct CourseWatch {
    _watcher: Arc<Mutex<RecommendedWatcher>>,
}

/// What a path under watch stands for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
enum Target {
    Exercise(usize),
    Progress,
}

/// What the debouncer needs to know about the course's files.
struct Paths {
    exercises_dir: PathBuf,
    progress: PathBuf,
    by_path: HashMap<PathBuf, usize>,
}

impl Paths {
    fn target(&self, path: &Path) -> Option<Target> {
        if path == self.progress {
            return Some(Target::Progress);
        }
        self.by_path.get(path).map(|&i| Target::Exercise(i))
    }

    fn path_of(&self, index: usize) -> Option<&PathBuf> {
        self.by_path
            .iter()
            .find(|(_, j)| **j == index)
            .map(|(p, _)| p)
    }
}

/// Watches `exercises/` (recursively) and the course root (not recursively: the progress file,
/// and `exercises/` itself coming back after `git checkout -- exercises`, which a watch on the
/// folder alone cannot see since it died with the folder). Sends one [`Event::Saved`] per save
/// whose content changed and one [`Event::ProgressChanged`] per burst of writes to the progress
/// file.
pub fn watch_course(course: &Course, tx: Sender<Event>) -> Result<CourseWatch> {
    let root = course
        .root
        .canonicalize()
        .context("cannot resolve the course folder")?;
    let paths = Paths {
        exercises_dir: root.join("exercises"),
        progress: root.join(PROGRESS_FILE),
        by_path: course
            .exercises
            .iter()
            .enumerate()
            .map(|(i, e)| (root.join(&e.path), i))
            .collect(),
    };
    let (raw_tx, raw_rx) = mpsc::channel::<Raw>();
    let errors = tx.clone();
    let watcher = notify::recommended_watcher(move |result| forward(result, &raw_tx, &errors))
        .context("cannot start watching files")?;
    let watcher = Arc::new(Mutex::new(watcher));
    {
        let mut w = watcher.lock().unwrap_or_else(|e| e.into_inner());
        w.watch(&root, RecursiveMode::NonRecursive)
            .with_context(|| format!("cannot watch {}", root.display()))?;
        w.watch(&paths.exercises_dir, RecursiveMode::Recursive)
            .with_context(|| format!("cannot watch {}", paths.exercises_dir.display()))?;
    }
    // Weak: the thread ends when the watcher is dropped (its callback holds the sender), and a
    // strong reference here would keep it alive forever.
    let weak = Arc::downgrade(&watcher);
    thread::spawn(move || debounce(&raw_rx, &paths, &weak, &tx));
    Ok(CourseWatch { _watcher: watcher })
}

/// Passes a file event on to the debouncer as its paths, and an error on to watch mode, which
/// shows it: a watch that stopped working must not look like a course nobody edits.
fn forward(result: notify::Result<notify::Event>, raw: &Sender<Raw>, errors: &Sender<Event>) {
    match result {
        Ok(event) => {
            let written = event.kind == EventKind::Access(AccessKind::Close(AccessMode::Write));
            // Reading a file is an event too (open, close): reacting to those would make the
            // debouncer's own reads wake it up forever.
            if event.kind.is_access() && !written {
                return;
            }
            let appeared = matches!(
                event.kind,
                EventKind::Create(_) | EventKind::Modify(ModifyKind::Name(_))
            );
            // A rename's new name is whole; an event with both names lists the old one first,
            // and that one is only gone.
            let last = event.paths.len().saturating_sub(1);
            let renamed_to = |i: usize| match event.kind {
                EventKind::Modify(ModifyKind::Name(RenameMode::To)) => true,
                EventKind::Modify(ModifyKind::Name(RenameMode::Both)) => i == last,
                _ => false,
            };
            for (i, path) in event.paths.iter().enumerate() {
                let _ = raw.send(Raw {
                    path: path.clone(),
                    appeared,
                    whole: written || renamed_to(i),
                });
            }
        }
        Err(e) => {
            let _ = errors.send(Event::WatchError(e.to_string()));
        }
    }
}

/// Turns raw events into saves: waits for a quiet period per file, then sends the file if its
/// content changed. Blocks without a timeout while nothing is pending, so an idle watch costs
/// no CPU.
fn debounce(
    raw: &Receiver<Raw>,
    paths: &Paths,
    watcher: &Weak<Mutex<RecommendedWatcher>>,
    tx: &Sender<Event>,
) {
    let mut last: HashMap<usize, Vec<u8>> = paths
        .by_path
        .iter()
        .filter_map(|(path, &i)| std::fs::read(path).ok().map(|b| (i, b)))
        .collect();
    let mut pending: HashMap<Target, Instant> = HashMap::new();
    loop {
        let next = match pending.values().min() {
            None => raw.recv().map_err(|_| RecvTimeoutError::Disconnected),
            Some(deadline) => raw.recv_timeout(deadline.saturating_duration_since(Instant::now())),
        };
        match next {
            Ok(Raw {
                path,
                appeared,
                whole,
            }) => {
                if appeared && path == paths.exercises_dir && path.is_dir() {
                    // The folder came back: watch it again, and compare every exercise, since
                    // what came back may differ from what was last seen.
                    let Some(watcher) = watcher.upgrade() else {
                        return;
                    };
                    let mut w = watcher.lock().unwrap_or_else(|e| e.into_inner());
                    match w.watch(&path, RecursiveMode::Recursive) {
                        Ok(()) => {
                            let due = Instant::now() + QUIET;
                            for &i in paths.by_path.values() {
                                pending.insert(Target::Exercise(i), due);
                            }
                        }
                        Err(e) => {
                            let why = format!("cannot watch {} again: {e}", path.display());
                            if tx.send(Event::WatchError(why)).is_err() {
                                return;
                            }
                        }
                    }
                }
                // Swap files, backups and editors' temporary files are neither: ignored.
                if let Some(target) = paths.target(&path) {
                    let wait = if whole { Duration::ZERO } else { QUIET };
                    pending.insert(target, Instant::now() + wait);
                }
            }
            Err(RecvTimeoutError::Disconnected) => return,
            Err(RecvTimeoutError::Timeout) => {}
        }
        let now = Instant::now();
        let due: Vec<Target> = pending
            .iter()
            .filter(|(_, d)| **d <= now)
            .map(|(t, _)| *t)
            .collect();
        for target in due {
            pending.remove(&target);
            let event = match target {
                Target::Progress => Event::ProgressChanged,
                Target::Exercise(i) => {
                    let Some(path) = paths.path_of(i) else {
                        continue;
                    };
                    // A file deleted and not yet recreated is not a save; neither is a touch
                    // that left the content as it was.
                    let Ok(bytes) = std::fs::read(path) else {
                        continue;
                    };
                    if last.get(&i) == Some(&bytes) {
                        continue;
                    }
                    last.insert(i, bytes);
                    Event::Saved(i)
                }
            };
            if tx.send(event).is_err() {
                return;
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_watch_error_reaches_watch_mode_and_an_event_reaches_the_debouncer() {
        let (raw_tx, raw_rx) = mpsc::channel();
        let (tx, rx) = mpsc::channel();
        forward(Err(notify::Error::generic("inotify gave up")), &raw_tx, &tx);
        match rx.try_recv() {
            Ok(Event::WatchError(why)) => assert!(why.contains("inotify gave up"), "{why}"),
            other => panic!("expected a watch error, got {other:?}"),
        }
        let saved = notify::Event::new(EventKind::Create(notify::event::CreateKind::File))
            .add_path(PathBuf::from("exercises/rank1/a.rs"));
        forward(Ok(saved), &raw_tx, &tx);
        assert_eq!(
            raw_rx.try_recv().unwrap(),
            Raw {
                path: PathBuf::from("exercises/rank1/a.rs"),
                appeared: true,
                whole: false
            }
        );
        assert!(rx.try_recv().is_err(), "a file event is no error");
    }

    #[test]
    fn a_file_closed_after_writing_is_whole_and_one_only_read_is_no_event() {
        let (raw_tx, raw_rx) = mpsc::channel();
        let (tx, _rx) = mpsc::channel();
        let event = |kind| notify::Event::new(kind).add_path(PathBuf::from("a.rs"));
        forward(
            Ok(event(EventKind::Access(AccessKind::Close(
                AccessMode::Read,
            )))),
            &raw_tx,
            &tx,
        );
        assert!(raw_rx.try_recv().is_err(), "a read is no event");
        for (kind, whole) in [
            (
                EventKind::Access(AccessKind::Close(AccessMode::Write)),
                true,
            ),
            (EventKind::Modify(ModifyKind::Name(RenameMode::To)), true),
            (
                EventKind::Modify(ModifyKind::Data(notify::event::DataChange::Any)),
                false,
            ),
        ] {
            forward(Ok(event(kind)), &raw_tx, &tx);
            assert_eq!(raw_rx.try_recv().unwrap().whole, whole, "{kind:?}");
        }
    }

    /// vim saves by moving the file to a backup and writing a new one: the event that names
    /// both paths must not take the moved-away file for a finished save.
    #[test]
    fn a_rename_with_both_names_makes_only_the_new_name_whole() {
        let (raw_tx, raw_rx) = mpsc::channel();
        let (tx, _rx) = mpsc::channel();
        let renamed = notify::Event::new(EventKind::Modify(ModifyKind::Name(RenameMode::Both)))
            .add_path(PathBuf::from("a.rs"))
            .add_path(PathBuf::from("a.rs~"));
        forward(Ok(renamed), &raw_tx, &tx);
        let sent: Vec<(PathBuf, bool)> = raw_rx.try_iter().map(|r| (r.path, r.whole)).collect();
        assert_eq!(
            sent,
            [
                (PathBuf::from("a.rs"), false),
                (PathBuf::from("a.rs~"), true)
            ]
        );
    }
}
