//! Watch mode's state and what keys and results do to it. No terminal here: the loop in
//! `mod.rs` carries out the [`Effect`]s, and `screen.rs` draws the state.

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

use crate::course::Course;
use crate::progress::Progress;
use crate::runner::{Outcome, Status};

/// What the loop must do after a state change.
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
    SaveCurrent,
    /// Leave watch mode.
    Quit,
}

/// Which screen is up.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum View {
    Main,
    Solution,
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

/// Everything the screen shows.
pub struct App {
    pub course: Course,
    pub progress: Progress,
    pub current: usize,
    /// The last result for the current exercise, and whether a newer check is running.
    pub outcome: Option<Outcome>,
    pub checking: bool,
    /// How many hints of the current exercise are shown.
    pub hints_shown: usize,
    pub view: View,
    /// A one-off line under the result: what just happened.
    pub message: Option<String>,
    pub check_all: Option<(usize, usize)>,
    pub welcome: bool,
}

impl App {
    pub fn new(course: Course, progress: Progress) -> App {
        let current = progress
            .current(&course)
            .and_then(|e| course.exercises.iter().position(|x| x.id == e.id))
            .unwrap_or(0);
        let welcome = !progress.welcomed;
        App {
            course,
            progress,
            current,
            outcome: None,
            checking: false,
            hints_shown: 0,
            view: View::Main,
            message: None,
            check_all: None,
            welcome,
        }
    }

    pub fn passed(&self) -> bool {
        self.outcome
            .as_ref()
            .is_some_and(|o| o.status == Status::Passed)
    }

