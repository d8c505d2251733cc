//! Watch mode, driven as a learner would: in a pseudo-terminal, and through pipes.

mod common;

use std::fs;
use std::io::{BufRead, BufReader, Write};
use std::process::{Command, Stdio};
use std::sync::mpsc;
use std::thread;
use std::time::Duration;

use common::{Fixture, exercise_text};

/// Generous: the machine may be busy; a hang still fails, with what was seen.
const PATIENCE_MS: u64 = 60_000;

fn two_exercises() -> Fixture {
    let mut f = Fixture::new();
    f.add("first", "41", "test", "")
        .add("second", "40", "test", "");
    f
}

/// Saves `text` the way vim and JetBrains do: write a temporary file, rename it over.
fn save_by_rename(f: &Fixture, rel: &str, text: &str) {
    let tmp = f.root().join(format!("{rel}.tmp~"));
    fs::write(&tmp, text).unwrap();
    fs::rename(&tmp, f.root().join(rel)).unwrap();
}

#[test]
fn in_a_terminal_a_save_shows_success_and_keys_work_and_the_terminal_is_restored() {
    let f = two_exercises();
    // `stty -a` runs in the same terminal before and after watch mode, so comparing the two
    // shows whether the terminal settings were put back.
    let script = format!(
        "stty cols 100 rows 40; echo BEFORE; stty -a; echo END; '{}'; echo AFTER; stty -a; echo END",
        env!("CARGO_BIN_EXE_coro-lings")
    );
    let mut cmd = Command::new("sh");
    cmd.arg("-c")
        .arg(script)
        .current_dir(f.root())
        .env("NO_COLOR", "1");
    let mut p = rexpect::session::spawn_command(cmd, Some(PATIENCE_MS)).unwrap();

    let before = p.exp_string("END").unwrap();
    let before = before[before.find("BEFORE").unwrap()..].to_string();
    p.exp_string("rank1_first").unwrap();
    p.exp_string("failed").unwrap();
    save_by_rename(&f, "exercises/rank1/first.rs", &exercise_text("42"));
    p.exp_string("rank1_first passes!").unwrap();
    p.exp_string("solutions/rank1/first.rs").unwrap();

    p.send("h").unwrap();
    p.flush().unwrap();
    p.exp_string("Hint 1 of 3: first hint").unwrap();
    p.send("n").unwrap();
    p.flush().unwrap();
    p.exp_string("rank1_second").unwrap();
    p.send("q").unwrap();
    p.flush().unwrap();

    let rest = p.exp_eof().unwrap();
    assert!(
        rest.contains("\x1b[?1049l"),
        "the alternate screen was not left"
    );
    let after = &rest[rest.find("AFTER").expect("stty ran after quitting")..];
    let settings = |s: &str| {
        s.lines()
            .skip(1)
            .take_while(|l| !l.starts_with("END"))
            .map(str::trim)
            .collect::<Vec<_>>()
            .join("\n")
    };
    assert!(settings(after).contains(" icanon"), "stty output: {after}");
    assert_eq!(
        settings(&before),
        settings(after),
        "the terminal settings were not restored"
    );
    let progress = fs::read_to_string(f.root().join(".coro-lings-progress.json")).unwrap();
    assert!(
        progress.contains("rank1_first"),
        "the pass was recorded: {progress}"
    );
}

/// Watch mode without a terminal: lines on stdout, commands on stdin.
struct Plain {
    child: std::process::Child,
    lines: mpsc::Receiver<String>,
    seen: Vec<String>,
}

impl Plain {
    fn start(f: &Fixture, args: &[&str]) -> Plain {
        let mut child = Command::new(env!("CARGO_BIN_EXE_coro-lings"))
            .args(args)
            .current_dir(f.root())
            .env("NO_COLOR", "1")
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::inherit())
            .spawn()
            .unwrap();
        let stdout = child.stdout.take().unwrap();
        let (tx, lines) = mpsc::channel();
        thread::spawn(move || {
            for line in BufReader::new(stdout).lines().map_while(Result::ok) {
                if tx.send(line).is_err() {
                    break;
                }
            }
        });
        Plain {
            child,
            lines,
            seen: Vec::new(),
        }
    }

    /// Waits for a line containing `text`; fails with everything seen so far.
    fn wait_for(&mut self, text: &str) -> String {
        loop {
            match self.lines.recv_timeout(Duration::from_millis(PATIENCE_MS)) {
                Ok(line) => {
                    self.seen.push(line.clone());
                    if line.contains(text) {
                        return line;
                    }
                }
                Err(_) => panic!("no line with {text:?}; saw:\n{}", self.seen.join("\n")),
            }
        }
    }

    fn send(&mut self, line: &str) {
        writeln!(self.child.stdin.as_mut().unwrap(), "{line}").unwrap();
    }

    fn quit(mut self) -> Vec<String> {
        self.send("q");
        let status = self.child.wait().unwrap();
        assert!(status.success());
        self.seen.extend(self.lines.try_iter());
        self.seen
    }
}

#[test]
fn without_a_terminal_three_quick_saves_give_one_result_for_the_last_content() {
    let f = two_exercises();
    let mut w = Plain::start(&f, &["watch"]);
    w.wait_for("rank1_first failed");
    for body in ["43", "44", "42"] {
        fs::write(
            f.root().join("exercises/rank1/first.rs"),
            exercise_text(body),
        )
        .unwrap();
    }
    w.wait_for("rank1_first passes");
    // A stale result would arrive before the quit's own output; give it a moment to show.
    w.send("h");
    w.wait_for("hint 1 of 3");
    let seen = w.quit();
    let results: Vec<&String> = seen
        .iter()
        .skip_while(|l| !l.contains("saved"))
        .filter(|l| l.contains("rank1_first passes") || l.contains("rank1_first failed"))
        .collect();
    assert_eq!(
        results.len(),
        1,
        "one result after the saves, for the last content:\n{}",
        seen.join("\n")
    );
}

#[test]
fn without_a_terminal_a_save_to_another_exercise_is_recorded_without_moving() {
    let f = two_exercises();
    let mut w = Plain::start(&f, &["watch"]);
    w.wait_for("rank1_first failed");
    save_by_rename(&f, "exercises/rank1/second.rs", &exercise_text("42"));
    w.wait_for("rank1_second (saved in the background): passed");
    w.send("n");
    w.wait_for("Next comes once this exercise passes");
    let seen = w.quit();
    assert!(
        !seen.iter().any(|l| l.starts_with("now on")),
        "focus stayed:\n{}",
        seen.join("\n")
    );
    let progress = fs::read_to_string(f.root().join(".coro-lings-progress.json")).unwrap();
    assert!(progress.contains("rank1_second"), "{progress}");
}

#[test]
fn manual_run_checks_only_on_r() {
    let f = two_exercises();
    let mut w = Plain::start(&f, &["watch", "--manual-run"]);
    w.wait_for("Type r to check it");
    w.wait_for("rank1_first failed");
    fs::write(
        f.root().join("exercises/rank1/first.rs"),
        exercise_text("42"),
    )
    .unwrap();
    w.send("r");
    w.wait_for("rank1_first passes");
    let seen = w.quit();
    assert!(
        !seen.iter().any(|l| l.starts_with("saved")),
        "no file events in manual mode:\n{}",
        seen.join("\n")
    );
}
