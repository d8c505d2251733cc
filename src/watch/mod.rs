//! Watch mode: the learner's screen. Events (saves, keys, finished checks) become
//! `app::Input`s for the `app::App` state; the loop carries out the effects it asks for, and
//! `screen` draws the frame from the state; without a terminal, plain lines tell the notices.

mod app;
mod events;
mod screen;
mod text;

use std::collections::HashMap;
use std::io::{self, BufRead, IsTerminal, Write};
use std::path::{Path, PathBuf};
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
use crate::examples::{self, Example};
use crate::output::{WriteError, outln};
use crate::progress;
use crate::runner::{Cache, Cancel, Runner, Status, Which, color_wanted};
use crate::session;
use app::{App, CheckState, Effect, Input, Notice, Page};
use events::Event;

/// Runs watch mode on the course at `root` until the learner quits.
pub fn run(root: &Path, manual_run: bool) -> Result<ExitCode> {
    let session = session::open(root)?;
    let interactive = io::stdin().is_terminal() && io::stdout().is_terminal();
    let runner = Arc::new(Runner::new(&session.course, interactive && color_wanted())?);
    let examples = examples::find(root)?;
    let (tx, rx) = mpsc::channel();
    // Kept alive for as long as watch mode runs: dropping it stops the notifications.
    let _watcher = if manual_run {
        None
    } else {
        Some(events::watch_course(&session.course, tx.clone())?)
    };
    // Already on standard error, which the screen is about to cover: repeat it there.
    let warning = session.warnings.first().map(|w| {
        let more = session.warnings.len() - 1;
        let mut message = format!("warning: {}", session::learner_warning(w));
        if more > 0 {
            message.push_str(&format!(
                " ({more} more: `{}` names them)",
                crate::invocation::command("list")
            ));
        }
        message
    });
    let app = App::new(
        session.course,
        session.progress,
        examples.iter().map(|e| (e.name.clone(), e.rank)).collect(),
    );
    let mut watch = Watch {
        root: root.to_path_buf(),
        runner,
        tx,
        examples,
        checks: HashMap::new(),
        generation: 0,
        all_running: false,
    };
    if interactive {
        screen_loop(&mut watch, app, warning, &rx)
    } else {
        plain_loop(&mut watch, app, warning, &rx, manual_run)
    }
}

/// Carries out effects: starts and cancels checks, records progress, reads pages.
struct Watch {
    root: PathBuf,
    runner: Arc<Runner>,
    tx: Sender<Event>,
    examples: Vec<Example>,
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

    /// Builds and runs an example on its own thread.
    fn run_example(&self, name: String) {
        let Some(example) = self.examples.iter().find(|e| e.name == name).cloned() else {
            let _ = self.tx.send(Event::ExampleRan {
                name,
                result: Err("there is no such example".into()),
            });
            return;
        };
        let (runner, tx) = (self.runner.clone(), self.tx.clone());
        thread::spawn(move || {
            let result = runner
                .run_example(&example.name, &example.path, &Cancel::new())
                .map_err(|e| format!("{e:#}"));
            let _ = tx.send(Event::ExampleRan { name, result });
        });
    }

    /// The text of a page, read now: files are small.
    fn load(&self, app: &App, page: &Page) -> Result<String, String> {
        let read = |rel: &Path| {
            std::fs::read_to_string(self.root.join(rel))
                .map_err(|e| format!("cannot read {}: {e}", rel.display()))
        };
        match page {
            Page::Solution(i) => read(&app.course.exercises[*i].solution),
            Page::Notes(rank) => match app.course.rank(*rank) {
                Some(r) => read(&r.notes).map(|text| crate::notes::render_flowing(&text)),
                None => Err(format!("there is no rank {rank}")),
            },
            Page::Example(name) => Err(format!("{name} is run, not read")),
        }
    }

    /// Carries out `effects`, and those that the app's answers to them ask for; hands every
    /// notice to `tell`. Returns true when watch mode should end.
    fn apply(
        &mut self,
        app: &mut App,
        effects: Vec<Effect>,
        tell: &mut dyn FnMut(&App, Vec<Notice>) -> Result<()>,
    ) -> Result<bool> {
        let mut queue = std::collections::VecDeque::from(effects);
        while let Some(effect) = queue.pop_front() {
            let answer = match effect {
                Effect::Quit => return Ok(true),
                Effect::Check(i) | Effect::Recheck(i) => {
                    let exercise = app.course.exercises[i].clone();
                    let cache = if matches!(effect, Effect::Recheck(_)) {
                        Cache::Refresh
                    } else {
                        Cache::Use
                    };
                    self.check(i, &exercise, cache);
                    None
                }
                Effect::CheckAll => {
                    self.check_all(&app.course.exercises);
                    None
                }
                Effect::SaveCurrent(id) => {
                    progress::update(&self.root, |p| p.current = Some(id))?;
                    None
                }
                Effect::SaveWelcomed => {
                    progress::update(&self.root, |p| p.welcomed = true)?;
                    None
                }
                Effect::Reset(index) => {
                    let exercise = &app.course.exercises[index];
                    let result =
                        session::reset_exercise(&self.root, exercise).map_err(|e| format!("{e:#}"));
                    Some(Input::ResetDone { index, result })
                }
                Effect::Load(page) => {
                    let text = self.load(app, &page);
                    Some(Input::Loaded { page, text })
                }
                Effect::RunExample(name) => {
                    self.run_example(name);
                    None
                }
            };
            if let Some(input) = answer {
                let (more, notices) = app.handle(input);
                tell(app, notices)?;
                queue.extend(more);
            }
        }
        Ok(false)
    }

