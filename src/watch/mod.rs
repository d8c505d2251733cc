//! Watch mode: the learner's screen. Events (saves, keys, finished checks) flow into the
//! `app::App` state, the loop carries out the effects, and `screen` draws the result; without
//! a terminal, plain lines replace the screen.

mod app;
mod events;
mod screen;
mod text;

use std::collections::HashMap;
use std::io::{self, BufRead, IsTerminal, Write};
use std::path::Path;
use std::process::ExitCode;
use std::sync::mpsc::{self, Receiver, Sender};
use std::sync::{Arc, Mutex};
use std::thread;

use anyhow::Result;
use colored::Colorize;
use crossterm::event::{KeyCode, KeyEvent, KeyEventKind, KeyModifiers};
use crossterm::{cursor, execute, terminal};

use crate::course::Exercise;
use crate::draw;
use crate::output::{WriteError, outln};
use crate::progress;
use crate::runner::{Cache, Cancel, Runner, Status, Which, color_wanted};
use crate::session;
use app::{App, Effect};
use events::Event;

/// Runs watch mode on the course at `root` until the learner quits.
pub fn run(root: &Path, manual_run: bool) -> Result<ExitCode> {
    let session = session::open(root)?;
    let interactive = io::stdin().is_terminal() && io::stdout().is_terminal();
    let runner = Arc::new(Runner::new(&session.course, interactive && color_wanted())?);
    let (tx, rx) = mpsc::channel();
    // Kept alive for as long as watch mode runs: dropping it stops the notifications.
    let _watcher = if manual_run {
        None
    } else {
        Some(events::watch_course(&session.course, tx.clone())?)
    };
    let mut app = App::new(session.course, session.progress);
    // Already on standard error, which the screen is about to cover: repeat it there.
    if let Some(w) = session.warnings.first() {
        let more = session.warnings.len() - 1;
        let mut message = format!("warning: {}", session::learner_warning(w));
        if more > 0 {
            message.push_str(&format!(" ({more} more: `coro-lings list` names them)"));
        }
        app.message = Some(message);
    }
    let mut watch = Watch {
        root: root.to_path_buf(),
        runner,
        tx,
        checks: HashMap::new(),
        generation: 0,
        all_running: false,
    };
    if interactive {
        screen_loop(&mut watch, app, &rx)
    } else {
        plain_loop(&mut watch, app, &rx, manual_run)
    }
}

/// Carries out effects: starts and cancels checks, records progress.
struct Watch {
    root: std::path::PathBuf,
    runner: Arc<Runner>,
    tx: Sender<Event>,
    /// The latest check of each exercise: its generation and how to cancel it.
    checks: HashMap<usize, (u64, Cancel)>,
    generation: u64,
    /// Whether a `check all` is under way.
    all_running: bool,
}

impl Watch {
    /// Starts a check of the exercise at `index` on its own thread, cancelling an older one.
    fn check(&mut self, index: usize, exercise: &Exercise, cache: Cache) {
        if let Some((_, older)) = self.checks.remove(&index) {
            older.cancel();
        }
        self.generation += 1;
        let generation = self.generation;
        let cancel = Cancel::new();
        self.checks.insert(index, (generation, cancel.clone()));
        let (runner, tx, exercise) = (self.runner.clone(), self.tx.clone(), exercise.clone());
        thread::spawn(move || {
            let outcome = runner
                .check_with(&exercise, Which::Exercise, &cancel, cache)
                .map_err(|e| format!("{e:#}"));
            let _ = tx.send(Event::Checked {
                index,
                generation,
                outcome,
            });
        });
    }

    /// Whether a finished check is the latest one of its exercise.
    fn is_latest(&mut self, index: usize, generation: u64) -> bool {
        match self.checks.get(&index) {
            Some((g, _)) if *g == generation => {
                self.checks.remove(&index);
                true
            }
            _ => false,
        }
    }

