//! Watch mode's state and the only code that changes it. Inputs (keys, saves, finished checks)
//! go in through [`App::handle`]; what the loop must do ([`Effect`]s) and what happened
//! ([`Notice`]s, which plain mode prints as lines) come out. No terminal and no threads here:
//! `mod.rs` carries out the effects, and `screen.rs` draws the frame from the state alone.

use std::collections::BTreeSet;
use std::path::PathBuf;

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

use crate::course::{Course, Exercise};
use crate::progress::Progress;
use crate::runner::{Outcome, Status};

/// Something that happened, for the app to take in.
#[derive(Debug)]
pub enum Input {
    /// A key, from the terminal or a line typed in plain mode.
    Key(KeyEvent),
    /// The exercise at this index was saved with new content.
    Saved(usize),
    /// The latest check of the exercise at this index finished (and is recorded on disk), or
    /// could not run.
    Checked {
        index: usize,
        outcome: Result<Outcome, String>,
    },
    /// `check all` made progress.
    CheckAllProgress { done: usize, total: usize },
    /// `check all` finished: whether each exercise passes, in course order.
    CheckedAll(Vec<bool>),
    /// Another process changed the progress file: the passed exercises it now lists.
    ProgressChanged(BTreeSet<String>),
    /// A reset finished: the backup of the learner's version, none if there was nothing to
    /// reset, or why it failed.
    ResetDone {
        index: usize,
        result: Result<Option<PathBuf>, String>,
    },
    /// An example ran: its output, or why it could not run.
    ExampleRan {
        name: String,
        result: Result<Outcome, String>,
    },
    /// A file was read for a page: its text, or why it could not be read.
    Loaded {
        page: Page,
        text: Result<String, String>,
    },
    /// Watching the files failed: a save may go unnoticed until the learner presses r.
    WatchFailed(String),
    /// The frame was drawn: how many rows the scrolling area has and how many lines it could
    /// scroll past. Page keys move by the former and stop at the latter.
    Drawn { rows: usize, max_scroll: usize },
}

/// What the loop must do.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Effect {
    /// Check the exercise at this index (cancelling an older check of it).
    Check(usize),
    /// Check the exercise at this index afresh, not from the cache: the learner asked.
    Recheck(usize),
    /// Check every exercise.
    CheckAll,
    /// Restore the exercise at this index as shipped, with a backup.
    Reset(usize),
    /// Remember the current exercise in the progress file.
    SaveCurrent(String),
    /// Remember that the welcome message was shown.
    SaveWelcomed,
    /// Read a file for a page (a solution, a rank's notes) and answer with [`Input::Loaded`].
    Load(Page),
    /// Build and run the example with this name, answering with [`Input::ExampleRan`].
    RunExample(String),
    /// Leave watch mode.
    Quit,
}

/// What happened, as plain mode tells it: one line (or block) each.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Notice {
    /// A status line for the learner.
    Say(String),
    /// The exercise at this index was saved and is being checked.
    Checking(usize),
    /// The current exercise's check finished: its result is in the app.
    Result,
    /// The current exercise changed.
    NowOn(usize),
    /// Hint number `n` (from 1) of the current exercise is shown.
    Hint(usize),
    /// A page opened (a solution, notes, an example's output): its title and text.
    Page { title: String, text: String },
    /// The current exercise is the first of its rank, whose notes have not been read.
    NotesOffered(u32),
}

/// A text shown in the scrolling area instead of the exercise's result.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Page {
    /// The reference solution of the exercise at this index.
    Solution(usize),
    /// The notes of this rank.
    Notes(u32),
    /// The output of this example.
    Example(String),
}

/// Which screen is up.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum View {
    Main,
    /// A page and its text, once loaded.
    Page(Page, String),
    List {
        selected: usize,
        filter: String,
        typing: bool,
    },
    /// Asking y/n before resetting the exercise at this index; `from_list` says where to return.
    ConfirmReset {
        index: usize,
        from_list: bool,
    },
}