    pub fn all_done(&self) -> bool {
        self.course
            .exercises
            .iter()
            .all(|e| self.progress.done.contains(&e.id))
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

    fn go_to(&mut self, index: usize) -> Vec<Effect> {
        self.current = index;
        self.outcome = None;
        self.hints_shown = 0;
        self.view = View::Main;
        self.progress.current = Some(self.course.exercises[index].id.clone());
        vec![Effect::SaveCurrent, Effect::Check(index)]
    }

    /// A save of the exercise at `index`: check it, whether or not it is the current one.
    pub fn on_saved(&mut self, index: usize) -> Vec<Effect> {
        if index == self.current {
            self.checking = true;
        }
        vec![Effect::Check(index)]
    }

    /// A finished check: recorded for every exercise, shown for the current one.
    pub fn on_checked(&mut self, index: usize, outcome: Outcome) {
        let id = self.course.exercises[index].id.clone();
        if outcome.status == Status::Passed {
            self.progress.done.insert(id.clone());
        } else if outcome.status != Status::Cancelled {
            self.progress.done.remove(&id);
        }
        if index == self.current {
            self.checking = false;
            self.outcome = Some(outcome);
        } else if outcome.status != Status::Cancelled {
            self.message = Some(format!(
                "{id} (saved in the background): {}",
                outcome.status.label()
            ));
        }
    }

    /// `check all` finished: the first pending exercise becomes current.
    pub fn on_checked_all(&mut self, passed: &[bool]) -> Vec<Effect> {
        self.check_all = None;
        for (e, ok) in self.course.exercises.iter().zip(passed) {
            if *ok {
                self.progress.done.insert(e.id.clone());
            } else {
                self.progress.done.remove(&e.id);
            }
        }
        let pass_count = passed.iter().filter(|p| **p).count();
        self.message = Some(format!(
            "Checked all: {pass_count} of {} pass.",
            passed.len()
        ));
        match self.progress.first_pending(&self.course) {
            Some(e) => {
                let i = self
                    .course
                    .exercises
                    .iter()
                    .position(|x| x.id == e.id)
                    .unwrap_or(0);
                self.go_to(i)
            }
            None => vec![Effect::Check(self.current)],
        }
    }

    pub fn on_key(&mut self, key: KeyEvent) -> Vec<Effect> {
        if key.modifiers.contains(KeyModifiers::CONTROL) && key.code == KeyCode::Char('c') {
            return vec![Effect::Quit];
        }
        self.welcome = false;
        match self.view.clone() {
            View::Main | View::Solution => self.main_key(key.code),
            View::List {
                selected,
                filter,
                typing,
            } => self.list_key(key.code, selected, filter, typing),
            View::ConfirmReset { index, from_list } => {
                let back = if from_list {
                    View::List {
                        selected: self.listed().iter().position(|&i| i == index).unwrap_or(0),
                        filter: String::new(),
                        typing: false,
                    }
                } else {
                    View::Main
                };
                self.view = back;
                match key.code {
                    KeyCode::Char('y') | KeyCode::Char('Y') => vec![Effect::Reset(index)],
                    _ => {
                        self.message = Some("Reset cancelled: nothing changed.".into());
                        vec![]
                    }
                }
            }
        }
    }

    fn main_key(&mut self, code: KeyCode) -> Vec<Effect> {
        self.message = None;
        match code {
            KeyCode::Char('q') => vec![Effect::Quit],
            KeyCode::Esc if self.view == View::Solution => {
                self.view = View::Main;
                vec![]
            }
            KeyCode::Char('n') => {
                if !self.passed() {
                    self.message = Some("Next comes once this exercise passes.".into());
                    return vec![];
                }
                let after = (self.current + 1..self.course.exercises.len())
                    .chain(0..self.current)
                    .find(|&i| !self.progress.done.contains(&self.course.exercises[i].id));
                match after {
                    Some(i) => self.go_to(i),
                    None => {
                        self.message = Some(self.course.final_message.clone());
                        vec![]
                    }
                }
            }
            KeyCode::Char('h') => {
                let count = self.course.exercises[self.current].hints.len();
                if self.hints_shown < count {
                    self.hints_shown += 1;
                } else {
                    self.message = Some(format!("That was the last hint ({count} of {count})."));
                }
                vec![]
            }
            KeyCode::Char('s') => {
                if self.passed() {
                    self.view = if self.view == View::Solution {
                        View::Main
                    } else {
                        View::Solution
                    };
                } else {
                    self.message = Some("The solution opens once this exercise passes.".into());
                }
                vec![]
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
                self.checking = true;
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
        match code {
            KeyCode::Up | KeyCode::Char('k') => {
                self.view = View::List {
                    selected: pos.saturating_sub(1),
                    filter,
                    typing,
                };
            }
            KeyCode::Down | KeyCode::Char('j') => {
                let next = (pos + 1).min(listed.len().saturating_sub(1));
                self.view = View::List {
                    selected: next,
                    filter,
                    typing,
                };
            }
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::course::{Exercise, FailsAs, Mode, Rank};
    use std::path::PathBuf;
    use std::time::Duration;

    fn course(n: usize) -> Course {
        Course {
            root: PathBuf::from("."),
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

    fn outcome(status: Status) -> Outcome {
        Outcome {
            status,
            output: String::new(),
            duration: Duration::ZERO,
            reason: None,
            source_hash: String::new(),
            cached: false,
        }
    }

    fn key(c: char) -> KeyEvent {
        KeyEvent::new(KeyCode::Char(c), KeyModifiers::NONE)
    }

    #[test]
    fn next_waits_for_a_pass_then_moves_to_the_next_pending_exercise() {
        let mut app = App::new(course(3), Progress::default());
        assert!(app.on_key(key('n')).is_empty());
        assert!(
            app.message
                .as_deref()
                .unwrap()
                .contains("once this exercise passes")
        );
        app.on_checked(0, outcome(Status::Passed));
        assert_eq!(
            app.on_key(key('n')),
            [Effect::SaveCurrent, Effect::Check(1)]
        );
        assert_eq!(app.current, 1);
        assert_eq!(app.hints_shown, 0, "hints start over on a new exercise");
    }

    #[test]
    fn each_h_shows_one_more_hint_up_to_the_last() {
        let mut app = App::new(course(1), Progress::default());
        app.on_key(key('h'));
        assert_eq!(app.hints_shown, 1);
        app.on_key(key('h'));
        app.on_key(key('h'));
        assert_eq!(app.hints_shown, 2);
        assert!(app.message.as_deref().unwrap().contains("last hint"));
    }

    #[test]
    fn the_solution_opens_only_after_a_pass() {
        let mut app = App::new(course(1), Progress::default());
        app.on_key(key('s'));
        assert_eq!(app.view, View::Main);
        app.on_checked(0, outcome(Status::Passed));
        app.on_key(key('s'));
        assert_eq!(app.view, View::Solution);
    }

    #[test]
    fn a_background_save_is_recorded_without_stealing_focus() {
        let mut app = App::new(course(3), Progress::default());
        assert_eq!(app.on_saved(2), [Effect::Check(2)]);
        app.on_checked(2, outcome(Status::Passed));
        assert_eq!(app.current, 0);
        assert!(app.progress.done.contains("rank1_e2"));
        assert!(app.outcome.is_none());
    }

    #[test]
    fn reset_asks_first_and_only_y_confirms() {
        let mut app = App::new(course(2), Progress::default());
        app.on_key(key('x'));
        assert_eq!(app.on_key(key('n')), []);
        assert_eq!(app.view, View::Main);
        app.on_key(key('x'));
        assert_eq!(app.on_key(key('y')), [Effect::Reset(0)]);
    }

    #[test]
    fn the_list_filters_moves_and_jumps() {
        let mut app = App::new(course(12), Progress::default());
        app.on_key(key('l'));
        app.on_key(key('/'));
        app.on_key(key('e'));
        app.on_key(key('1'));
        app.on_key(KeyEvent::new(KeyCode::Enter, KeyModifiers::NONE));
        assert_eq!(app.listed(), [1, 10, 11]);
        app.on_key(key('j'));
        let effects = app.on_key(KeyEvent::new(KeyCode::Enter, KeyModifiers::NONE));
        assert_eq!(effects, [Effect::SaveCurrent, Effect::Check(10)]);
        assert_eq!(app.current, 10);
        assert_eq!(app.view, View::Main);
    }

    #[test]
    fn check_all_makes_the_first_pending_exercise_current() {
        let mut app = App::new(course(3), Progress::default());
        assert_eq!(app.on_key(key('c')), [Effect::CheckAll]);
        let effects = app.on_checked_all(&[true, false, true]);
        assert_eq!(app.current, 1);
        assert_eq!(effects, [Effect::SaveCurrent, Effect::Check(1)]);
    }

    #[test]
    fn ctrl_c_and_q_quit() {
        let mut app = App::new(course(1), Progress::default());
        assert_eq!(
            app.on_key(KeyEvent::new(KeyCode::Char('c'), KeyModifiers::CONTROL)),
            [Effect::Quit]
        );
        assert_eq!(app.on_key(key('q')), [Effect::Quit]);
    }
}