    fn check_all(&mut self, exercises: &[Exercise]) {
        self.all_running = true;
        let (runner, tx, exercises) = (self.runner.clone(), self.tx.clone(), exercises.to_vec());
        let root = self.root.clone();
        thread::spawn(move || {
            let jobs: Vec<(&Exercise, Which)> =
                exercises.iter().map(|e| (e, Which::Exercise)).collect();
            let total = jobs.len();
            let done = Mutex::new(0usize);
            let progress_tx = Mutex::new(tx.clone());
            let results = runner.check_many(&jobs, &|_, _| {
                let mut n = done.lock().unwrap_or_else(|e| e.into_inner());
                *n += 1;
                let tx = progress_tx.lock().unwrap_or_else(|e| e.into_inner());
                let _ = tx.send(Event::CheckedAll {
                    done: *n,
                    total,
                    passed: None,
                });
            });
            // Recorded here, under the progress lock, only for files still as they were
            // checked; the screen then shows what the file says.
            let recorded = progress::update(&root, |p| p.record_all(&root, &exercises, &results));
            let passed = match recorded {
                Ok(p) => exercises.iter().map(|e| p.done.contains(&e.id)).collect(),
                Err(_) => results
                    .iter()
                    .map(|r| matches!(r, Ok(o) if o.status == Status::Passed))
                    .collect(),
            };
            let _ = tx.send(Event::CheckedAll {
                done: total,
                total,
                passed: Some(passed),
            });
        });
    }

    /// Carries out `effects`; returns true when watch mode should end.
    fn apply(&mut self, app: &mut App, effects: Vec<Effect>) -> Result<bool> {
        for effect in effects {
            match effect {
                Effect::Quit => return Ok(true),
                Effect::Check(i) | Effect::Recheck(i) => {
                    if i == app.current {
                        app.checking = true;
                    }
                    let exercise = app.course.exercises[i].clone();
                    let cache = if matches!(effect, Effect::Recheck(_)) {
                        Cache::Refresh
                    } else {
                        Cache::Use
                    };
                    self.check(i, &exercise, cache);
                }
                Effect::CheckAll => self.check_all(&app.course.exercises),
                Effect::SaveCurrent => {
                    let current = app.progress.current.clone();
                    progress::update(&self.root, |p| p.current = current)?;
                }
                Effect::Reset(i) => {
                    let exercise = app.course.exercises[i].clone();
                    app.message = Some(match session::reset_exercise(&self.root, &exercise) {
                        Ok(Some(backup)) => {
                            app.progress.done.remove(&exercise.id);
                            format!(
                                "Reset {}; your version is in {}.",
                                exercise.path.display(),
                                backup.display()
                            )
                        }
                        Ok(None) => format!("{} is already as shipped.", exercise.path.display()),
                        Err(e) => format!("Reset failed: {e:#}"),
                    });
                    if i == app.current {
                        app.outcome = None;
                        self.check(i, &exercise, Cache::Use);
                        app.checking = true;
                    }
                }
            }
        }
        Ok(false)
    }

    /// Shows the results of `check all` (the check-all thread has recorded them already).
    fn checked_all(&mut self, app: &mut App, passed: &[bool]) -> Vec<Effect> {
        self.all_running = false;
        app.on_checked_all(passed)
    }

    /// Whether no check is running: nothing more will arrive unless asked for.
    fn idle(&self) -> bool {
        self.checks.is_empty() && !self.all_running
    }

    /// Takes the progress file's list of passed exercises when another process (a `verify`,
    /// a `run`, another watch) changed it, so that the bars and `n` tell the truth. Returns
    /// whether anything changed. Every write of this process is made before the next event is
    /// handled, so the file is never older than what the app knows.
    fn reload_progress(&self, app: &mut App) -> bool {
        match progress::load(&self.root) {
            progress::Loaded::Found(p) if p.done != app.progress.done => {
                app.progress.done = p.done;
                true
            }
            _ => false,
        }
    }