/// Where the current exercise's check stands. One state at a time, so a pass can never be
/// shown beside an error from a later check.
#[derive(Debug, Clone)]
pub enum CheckState {
    /// No result yet.
    NotYet,
    /// A check is running; nothing older is shown, since the file has changed since.
    Running,
    Done(Outcome),
    /// The check itself failed (the file vanished, the compiler is missing).
    CouldNotRun(String),
}

/// A status line, and how long it stays.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StatusLine {
    pub text: String,
    /// Set when the line announces the check that is running now (a reset): it stays through
    /// that check's result, and leaves with the next.
    through_result: bool,
}

/// Everything the screen shows.
pub struct App {
    pub course: Course,
    pub progress: Progress,
    pub current: usize,
    pub check: CheckState,
    /// How many hints of the current exercise are shown.
    pub hints_shown: usize,
    pub view: View,
    /// A line under the result: what just happened. It belongs to the state it describes and
    /// leaves with it (on the next key, save or result).
    pub status: Option<StatusLine>,
    /// `check all` progress: done and total.
    pub check_all: Option<(usize, usize)>,
    pub welcome: bool,
    /// The first exercise of this rank is up and its notes are offered: `o` reads them, any
    /// other key goes on without them.
    pub notes_offer: Option<u32>,
    /// The first line shown of the scrolling area.
    pub scroll: usize,
    /// From the last frame: the scrolling area's height and how far it can scroll.
    rows: usize,
    max_scroll: usize,
    /// Ranks whose notes were offered this session (offered once each).
    offered: BTreeSet<u32>,
    /// Which example of the current rank `e` runs next.
    next_example: usize,
    /// The runnable examples: name and rank, in rank order.
    pub examples: Vec<(String, u32)>,
    notices: Vec<Notice>,
}

impl App {
    pub fn new(course: Course, progress: Progress, examples: Vec<(String, u32)>) -> App {
        let current = progress
            .current(&course)
            .and_then(|e| course.exercises.iter().position(|x| x.id == e.id))
            .unwrap_or(0);
        let welcome = !progress.welcomed;
        App {
            course,
            progress,
            current,
            check: CheckState::NotYet,
            hints_shown: 0,
            view: View::Main,
            status: None,
            check_all: None,
            welcome,
            notes_offer: None,
            scroll: 0,
            rows: 0,
            max_scroll: usize::MAX,
            offered: BTreeSet::new(),
            next_example: 0,
            examples,
            notices: Vec::new(),
        }
    }

    /// What the loop does first: check the current exercise, and remember the welcome.
    pub fn start(&mut self, warning: Option<String>) -> (Vec<Effect>, Vec<Notice>) {
        if let Some(w) = warning {
            self.say(w);
        }
        let mut effects = vec![Effect::Check(self.current)];
        self.check = CheckState::Running;
        if self.welcome {
            effects.push(Effect::SaveWelcomed);
        }
        self.offer_notes();
        (effects, std::mem::take(&mut self.notices))
    }

    /// Takes in one input; returns what to do and what happened.
    pub fn handle(&mut self, input: Input) -> (Vec<Effect>, Vec<Notice>) {
        let effects = match input {
            Input::Key(key) => self.on_key(key),
            Input::Saved(index) => self.on_saved(index),
            Input::Checked { index, outcome } => {
                self.on_checked(index, outcome);
                vec![]
            }
            Input::CheckAllProgress { done, total } => {
                self.check_all = Some((done, total));
                vec![]
            }
            Input::CheckedAll(passed) => self.on_checked_all(&passed),
            Input::ProgressChanged(done) => {
                if done != self.progress.done {
                    self.progress.done = done;
                    let total = self.course.exercises.len();
                    let count = self.done_count();
                    self.say(format!(
                        "Progress changed elsewhere: {count} of {total} exercises pass."
                    ));
                }
                vec![]
            }
            Input::ResetDone { index, result } => self.on_reset(index, result),
            Input::ExampleRan { name, result } => {
                let text = match result {
                    Ok(o) => {
                        let mut text = o.output;
                        if o.status != Status::Passed {
                            text.push_str(&format!("\n(the example {})\n", o.status.label()));
                        }
                        text
                    }
                    Err(e) => format!("The example could not run: {e}\n"),
                };
                self.open_page(Page::Example(name), text);
                vec![]
            }
            Input::Loaded { page, text } => {
                let text = text.unwrap_or_else(|e| format!("{e}\n"));
                self.open_page(page, text);
                vec![]
            }
            Input::WatchFailed(why) => {
                self.say(format!(
                    "Watching the exercise files failed ({why}): a save may go unnoticed. Press \
                     r to check the current exercise; `{}` does without file watching.",
                    crate::invocation::command("watch --manual-run")
                ));
                vec![]
            }
            Input::Drawn { rows, max_scroll } => {
                self.rows = rows;
                self.max_scroll = max_scroll;
                self.scroll = self.scroll.min(max_scroll);
                vec![]
            }
        };
        (effects, std::mem::take(&mut self.notices))
    }