    /// Whether no check is running: nothing more will arrive unless asked for.
    fn idle(&self) -> bool {
        self.checks.is_empty() && !self.all_running
    }

    /// The input an event makes, if any. A finished check is recorded in the progress file
    /// first (the app only shows it); a stale one is dropped.
    fn input(&mut self, app: &App, event: Event) -> Result<Option<Input>> {
        Ok(Some(match event {
            Event::Key(k) => Input::Key(k),
            Event::Line(line) => {
                let Some(c) = line.chars().next() else {
                    return Ok(None);
                };
                Input::Key(KeyEvent::new(KeyCode::Char(c), KeyModifiers::NONE))
            }
            Event::Saved(i) => Input::Saved(i),
            Event::Checked {
                index,
                generation,
                outcome,
            } => {
                if !self.is_latest(index, generation) {
                    return Ok(None);
                }
                if let Ok(outcome) = &outcome {
                    let exercise = &app.course.exercises[index];
                    progress::update(&self.root, |p| {
                        p.record(&self.root, exercise, outcome);
                    })?;
                }
                Input::Checked { index, outcome }
            }
            Event::CheckedAll {
                done,
                total,
                passed: None,
            } => Input::CheckAllProgress { done, total },
            Event::CheckedAll {
                passed: Some(passed),
                ..
            } => {
                self.all_running = false;
                Input::CheckedAll(passed)
            }
            Event::ExampleRan { name, result } => Input::ExampleRan { name, result },
            Event::WatchError(why) => Input::WatchFailed(why),
            // Every write of this process is made before the next event is handled, so the
            // file is never older than what the app knows.
            Event::ProgressChanged => match progress::load(&self.root) {
                progress::Loaded::Found(p) => Input::ProgressChanged(p.done),
                _ => return Ok(None),
            },
            Event::Resize | Event::InputClosed => return Ok(None),
        }))
    }
}

/// Puts the terminal back however watch mode ends: return, error, or panic.
struct TerminalGuard;

/// Asks the terminal to turn the mouse wheel into arrow keys on the alternate screen (xterm's
/// alternate scroll mode): the wheel scrolls, and selecting text with the mouse still works.
const ALTERNATE_SCROLL_ON: &str = "\x1b[?1007h";
const ALTERNATE_SCROLL_OFF: &str = "\x1b[?1007l";

impl TerminalGuard {
    fn enter() -> Result<TerminalGuard> {
        terminal::enable_raw_mode()?;
        let guard = TerminalGuard;
        execute!(io::stdout(), terminal::EnterAlternateScreen, cursor::Hide)?;
        write!(io::stdout(), "{ALTERNATE_SCROLL_ON}")?;
        // A panic or a signal puts the terminal back through the common way out.
        crate::procs::set_restore(Some(restore_terminal));
        Ok(guard)
    }
}

fn restore_terminal() {
    let _ = write!(io::stdout(), "{ALTERNATE_SCROLL_OFF}");
    let _ = execute!(io::stdout(), cursor::Show, terminal::LeaveAlternateScreen);
    let _ = terminal::disable_raw_mode();
}

impl Drop for TerminalGuard {
    fn drop(&mut self) {
        crate::procs::set_restore(None);
        restore_terminal();
    }
}

/// Sends the terminal's keys and resizes to the loop.
fn forward_terminal_events(tx: Sender<Event>) {
    thread::spawn(move || {
        while let Ok(event) = crossterm::event::read() {
            let event = match event {
                crossterm::event::Event::Key(k) if k.kind != KeyEventKind::Release => Event::Key(k),
                crossterm::event::Event::Resize(..) => Event::Resize,
                _ => continue,
            };
            if tx.send(event).is_err() {
                break;
            }
        }
    });
}

fn screen_loop(
    watch: &mut Watch,
    mut app: App,
    warning: Option<String>,
    rx: &Receiver<Event>,
) -> Result<ExitCode> {
    let _guard = TerminalGuard::enter()?;
    forward_terminal_events(watch.tx.clone());
    // The screen shows the state; the notices are for plain mode.
    let mut ignore = |_: &App, _: Vec<Notice>| Ok(());
    let (effects, _) = app.start(warning);
    watch.apply(&mut app, effects, &mut ignore)?;
    let mut out = io::stdout();
    loop {
        // A terminal that does not know its size (some ptys report 0x0) gets the classic one.
        let (w, h) = match terminal::size() {
            Ok((w, h)) if w > 0 && h > 0 => (w, h),
            _ => (80, 24),
        };
        let drawn = screen::draw(&mut out, &app, w, h)?;
        app.handle(drawn);
        let Ok(event) = rx.recv() else { break };
        let Some(input) = watch.input(&app, event)? else {
            continue;
        };
        let (effects, _) = app.handle(input);
        if watch.apply(&mut app, effects, &mut ignore)? {
            break;
        }
    }
    Ok(ExitCode::SUCCESS)
}