    /// Records a finished check in the app and in the progress file.
    fn record(
        &mut self,
        app: &mut App,
        index: usize,
        generation: u64,
        outcome: Result<crate::runner::Outcome, String>,
    ) -> Result<()> {
        if !self.is_latest(index, generation) {
            return Ok(());
        }
        match outcome {
            Ok(outcome) => {
                let exercise = app.course.exercises[index].clone();
                progress::update(&self.root, |p| {
                    p.record(&self.root, &exercise, &outcome);
                })?;
                app.on_checked(index, outcome);
            }
            Err(e) => {
                if index == app.current {
                    app.checking = false;
                }
                app.message = Some(format!("The check could not run: {e}"));
            }
        }
        Ok(())
    }
}

/// Puts the terminal back however watch mode ends: return, error, or panic.
struct TerminalGuard;

impl TerminalGuard {
    fn enter() -> Result<TerminalGuard> {
        terminal::enable_raw_mode()?;
        let guard = TerminalGuard;
        execute!(io::stdout(), terminal::EnterAlternateScreen, cursor::Hide)?;
        // A panic or a signal puts the terminal back through the common way out.
        crate::procs::set_restore(Some(restore_terminal));
        Ok(guard)
    }
}

fn restore_terminal() {
    let _ = execute!(io::stdout(), cursor::Show, terminal::LeaveAlternateScreen);
    let _ = terminal::disable_raw_mode();
}

impl Drop for TerminalGuard {
    fn drop(&mut self) {
        crate::procs::set_restore(None);
        restore_terminal();
    }
}

fn screen_loop(watch: &mut Watch, mut app: App, rx: &Receiver<Event>) -> Result<ExitCode> {
    let _guard = TerminalGuard::enter()?;
    let keys = watch.tx.clone();
    thread::spawn(move || {
        while let Ok(event) = crossterm::event::read() {
            let event = match event {
                crossterm::event::Event::Key(k) if k.kind != KeyEventKind::Release => Event::Key(k),
                crossterm::event::Event::Resize(..) => Event::Resize,
                _ => continue,
            };
            if keys.send(event).is_err() {
                break;
            }
        }
    });
    let first = app.current;
    let effects = vec![Effect::Check(first)];
    watch.apply(&mut app, effects)?;
    if app.welcome {
        progress::update(&watch.root, |p| p.welcomed = true)?;
    }
    let mut out = io::stdout();
    loop {
        // A terminal that does not know its size (some ptys report 0x0) gets the classic one.
        let (w, h) = match terminal::size() {
            Ok((w, h)) if w > 0 && h > 0 => (w, h),
            _ => (80, 24),
        };
        screen::draw(&mut out, &app, w, h)?;
        let Ok(event) = rx.recv() else { break };
        let effects = match event {
            Event::Key(k) => app.on_key(k),
            Event::Saved(i) => app.on_saved(i),
            Event::Checked {
                index,
                generation,
                outcome,
            } => {
                watch.record(&mut app, index, generation, outcome)?;
                vec![]
            }
            Event::CheckedAll {
                done,
                total,
                passed: None,
            } => {
                app.check_all = Some((done, total));
                vec![]
            }
            Event::CheckedAll {
                passed: Some(passed),
                ..
            } => watch.checked_all(&mut app, &passed),
            Event::ProgressChanged => {
                if watch.reload_progress(&mut app) {
                    app.message =
                        Some("Progress changed elsewhere: the bars are up to date.".into());
                }
                vec![]
            }
            Event::Resize | Event::Line(_) | Event::InputClosed => vec![],
        };
        if watch.apply(&mut app, effects)? {
            break;
        }
    }
    Ok(ExitCode::SUCCESS)
}