    pub fn exercise(&self) -> &Exercise {
        &self.course.exercises[self.current]
    }

    pub fn passed(&self) -> bool {
        matches!(&self.check, CheckState::Done(o) if o.status == Status::Passed)
    }

    pub fn all_done(&self) -> bool {
        self.done_count() == self.course.exercises.len()
    }

    fn done_count(&self) -> usize {
        self.progress
            .count_done(self.course.exercises.iter().map(|e| e.id.as_str()))
    }

    /// The exercises the list shows, as indices, after the filter.
    pub fn listed(&self) -> Vec<usize> {
        let filter = match &self.view {
            View::List { filter, .. } => filter.to_lowercase(),
            _ => String::new(),
        };
        self.course
            .exercises
            .iter()
            .enumerate()
            .filter(|(_, e)| {
                filter.is_empty()
                    || e.id.contains(&filter)
                    || e.summary.to_lowercase().contains(&filter)
            })
            .map(|(i, _)| i)
            .collect()
    }

    /// The examples of rank `rank`, by name.
    pub fn examples_of(&self, rank: u32) -> Vec<&str> {
        self.examples
            .iter()
            .filter(|(_, r)| *r == rank)
            .map(|(n, _)| n.as_str())
            .collect()
    }

    fn say(&mut self, text: impl Into<String>) {
        let text = text.into();
        self.notices.push(Notice::Say(text.clone()));
        self.status = Some(StatusLine {
            text,
            through_result: false,
        });
    }

    fn open_page(&mut self, page: Page, text: String) {
        let title = page_title(self, &page);
        self.notices.push(Notice::Page {
            title,
            text: text.clone(),
        });
        self.view = View::Page(page, text);
        self.scroll = 0;
    }

    fn scroll_by(&mut self, lines: isize) {
        self.scroll = self
            .scroll
            .saturating_add_signed(lines)
            .min(self.max_scroll);
    }

    fn go_to(&mut self, index: usize) -> Vec<Effect> {
        self.current = index;
        self.check = CheckState::Running;
        self.hints_shown = 0;
        self.view = View::Main;
        self.scroll = 0;
        self.next_example = 0;
        let id = self.course.exercises[index].id.clone();
        self.progress.current = Some(id.clone());
        self.notices.push(Notice::NowOn(index));
        self.offer_notes();
        vec![Effect::SaveCurrent(id), Effect::Check(index)]
    }

    /// On the first exercise of a rank not yet begun, offer its notes (once a session).
    fn offer_notes(&mut self) {
        let exercise = self.exercise();
        let rank = exercise.rank;
        let first_of_rank = self.course.exercises.iter().find(|e| e.rank == rank);
        let begun = self
            .course
            .exercises
            .iter()
            .any(|e| e.rank == rank && self.progress.done.contains(&e.id));
        if first_of_rank.map(|e| &e.id) == Some(&exercise.id) && !begun && self.offered.insert(rank)
        {
            self.notes_offer = Some(rank);
            self.notices.push(Notice::NotesOffered(rank));
        }
    }

    /// A save of the exercise at `index`: check it, whether or not it is the current one.
    fn on_saved(&mut self, index: usize) -> Vec<Effect> {
        if index == self.current {
            self.check = CheckState::Running;
            self.status = None;
            self.scroll = 0;
        }
        self.notices.push(Notice::Checking(index));
        vec![Effect::Check(index)]
    }

