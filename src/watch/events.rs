//! What watch mode reacts to, merged into one channel: saves of exercise files, keys, resizes and
//! finished checks. Every source blocks on its own thread, so an idle watch uses no CPU.

use std::collections::HashMap;
use std::path::PathBuf;
use std::sync::mpsc::Sender;
use std::time::Duration;

use anyhow::{Context, Result};
use notify_debouncer_mini::notify::{RecommendedWatcher, RecursiveMode};
use notify_debouncer_mini::{DebounceEventResult, Debouncer, new_debouncer};

use crate::course::Course;
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
    /// The terminal changed size.
    Resize,
    /// A check finished. `generation` tells a stale result from the latest one.
    Checked {
        index: usize,
        generation: u64,
        outcome: Result<Outcome, String>,
    },
    /// `check all` made progress, or finished (`done == total`).
    CheckedAll {
        done: usize,
        total: usize,
        passed: Option<Vec<bool>>,
    },
}

/// Editors write a save in bursts (a temp file, a rename, a metadata touch); 80 ms of quiet
/// after the last event for a path is one save.
const QUIET: Duration = Duration::from_millis(80);

/// Watches `exercises/` and sends one [`Event::Saved`] per save whose content changed.
pub fn watch_exercises(
    course: &Course,
    tx: Sender<Event>,
) -> Result<Debouncer<RecommendedWatcher>> {
    let root = course
        .root
        .canonicalize()
        .context("cannot resolve the course folder")?;
    let by_path: HashMap<PathBuf, usize> = course
        .exercises
        .iter()
        .enumerate()
        .map(|(i, e)| (root.join(&e.path), i))
        .collect();
    let mut last: HashMap<usize, Vec<u8>> = HashMap::new();
    for (path, &i) in &by_path {
        if let Ok(bytes) = std::fs::read(path) {
            last.insert(i, bytes);
        }
    }
    let mut debouncer = new_debouncer(QUIET, move |result: DebounceEventResult| {
        let Ok(events) = result else { return };
        for event in events {
            let Some(&index) = by_path.get(&event.path) else {
                // Swap files, backups and editors' temporary files land here too: only the
                // exercise files themselves count.
                continue;
            };
            // A file deleted and not yet recreated is not a save; a touch that left the content
            // as it was is not one either.
            let Ok(bytes) = std::fs::read(&event.path) else {
                continue;
            };
            if last.get(&index) == Some(&bytes) {
                continue;
            }
            last.insert(index, bytes);
            let _ = tx.send(Event::Saved(index));
        }
    })
    .context("cannot start watching files")?;
    let dir = root.join("exercises");
    debouncer
        .watcher()
        .watch(&dir, RecursiveMode::Recursive)
        .with_context(|| format!("cannot watch {}", dir.display()))?;
    Ok(debouncer)
}
