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
        let rest: Vec<String> = self.lines.try_iter().collect();
        self.seen.extend(rest);
        std::mem::take(&mut self.seen)
    }
}

/// A test that fails half-way must not leave a watch running: one that never sees its input end
/// (as before watch mode ended with it) would keep the test runner's output pipe open forever.
impl Drop for Plain {
    fn drop(&mut self) {
        if let Ok(None) = self.child.try_wait() {
            let _ = self.child.kill();
            let _ = self.child.wait();
        }
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
    w.wait_for("Hint 1 of 3: first hint");
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

#[test]
fn without_a_terminal_watch_mode_ends_when_standard_input_does() {
    let f = two_exercises();
    let mut child = Command::new(env!("CARGO_BIN_EXE_coro-lings"))
        .arg("watch")
        .current_dir(f.root())
        .env("NO_COLOR", "1")
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let start = std::time::Instant::now();
    let status = loop {
        if let Some(status) = child.try_wait().unwrap() {
            break status;
        }
        if start.elapsed() > Duration::from_millis(PATIENCE_MS) {
            child.kill().unwrap();
            let out = child.wait_with_output().unwrap();
            panic!(
                "watch mode did not end with its input\n{}",
                String::from_utf8_lossy(&out.stdout)
            );
        }
        thread::sleep(Duration::from_millis(50));
    };
    let out = child.wait_with_output().unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(status.success(), "{stdout}");
    // The check that was running finishes first, then one line says why watch mode ends.
    let result = stdout.find("rank1_first failed").expect(&stdout);
    let why = stdout.find("standard input is closed").expect(&stdout);
    assert!(result < why, "{stdout}");
}

#[test]
fn in_a_terminal_escape_sequences_and_tabs_from_a_test_do_not_reach_the_screen() {
    let mut f = Fixture::new();
    // Sets the window title, leaves the alternate screen, and tabs past a wide word.
    f.add(
        "hostile",
        r#"{ println!("\u{1b}]0;PWNED\u{7}MARK-A\u{1b}[?1049l\t漢字漢字\tMARK-B"); 41 }"#,
        "test",
        "",
    );
    let script = format!(
        "stty cols 100 rows 60; '{}'",
        env!("CARGO_BIN_EXE_coro-lings")
    );
    let mut cmd = Command::new("sh");
    cmd.arg("-c")
        .arg(script)
        .current_dir(f.root())
        .env("NO_COLOR", "1");
    let mut p = rexpect::session::spawn_command(cmd, Some(PATIENCE_MS)).unwrap();
    // rexpect reads the terminal's bytes as Latin-1: turn them back into UTF-8.
    let before = p.exp_string("MARK-B").unwrap();
    let before =
        String::from_utf8_lossy(&before.chars().map(|c| c as u8).collect::<Vec<u8>>()).into_owned();
    let shown = &before[before.find("MARK-A").expect("the test output is shown")..];
    assert!(!before.contains("\x1b]0;"), "the title was set: {before:?}");
    assert!(
        !before.contains("\x1b[?1049l"),
        "the alternate screen was left: {before:?}"
    );
    assert!(
        !shown.contains('\t'),
        "a tab reached the terminal: {shown:?}"
    );
    assert!(shown.contains("漢字漢字"), "{shown:?}");
    p.send("q").unwrap();
    p.flush().unwrap();
    p.exp_eof().unwrap();
}

#[test]
fn saves_are_noticed_after_the_exercises_folder_is_removed_and_restored() {
    let f = two_exercises();
    let mut w = Plain::start(&f, &["watch"]);
    w.wait_for("rank1_first failed");
    let saved: Vec<(String, String)> = ["first", "second"]
        .iter()
        .map(|n| {
            let rel = format!("exercises/rank1/{n}.rs");
            let text = f.read(&rel);
            (rel, text)
        })
        .collect();
    // What `git checkout -- exercises` does after the folder was deleted.
    fs::remove_dir_all(f.root().join("exercises")).unwrap();
    thread::sleep(Duration::from_millis(300));
    for (rel, text) in &saved {
        f.write(rel, text);
    }
    thread::sleep(Duration::from_millis(300));
    fs::write(
        f.root().join("exercises/rank1/first.rs"),
        exercise_text("42"),
    )
    .unwrap();
    w.wait_for("rank1_first passes");
    w.quit();
}

#[test]
fn progress_recorded_by_another_process_reaches_the_running_watch() {
    let mut f = Fixture::new();
    // The second exercise is already solved, but nothing has recorded it yet.
    f.add("first", "41", "test", "")
        .add("second", "42", "test", "");
    let mut w = Plain::start(&f, &["watch"]);
    w.wait_for("rank1_first failed");
    f.run(&["verify"]).expect(1);
    w.wait_for("Progress changed elsewhere: 1 of 2 exercises pass");
    save_by_rename(&f, "exercises/rank1/first.rs", &exercise_text("42"));
    w.wait_for("rank1_first passes");
    // With the second one known to pass, there is no next exercise: the course is done.
    w.send("n");
    w.wait_for("All done!");
    let seen = w.quit();
    assert!(
        !seen.iter().any(|l| l.starts_with("now on")),
        "n went to an exercise that passes:\n{}",
        seen.join("\n")
    );
}

/// The pid of the coro-lings running in `dir`, once there is one.
fn coro_lings_in(dir: &std::path::Path) -> Option<u32> {
    let out = Command::new("pgrep")
        .args(["-f", &format!("^{}", env!("CARGO_BIN_EXE_coro-lings"))])
        .output()
        .ok()?;
    String::from_utf8_lossy(&out.stdout)
        .lines()
        .filter_map(|l| l.trim().parse::<u32>().ok())
        .find(|pid| {
            fs::read_link(format!("/proc/{pid}/cwd"))
                .is_ok_and(|cwd| cwd.canonicalize().ok() == dir.canonicalize().ok())
        })
}

#[test]
fn in_a_terminal_sigterm_restores_the_terminal_and_exits_143() {
    let f = two_exercises();
    let script = format!(
        "stty cols 100 rows 40; echo BEFORE; stty -a; echo END; '{}'; echo \"EXIT=$?\"; echo AFTER; stty -a; echo END",
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
    let pid = coro_lings_in(f.root()).expect("watch mode runs");
    Command::new("kill")
        .args(["-TERM", &pid.to_string()])
        .status()
        .unwrap();
    let rest = p.exp_eof().unwrap();
    assert!(rest.contains("EXIT=143"), "{rest}");
    assert!(
        rest.contains("\x1b[?1049l"),
        "the alternate screen was not left"
    );
    let settings = |s: &str| {
        s.lines()
            .skip(1)
            .take_while(|l| !l.starts_with("END"))
            .map(str::trim)
            .collect::<Vec<_>>()
            .join("\n")
    };
    let after = &rest[rest.find("AFTER").expect("stty ran after the signal")..];
    assert_eq!(
        settings(&before),
        settings(after),
        "the terminal settings were not restored"
    );
}

#[test]
fn without_a_terminal_the_rank_notes_are_offered_and_o_and_e_show_notes_and_an_example() {
    let f = two_exercises();
    f.write(
        "coro/examples/rank1_answer.rs",
        "//! Prints the core's answer.\n\nfn main() {\n    println!(\"EXAMPLE SAYS {}\", coro::answer());\n}\n",
    );
    let mut w = Plain::start(&f, &["watch"]);
    w.wait_for("rank 1 begins here");
    w.wait_for("rank1_first failed");
    w.send("o");
    w.wait_for("Notes of rank 1");
    w.wait_for("Some notes with code.");
    w.send("e");
    w.wait_for("Example rank1_answer");
    w.wait_for("EXAMPLE SAYS 42");
    w.quit();
}