    /// A finished check: recorded for every exercise, shown for the current one.
    fn on_checked(&mut self, index: usize, outcome: Result<Outcome, String>) {
        let id = self.course.exercises[index].id.clone();
        if let Ok(o) = &outcome {
            if o.status == Status::Passed {
                self.progress.done.insert(id.clone());
            } else if o.status != Status::Cancelled {
                self.progress.done.remove(&id);
            }
        }
        if index == self.current {
            self.status = match self.status.take() {
                Some(s) if s.through_result => Some(StatusLine {
                    through_result: false,
                    ..s
                }),
                _ => None,
            };
            self.scroll = 0;
            self.check = match outcome {
                Ok(o) => CheckState::Done(o),
                Err(e) => CheckState::CouldNotRun(e),
            };
            self.notices.push(Notice::Result);
            if self.passed() && self.all_done() {
                let text = self.course.final_message.clone();
                self.notices.push(Notice::Say(text));
            }
        } else {
            match outcome {
                Ok(o) if o.status == Status::Cancelled => {}
                Ok(o) => self.say(format!(
                    "{id} (saved in the background): {}",
                    o.status.label()
                )),
                Err(e) => self.say(format!(
                    "{id} (saved in the background): the check could not run: {e}"
                )),
            }
        }
    }

    /// `check all` finished: the first pending exercise becomes current.
    fn on_checked_all(&mut self, passed: &[bool]) -> Vec<Effect> {
        self.check_all = None;
        for (e, ok) in self.course.exercises.iter().zip(passed) {
            if *ok {
                self.progress.done.insert(e.id.clone());
            } else {
                self.progress.done.remove(&e.id);
            }
        }
        let pass_count = passed.iter().filter(|p| **p).count();
        let summary = format!("Checked all: {pass_count} of {} pass.", passed.len());
        let effects = match self.progress.first_pending(&self.course) {
            Some(e) => {
                let i = self
                    .course
                    .exercises
                    .iter()
                    .position(|x| x.id == e.id)
                    .unwrap_or(0);
                self.go_to(i)
            }
            None => {
                self.check = CheckState::Running;
                vec![Effect::Check(self.current)]
            }
        };
        self.say(summary);
        if let Some(s) = &mut self.status {
            s.through_result = true;
        }
        effects
    }

    fn on_reset(&mut self, index: usize, result: Result<Option<PathBuf>, String>) -> Vec<Effect> {
        let exercise = self.course.exercises[index].clone();
        let text = match result {
            Ok(Some(backup)) => {
                self.progress.done.remove(&exercise.id);
                format!(
                    "Reset {}; your version is in {}.",
                    exercise.path.display(),
                    backup.display()
                )
            }
            Ok(None) => format!("{} is already as shipped.", exercise.path.display()),
            Err(e) => format!("Reset failed: {e}"),
        };
        self.say(text);
        if index != self.current {
            return vec![];
        }
        if let Some(s) = &mut self.status {
            s.through_result = true;
        }
        self.check = CheckState::Running;
        self.scroll = 0;
        vec![Effect::Check(index)]
    }

    fn on_key(&mut self, key: KeyEvent) -> Vec<Effect> {
        if key.modifiers.contains(KeyModifiers::CONTROL) && key.code == KeyCode::Char('c') {
            return vec![Effect::Quit];
        }
        self.welcome = false;
        self.status = None;
        self.notes_offer = None;
        match self.view.clone() {
            View::Main | View::Page(..) => self.main_key(key.code),
            View::List {
                selected,
                filter,
                typing,
            } => self.list_key(key.code, selected, filter, typing),
            View::ConfirmReset { index, from_list } => {
                self.view = if from_list {
                    View::List {
                        selected: self.listed().iter().position(|&i| i == index).unwrap_or(0),
                        filter: String::new(),
                        typing: false,
                    }
                } else {
                    View::Main
                };
                match key.code {
                    KeyCode::Char('y') | KeyCode::Char('Y') => vec![Effect::Reset(index)],
                    _ => {
                        self.say("Reset cancelled: nothing changed.");
                        vec![]
                    }
                }
            }
        }
    }