/// Without a terminal: one line per event, and commands as typed lines (h, n, s, r, c, q).
fn plain_loop(
    watch: &mut Watch,
    mut app: App,
    rx: &Receiver<Event>,
    manual_run: bool,
) -> Result<ExitCode> {
    let lines = watch.tx.clone();
    thread::spawn(move || {
        for line in io::stdin().lock().lines() {
            let Ok(line) = line else { break };
            if lines.send(Event::Line(line.trim().to_string())).is_err() {
                return;
            }
        }
        let _ = lines.send(Event::InputClosed);
    });
    let current = &app.course.exercises[app.current];
    outln!(
        "coro-lings watch: the current exercise is {} ({}). {} Type h, n, s, r, c or q and Enter.",
        current.id,
        current.path.display(),
        if manual_run {
            "Type r to check it."
        } else {
            "Save it to check it."
        }
    );
    if let Some(m) = app.message.take() {
        outln!("{m}");
    }
    if app.welcome {
        outln!("{}", app.course.welcome_message);
        progress::update(&watch.root, |p| p.welcomed = true)?;
        app.welcome = false;
    }
    let first = vec![Effect::Check(app.current)];
    watch.apply(&mut app, first)?;
    let mut out = io::stdout();
    // Set when standard input ends: watch mode then ends as soon as no check is running, since
    // nobody can type q (a pipeline or a CI job would otherwise wait forever).
    let mut input_closed = false;
    while let Ok(event) = rx.recv() {
        let before = (app.current, app.hints_shown, app.view.clone());
        let effects = match event {
            Event::Line(line) => {
                let Some(c) = line.chars().next() else {
                    continue;
                };
                app.on_key(KeyEvent::new(KeyCode::Char(c), KeyModifiers::NONE))
            }
            Event::Key(k) => app.on_key(k),
            Event::Saved(i) => {
                writeln!(
                    out,
                    "saved {}: checking",
                    app.course.exercises[i].path.display()
                )
                .map_err(WriteError)?;
                app.on_saved(i)
            }
            Event::Checked {
                index,
                generation,
                outcome,
            } => {
                let shown = index == app.current;
                watch.record(&mut app, index, generation, outcome)?;
                if shown && !app.checking {
                    print_result(&mut out, &app).map_err(WriteError)?;
                }
                vec![]
            }
            Event::CheckedAll {
                passed: Some(passed),
                ..
            } => watch.checked_all(&mut app, &passed),
            Event::InputClosed => {
                input_closed = true;
                vec![]
            }
            Event::ProgressChanged => {
                if watch.reload_progress(&mut app) {
                    let total = app.course.exercises.len();
                    let done = app
                        .progress
                        .count_done(app.course.exercises.iter().map(|e| e.id.as_str()));
                    writeln!(
                        out,
                        "progress changed elsewhere: {done} of {total} exercises pass"
                    )
                    .map_err(WriteError)?;
                }
                vec![]
            }
            Event::CheckedAll { .. } | Event::Resize => vec![],
        };
        if app.current != before.0 {
            let e = &app.course.exercises[app.current];
            writeln!(out, "now on {} ({})", e.id, e.path.display()).map_err(WriteError)?;
        }
        if app.hints_shown > before.1 {
            let e = &app.course.exercises[app.current];
            writeln!(out, "{}", draw::hint(e, app.hints_shown)).map_err(WriteError)?;
        }
        if app.view != before.2 && app.view == app::View::Solution {
            let e = &app.course.exercises[app.current];
            writeln!(out, "solution: {}", e.solution.display()).map_err(WriteError)?;
        }
        if let Some(m) = app.message.take() {
            writeln!(out, "{m}").map_err(WriteError)?;
        }
        if watch.apply(&mut app, effects)? {
            break;
        }
        if input_closed && watch.idle() {
            outln!(
                "standard input is closed, so no command can come: watch mode ends (keep its \
                 input open to go on watching, or use `coro-lings verify` in scripts)"
            );
            break;
        }
    }
    Ok(ExitCode::SUCCESS)
}

fn print_result(out: &mut impl Write, app: &App) -> io::Result<()> {
    let e = &app.course.exercises[app.current];
    let Some(o) = &app.outcome else { return Ok(()) };
    if o.status == Status::Passed {
        writeln!(
            out,
            "{} {} passes. Solution: {}",
            "✓".green(),
            e.id,
            e.solution.display()
        )?;
        if app.all_done() {
            writeln!(out, "{}", app.course.final_message)?;
        }
    } else {
        // A pipe's reader may still be a terminal (`coro-lings watch | tee log`).
        write!(out, "{}", text::sanitize(&o.output))?;
        writeln!(out, "{} {} {}", "✗".red(), e.id, o.status.label())?;
    }
    out.flush()
}