/// Sends typed lines to the loop, then [`Event::InputClosed`] when standard input ends.
fn forward_lines(tx: Sender<Event>) {
    thread::spawn(move || {
        for line in io::stdin().lock().lines() {
            let Ok(line) = line else { break };
            if tx.send(Event::Line(line.trim().to_string())).is_err() {
                return;
            }
        }
        let _ = tx.send(Event::InputClosed);
    });
}

/// Without a terminal: one line per notice, and commands as typed lines.
fn plain_loop(
    watch: &mut Watch,
    mut app: App,
    warning: Option<String>,
    rx: &Receiver<Event>,
    manual_run: bool,
) -> Result<ExitCode> {
    forward_lines(watch.tx.clone());
    let current = app.exercise();
    outln!(
        "coro-lings watch: the current exercise is {} ({}). {} Type h, n, s, o, e, r, c or q and \
         Enter.",
        current.id,
        current.path.display(),
        if manual_run {
            "Type r to check it."
        } else {
            "Save it to check it."
        }
    );
    if app.welcome {
        outln!("{}", app.course.welcome_message);
    }
    let mut tell = |app: &App, notices: Vec<Notice>| -> Result<()> {
        let mut out = io::stdout();
        for notice in notices {
            tell_plainly(&mut out, app, notice).map_err(WriteError)?;
        }
        Ok(())
    };
    let (effects, notices) = app.start(warning);
    tell(&app, notices)?;
    watch.apply(&mut app, effects, &mut tell)?;
    // Set when standard input ends: watch mode then ends as soon as no check is running, since
    // nobody can type q (a pipeline or a CI job would otherwise wait forever).
    let mut input_closed = false;
    while let Ok(event) = rx.recv() {
        input_closed |= matches!(event, Event::InputClosed);
        if let Some(input) = watch.input(&app, event)? {
            let (effects, notices) = app.handle(input);
            tell(&app, notices)?;
            if watch.apply(&mut app, effects, &mut tell)? {
                break;
            }
        }
        if input_closed && watch.idle() {
            outln!(
                "standard input is closed, so no command can come: watch mode ends (keep its \
                 input open to go on watching, or use `{}` in scripts)",
                crate::invocation::command("verify")
            );
            break;
        }
    }
    Ok(ExitCode::SUCCESS)
}

/// One notice as plain lines.
fn tell_plainly(out: &mut impl Write, app: &App, notice: Notice) -> io::Result<()> {
    match notice {
        Notice::Say(text) => writeln!(out, "{text}")?,
        Notice::Checking(i) => writeln!(
            out,
            "saved {}: checking",
            app.course.exercises[i].path.display()
        )?,
        Notice::Result => print_result(out, app)?,
        Notice::NowOn(i) => {
            let e = &app.course.exercises[i];
            writeln!(out, "now on {} ({})", e.id, e.path.display())?;
        }
        Notice::Hint(n) => {
            let e = app.exercise();
            writeln!(out, "{}", draw::hint(e, n))?;
        }
        Notice::Page { title, text } => {
            writeln!(out, "{title}")?;
            write!(out, "{}", text::sanitize(&text))?;
            if !text.ends_with('\n') {
                writeln!(out)?;
            }
        }
        Notice::NotesOffered(rank) => {
            let notes = app
                .course
                .rank(rank)
                .map(|r| r.notes.display().to_string())
                .unwrap_or_default();
            writeln!(
                out,
                "rank {rank} begins here: its notes ({notes}) explain what its exercises need; \
                 type o to read them"
            )?;
        }
    }
    out.flush()
}

fn print_result(out: &mut impl Write, app: &App) -> io::Result<()> {
    let e = app.exercise();
    match &app.check {
        CheckState::Done(o) if o.status == Status::Passed => {
            writeln!(
                out,
                "{} {} passes. Solution: {}",
                "✓".green(),
                e.id,
                e.solution.display()
            )?;
        }
        CheckState::Done(o) => {
            // A pipe's reader may still be a terminal (`coro-lings watch | tee log`).
            write!(out, "{}", text::sanitize(&o.output))?;
            writeln!(out, "{} {} {}", "✗".red(), e.id, o.status.label())?;
        }
        CheckState::CouldNotRun(why) => {
            writeln!(
                out,
                "{} {}: the check could not run: {why}",
                "✗".red(),
                e.id
            )?;
        }
        CheckState::NotYet | CheckState::Running => {}
    }
    Ok(())
}