    fn open_notes(&mut self, rank: u32) -> Effect {
        self.say(format!("Opening the notes of rank {rank}…"));
        Effect::Load(Page::Notes(rank))
    }

    /// Scroll keys, for every view with a scrolling area. Returns whether `code` was one.
    fn scroll_key(&mut self, code: KeyCode) -> bool {
        let page = self.rows.max(2) - 1;
        match code {
            KeyCode::Up | KeyCode::Char('k') => self.scroll_by(-1),
            KeyCode::Down | KeyCode::Char('j') => self.scroll_by(1),
            KeyCode::PageUp => self.scroll_by(-(page as isize)),
            KeyCode::PageDown | KeyCode::Char(' ') => self.scroll_by(page as isize),
            KeyCode::Home => self.scroll = 0,
            KeyCode::End => self.scroll = self.max_scroll,
            _ => return false,
        }
        true
    }

    fn main_key(&mut self, code: KeyCode) -> Vec<Effect> {
        if self.scroll_key(code) {
            return vec![];
        }
        let in_page = matches!(self.view, View::Page(..));
        match code {
            KeyCode::Char('q') => vec![Effect::Quit],
            KeyCode::Esc if in_page => {
                self.view = View::Main;
                self.scroll = 0;
                vec![]
            }
            KeyCode::Char('n') => {
                if !self.passed() {
                    self.say("Next comes once this exercise passes.");
                    return vec![];
                }
                let after = (self.current + 1..self.course.exercises.len())
                    .chain(0..self.current)
                    .find(|&i| !self.progress.done.contains(&self.course.exercises[i].id));
                match after {
                    Some(i) => self.go_to(i),
                    None => {
                        let text = self.course.final_message.clone();
                        self.say(text);
                        vec![]
                    }
                }
            }
            KeyCode::Char('h') => {
                let count = self.exercise().hints.len();
                if self.hints_shown < count {
                    self.hints_shown += 1;
                    self.view = View::Main;
                    self.scroll = 0;
                    self.notices.push(Notice::Hint(self.hints_shown));
                } else {
                    self.say(format!("That was the last hint ({count} of {count})."));
                }
                vec![]
            }
            KeyCode::Char('s') => {
                if matches!(self.view, View::Page(Page::Solution(_), _)) {
                    self.view = View::Main;
                    self.scroll = 0;
                    vec![]
                } else if self.passed() {
                    vec![Effect::Load(Page::Solution(self.current))]
                } else {
                    self.say("The solution opens once this exercise passes.");
                    vec![]
                }
            }
            KeyCode::Char('o') => {
                if matches!(self.view, View::Page(Page::Notes(_), _)) {
                    self.view = View::Main;
                    self.scroll = 0;
                    return vec![];
                }
                let rank = self.exercise().rank;
                vec![self.open_notes(rank)]
            }
            KeyCode::Char('e') => {
                let rank = self.exercise().rank;
                let names = self.examples_of(rank);
                if names.is_empty() {
                    self.say(format!("Rank {rank} has no runnable examples."));
                    return vec![];
                }
                let name = names[self.next_example % names.len()].to_string();
                self.next_example += 1;
                self.say(format!("Running the example {name}…"));
                vec![Effect::RunExample(name)]
            }
            KeyCode::Char('l') => {
                self.view = View::List {
                    selected: self.current,
                    filter: String::new(),
                    typing: false,
                };
                vec![]
            }
            KeyCode::Char('c') => {
                self.check_all = Some((0, self.course.exercises.len()));
                vec![Effect::CheckAll]
            }
            KeyCode::Char('x') => {
                self.view = View::ConfirmReset {
                    index: self.current,
                    from_list: false,
                };
                vec![]
            }
            KeyCode::Char('r') => {
                self.check = CheckState::Running;
                self.view = View::Main;
                self.scroll = 0;
                vec![Effect::Recheck(self.current)]
            }
            _ => vec![],
        }
    }

