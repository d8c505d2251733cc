//! What watch mode reacts to, merged into one channel: saves of exercise files, keys, resizes and
//! finished checks. Every source blocks on its own thread, so an idle watch uses no CPU.

use std::collections::HashMap;
use std::path::PathBuf;
use std::sync::mpsc::{self, Receiver, RecvTimeoutError, Sender};
use std::thread;
use std::time::{Duration, Instant};

use anyhow::{Context, Result};
use notify::{RecommendedWatcher, RecursiveMode, Watcher};

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

/// Editors write a save in bursts (a temp file, a rename, a metadata touch) that last a few
/// milliseconds; 20 ms of quiet after the last event for a file is one save. A burst that takes
/// longer costs at most a check that the next one cancels, since only changed content counts.
const QUIET: Duration = Duration::from_millis(20);

/// Watches `exercises/` and sends one [`Event::Saved`] per save whose content changed. The
/// returned watcher must be kept alive.
pub fn watch_exercises(course: &Course, tx: Sender<Event>) -> Result<RecommendedWatcher> {
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
    let (raw_tx, raw_rx) = mpsc::channel::<PathBuf>();
    let mut watcher = notify::recommended_watcher(move |result: notify::Result<notify::Event>| {
        // Reading a file is an event too (open, close): reacting to those would make the
        // debouncer's own reads wake it up forever.
        if let Some(event) = result.ok().filter(|e| !e.kind.is_access()) {
            for path in event.paths {
                let _ = raw_tx.send(path);
            }
        }
    })
    .context("cannot start watching files")?;
    let dir = root.join("exercises");
    watcher
        .watch(&dir, RecursiveMode::Recursive)
        .with_context(|| format!("cannot watch {}", dir.display()))?;
    thread::spawn(move || debounce(&raw_rx, &by_path, &tx));
    Ok(watcher)
}

/// Turns raw events into saves: waits for a quiet period per file, then sends the file if its
/// content changed. Blocks without a timeout while nothing is pending, so an idle watch costs
/// no CPU.
fn debounce(raw: &Receiver<PathBuf>, by_path: &HashMap<PathBuf, usize>, tx: &Sender<Event>) {
    let mut last: HashMap<usize, Vec<u8>> = by_path
        .iter()
        .filter_map(|(path, &i)| std::fs::read(path).ok().map(|b| (i, b)))
        .collect();
    let mut pending: HashMap<usize, Instant> = HashMap::new();
    loop {
        let next = match pending.values().min() {
            None => raw.recv().map_err(|_| RecvTimeoutError::Disconnected),
            Some(deadline) => raw.recv_timeout(deadline.saturating_duration_since(Instant::now())),
        };
        match next {
            // Swap files, backups and editors' temporary files are not exercises: ignored.
            Ok(path) => {
                if let Some(&i) = by_path.get(&path) {
                    pending.insert(i, Instant::now() + QUIET);
                }
            }
            Err(RecvTimeoutError::Disconnected) => return,
            Err(RecvTimeoutError::Timeout) => {}
        }
        let now = Instant::now();
        let due: Vec<usize> = pending
            .iter()
            .filter(|(_, d)| **d <= now)
            .map(|(i, _)| *i)
            .collect();
        for i in due {
            pending.remove(&i);
            let Some(path) = by_path.iter().find(|(_, j)| **j == i).map(|(p, _)| p) else {
                continue;
            };
            // A file deleted and not yet recreated is not a save; neither is a touch that left
            // the content as it was.
            let Ok(bytes) = std::fs::read(path) else {
                continue;
            };
            if last.get(&i) == Some(&bytes) {
                continue;
            }
            last.insert(i, bytes);
            if tx.send(Event::Saved(i)).is_err() {
                return;
            }
        }
    }
}