    fn list_key(
        &mut self,
        code: KeyCode,
        selected: usize,
        mut filter: String,
        typing: bool,
    ) -> Vec<Effect> {
        if typing {
            match code {
                KeyCode::Char(c) => filter.push(c),
                KeyCode::Backspace => {
                    filter.pop();
                }
                KeyCode::Enter | KeyCode::Esc => {
                    self.view = View::List {
                        selected: 0,
                        filter,
                        typing: false,
                    };
                    return vec![];
                }
                _ => {}
            }
            self.view = View::List {
                selected: 0,
                filter,
                typing: true,
            };
            return vec![];
        }
        let listed = self.listed();
        let pos = selected.min(listed.len().saturating_sub(1));
        let last = listed.len().saturating_sub(1);
        let page = self.rows.max(2) - 1;
        let moved = match code {
            KeyCode::Up | KeyCode::Char('k') => Some(pos.saturating_sub(1)),
            KeyCode::Down | KeyCode::Char('j') => Some((pos + 1).min(last)),
            KeyCode::PageUp => Some(pos.saturating_sub(page)),
            KeyCode::PageDown => Some((pos + page).min(last)),
            KeyCode::Home => Some(0),
            KeyCode::End => Some(last),
            _ => None,
        };
        if let Some(selected) = moved {
            self.view = View::List {
                selected,
                filter,
                typing,
            };
            return vec![];
        }
        match code {
            KeyCode::Char('/') => {
                self.view = View::List {
                    selected: 0,
                    filter,
                    typing: true,
                }
            }
            KeyCode::Enter => {
                if let Some(&i) = listed.get(pos) {
                    return self.go_to(i);
                }
            }
            KeyCode::Char('x') => {
                if let Some(&i) = listed.get(pos) {
                    self.view = View::ConfirmReset {
                        index: i,
                        from_list: true,
                    };
                }
            }
            KeyCode::Esc | KeyCode::Char('q') | KeyCode::Char('l') => self.view = View::Main,
            _ => {}
        }
        vec![]
    }
}

/// The heading of a page.
pub fn page_title(app: &App, page: &Page) -> String {
    match page {
        Page::Solution(i) => format!("Solution: {}", app.course.exercises[*i].solution.display()),
        Page::Notes(rank) => match app.course.rank(*rank) {
            Some(r) => format!("Notes of rank {rank}, {}: {}", r.title, r.notes.display()),
            None => format!("Notes of rank {rank}"),
        },
        Page::Example(name) => format!("Example {name} (coro/examples/{name}.rs)"),
    }
}

#[cfg(test)]
pub mod tests {
    use super::*;
    use crate::course::{Exercise, FailsAs, Mode, Rank};
    use std::time::Duration;

    pub fn course(n: usize) -> Course {
        Course {
            root: PathBuf::from("."),
            course_version: None,
            welcome_message: "hi".into(),
            final_message: "all done".into(),
            ranks: vec![Rank {
                number: 1,
                title: "B".into(),
                summary: String::new(),
                notes: PathBuf::new(),
            }],
            exercises: (0..n)
                .map(|i| Exercise {
                    id: format!("rank1_e{i}"),
                    rank: 1,
                    name: format!("e{i}"),
                    mode: Mode::Test,
                    fails_as: FailsAs::Test,
                    summary: format!("exercise {i}"),
                    hints: vec!["one".into(), "two".into()],
                    timeout_secs: 10,
                    clippy: false,
                    limits: Default::default(),
                    path: PathBuf::from(format!("exercises/rank1/e{i}.rs")),
                    solution: PathBuf::from(format!("solutions/rank1/e{i}.rs")),
                })
                .collect(),
            sandbox: false,
        }
    }

    pub fn outcome(status: Status) -> Outcome {
        Outcome {
            status,
            output: String::new(),
            duration: Duration::ZERO,
            reason: None,
            source_hash: String::new(),
            trace: Vec::new(),
            cached: false,
        }
    }

    fn key(c: char) -> Input {
        Input::Key(KeyEvent::new(KeyCode::Char(c), KeyModifiers::NONE))
    }

    fn special(code: KeyCode) -> Input {
        Input::Key(KeyEvent::new(code, KeyModifiers::NONE))
    }

    /// An app past its start, on the main view, with the first check running.
    fn started(n: usize) -> App {
        let mut app = App::new(course(n), Progress::default(), vec![]);
        app.start(None);
        app
    }

    fn checked(app: &mut App, index: usize, status: Status) -> Vec<Notice> {
        app.handle(Input::Checked {
            index,
            outcome: Ok(outcome(status)),
        })
        .1
    }

    fn status(app: &App) -> Option<&str> {
        app.status.as_ref().map(|s| s.text.as_str())
    }

    #[test]
    fn next_waits_for_a_pass_then_moves_to_the_next_pending_exercise() {
        let mut app = started(3);
        assert!(app.handle(key('n')).0.is_empty());
        assert!(status(&app).unwrap().contains("once this exercise passes"));
        checked(&mut app, 0, Status::Passed);
        let (effects, notices) = app.handle(key('n'));
        assert_eq!(
            effects,
            [Effect::SaveCurrent("rank1_e1".into()), Effect::Check(1)]
        );
        assert_eq!(notices, [Notice::NowOn(1)]);
        assert_eq!(app.current, 1);
        assert_eq!(app.hints_shown, 0, "hints start over on a new exercise");
    }

    #[test]
    fn each_h_shows_one_more_hint_up_to_the_last() {
        let mut app = started(1);
        assert_eq!(app.handle(key('h')).1, [Notice::Hint(1)]);
        app.handle(key('h'));
        app.handle(key('h'));
        assert_eq!(app.hints_shown, 2);
        assert!(status(&app).unwrap().contains("last hint"));
    }

    #[test]
    fn the_solution_opens_only_after_a_pass() {
        let mut app = started(1);
        assert!(app.handle(key('s')).0.is_empty());
        assert_eq!(app.view, View::Main);
        checked(&mut app, 0, Status::Passed);
        assert_eq!(app.handle(key('s')).0, [Effect::Load(Page::Solution(0))]);
        app.handle(Input::Loaded {
            page: Page::Solution(0),
            text: Ok("fn main() {}\n".into()),
        });
        assert_eq!(
            app.view,
            View::Page(Page::Solution(0), "fn main() {}\n".into())
        );
    }

    #[test]
    fn a_background_save_is_recorded_without_stealing_focus() {
        let mut app = started(3);
        assert_eq!(app.handle(Input::Saved(2)).0, [Effect::Check(2)]);
        checked(&mut app, 2, Status::Passed);
        assert_eq!(app.current, 0);
        assert!(app.progress.done.contains("rank1_e2"));
        assert!(matches!(app.check, CheckState::Running));
    }

    #[test]
    fn reset_asks_first_and_only_y_confirms() {
        let mut app = started(2);
        app.handle(key('x'));
        assert_eq!(app.handle(key('n')).0, []);
        assert_eq!(app.view, View::Main);
        app.handle(key('x'));
        assert_eq!(app.handle(key('y')).0, [Effect::Reset(0)]);
    }

    #[test]
    fn the_list_filters_moves_and_jumps() {
        let mut app = started(12);
        app.handle(key('l'));
        app.handle(key('/'));
        app.handle(key('e'));
        app.handle(key('1'));
        app.handle(special(KeyCode::Enter));
        assert_eq!(app.listed(), [1, 10, 11]);
        app.handle(key('j'));
        let (effects, _) = app.handle(special(KeyCode::Enter));
        assert_eq!(
            effects,
            [Effect::SaveCurrent("rank1_e10".into()), Effect::Check(10)]
        );
        assert_eq!(app.current, 10);
        assert_eq!(app.view, View::Main);
    }

    #[test]
    fn check_all_makes_the_first_pending_exercise_current() {
        let mut app = started(3);
        assert_eq!(app.handle(key('c')).0, [Effect::CheckAll]);
        let (effects, _) = app.handle(Input::CheckedAll(vec![true, false, true]));
        assert_eq!(app.current, 1);
        assert_eq!(
            effects,
            [Effect::SaveCurrent("rank1_e1".into()), Effect::Check(1)]
        );
    }

    #[test]
    fn ctrl_c_and_q_quit() {
        let mut app = started(1);
        let ctrl_c = KeyEvent::new(KeyCode::Char('c'), KeyModifiers::CONTROL);
        assert_eq!(app.handle(Input::Key(ctrl_c)).0, [Effect::Quit]);
        assert_eq!(app.handle(key('q')).0, [Effect::Quit]);
    }

    #[test]
    fn a_refusal_leaves_once_the_state_it_describes_changes() {
        let mut app = started(1);
        app.handle(key('s'));
        assert!(status(&app).is_some());
        app.handle(Input::Saved(0));
        checked(&mut app, 0, Status::Passed);
        assert_eq!(status(&app), None, "no refusal under a pass");
    }

    #[test]
    fn the_reset_line_stays_through_its_own_check_and_leaves_with_the_next() {
        let mut app = started(1);
        let effects = app
            .handle(Input::ResetDone {
                index: 0,
                result: Ok(Some(PathBuf::from("backup.rs"))),
            })
            .0;
        assert_eq!(effects, [Effect::Check(0)]);
        checked(&mut app, 0, Status::Failed);
        assert!(status(&app).unwrap().contains("backup.rs"));
        app.handle(Input::Saved(0));
        checked(&mut app, 0, Status::Passed);
        assert_eq!(status(&app), None);
    }

    #[test]
    fn a_check_that_could_not_run_replaces_the_pass() {
        let mut app = started(1);
        checked(&mut app, 0, Status::Passed);
        app.handle(key('r'));
        app.handle(Input::Checked {
            index: 0,
            outcome: Err("exercises/rank1/e0.rs: no such file".into()),
        });
        assert!(!app.passed());
        assert!(matches!(app.check, CheckState::CouldNotRun(_)));
    }

    #[test]
    fn the_first_exercise_of_a_rank_offers_its_notes_once() {
        let mut app = App::new(course(2), Progress::default(), vec![]);
        let (_, notices) = app.start(None);
        assert_eq!(app.notes_offer, Some(1));
        assert!(notices.contains(&Notice::NotesOffered(1)));
        assert_eq!(app.handle(key('o')).0, [Effect::Load(Page::Notes(1))]);
        assert_eq!(app.notes_offer, None);
        app.handle(Input::Loaded {
            page: Page::Notes(1),
            text: Ok("# Notes".into()),
        });
        assert!(matches!(app.view, View::Page(Page::Notes(1), _)));
    }

    #[test]
    fn a_failed_file_watch_says_what_to_do() {
        let mut app = started(1);
        let (_, notices) = app.handle(Input::WatchFailed("inotify gave up".into()));
        let text = status(&app).unwrap();
        assert!(
            text.contains("inotify gave up") && text.contains("Press r"),
            "{text}"
        );
        assert!(matches!(&notices[..], [Notice::Say(t)] if t == text));
    }

    #[test]
    fn scrolling_stops_at_both_ends_and_pages_by_the_area() {
        let mut app = started(1);
        app.handle(Input::Drawn {
            rows: 10,
            max_scroll: 25,
        });
        app.handle(special(KeyCode::PageDown));
        assert_eq!(app.scroll, 9);
        app.handle(special(KeyCode::End));
        assert_eq!(app.scroll, 25);
        app.handle(special(KeyCode::PageUp));
        assert_eq!(app.scroll, 16);
        for _ in 0..30 {
            app.handle(special(KeyCode::Up));
        }
        assert_eq!(app.scroll, 0);
        app.handle(key('j'));
        assert_eq!(app.scroll, 1);
        app.handle(special(KeyCode::Home));
        assert_eq!(app.scroll, 0);
    }

    #[test]
    fn e_runs_the_examples_of_the_current_rank_in_turn() {
        let examples = vec![
            ("rank1_a".to_string(), 1),
            ("rank2_b".to_string(), 2),
            ("rank1_c".to_string(), 1),
        ];
        let mut app = App::new(course(1), Progress::default(), examples);
        app.start(None);
        assert_eq!(
            app.handle(key('e')).0,
            [Effect::RunExample("rank1_a".into())]
        );
        assert_eq!(
            app.handle(key('e')).0,
            [Effect::RunExample("rank1_c".into())]
        );
    }
}
