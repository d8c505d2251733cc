//! Whole frames of the bundled course, compared with the expected text in
//! `src/watch/snapshots/` (colours and links removed). After a deliberate change of the screen,
//! `UPDATE_SNAPSHOTS=1 cargo test --lib watch::` writes the new frames and README's picture;
//! read the diff before committing it.

use std::path::{Path, PathBuf};
use std::time::Duration;

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

use super::*;
use crate::course::Course;
use crate::progress::Progress;
use crate::runner::Outcome;
use crate::watch::app::{Input, Page};
use crate::watch::text::plain;

/// The sizes every frame is drawn at: the classic terminal and a roomy one.
const SIZES: [(usize, usize); 2] = [(80, 24), (120, 40)];
/// README's picture is this frame.
const README_FRAME: (&str, (usize, usize)) = ("failing-test", (80, 24));

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

fn snapshots() -> PathBuf {
    root().join("src/watch/snapshots")
}

fn updating() -> bool {
    std::env::var_os("UPDATE_SNAPSHOTS").is_some()
}

fn course() -> Course {
    Course::load_for_learner(root(), false)
        .expect("the bundled course loads")
        .0
}

fn index_of(course: &Course, id: &str) -> usize {
    course
        .exercises
        .iter()
        .position(|e| e.id == id)
        .unwrap_or_else(|| panic!("{id} is in the course"))
}

/// An app on `id`, with the exercises before it done and the welcome already seen.
fn app_on(id: &str) -> App {
    let course = course();
    let at = index_of(&course, id);
    let mut progress = Progress::default();
    progress.welcomed = true;
    progress.current = Some(id.to_string());
    for e in &course.exercises[..at] {
        progress.done.insert(e.id.clone());
    }
    let examples = crate::examples::find(root())
        .unwrap()
        .into_iter()
        .map(|e| (e.name, e.rank))
        .collect();
    let mut app = App::new(course, progress, examples);
    app.start(None);
    app
}

fn press(app: &mut App, code: KeyCode) {
    app.handle(Input::Key(KeyEvent::new(code, KeyModifiers::NONE)));
}

fn fixture(name: &str) -> String {
    std::fs::read_to_string(snapshots().join(name)).unwrap()
}

fn result(app: &mut App, status: Status, output: String) {
    let index = app.current;
    app.handle(Input::Checked {
        index,
        outcome: Ok(Outcome {
            status,
            output,
            duration: Duration::from_millis(180),
            reason: None,
            source_hash: String::new(),
            trace: Vec::new(),
            cached: false,
        }),
    });
}

const PASS_OUTPUT: &str = "\nrunning 7 tests\ntest tests::a ... ok\n\ntest result: ok. 7 passed; \
                           0 failed; 0 ignored; 0 measured; 0 filtered out; finished in 0.00s\n";

/// The app in each state the snapshots show, by name.
fn states() -> Vec<(&'static str, App)> {
    let mut compile_error = app_on("rank1_lazy_start");
    result(
        &mut compile_error,
        Status::CompileError,
        fixture("compile-error.out"),
    );

    let mut failing = app_on("rank1_forgot_await");
    result(&mut failing, Status::Failed, fixture("failing-test.out"));

    let mut hints = app_on("rank1_forgot_await");
    result(&mut hints, Status::Failed, fixture("failing-test.out"));
    for _ in 0..hints.exercise().hints.len() {
        press(&mut hints, KeyCode::Char('h'));
    }

    let mut pass = app_on("rank1_forgot_await");
    result(&mut pass, Status::Passed, PASS_OUTPUT.to_string());

    let mut list = app_on("rank2_prime_first");
    press(&mut list, KeyCode::Char('l'));

    let mut solution = app_on("rank1_forgot_await");
    result(&mut solution, Status::Passed, PASS_OUTPUT.to_string());
    let page = Page::Solution(solution.current);
    let text = std::fs::read_to_string(root().join(&solution.exercise().solution)).unwrap();
    solution.handle(Input::Loaded {
        page,
        text: Ok(text),
    });

    let last = course().exercises.last().unwrap().id.clone();
    let mut finished = app_on(&last);
    result(&mut finished, Status::Passed, PASS_OUTPUT.to_string());

    vec![
        ("compile-error", compile_error),
        ("failing-test", failing),
        ("hint-ladder", hints),
        ("pass", pass),
        ("list", list),
        ("solution", solution),
        ("final", finished),
    ]
}

/// The frame as the terminal shows it: no escapes, no trailing spaces.
fn shown(app: &App, width: usize, height: usize) -> String {
    let frame = frame(app, width, height);
    assert_eq!(
        frame.lines.len(),
        height,
        "a frame fills the height exactly"
    );
    let mut text = String::new();
    for line in &frame.lines {
        let line = plain(&fit(line, width));
        assert!(
            visible_width(&line) <= width,
            "wider than {width}: {line:?}"
        );
        text.push_str(line.trim_end());
        text.push('\n');
    }
    text
}

#[test]
fn frames_match_their_snapshots() {
    let mut differ = Vec::new();
    for (name, app) in states() {
        for (width, height) in SIZES {
            let file = snapshots().join(format!("{name}-{width}x{height}.txt"));
            let text = shown(&app, width, height);
            if updating() {
                std::fs::write(&file, &text).unwrap();
            } else if std::fs::read_to_string(&file).ok().as_deref() != Some(text.as_str()) {
                differ.push(format!("{}:\n{text}", file.display()));
            }
        }
    }
    assert!(
        differ.is_empty(),
        "these frames differ from their snapshots (UPDATE_SNAPSHOTS=1 to accept them):\n\n{}",
        differ.join("\n")
    );
}

#[test]
fn the_readme_picture_is_the_snapshot() {
    let readme_path = root().join("README.md");
    let readme = std::fs::read_to_string(&readme_path).unwrap();
    let start = readme.find("```text\n").expect("README has a text block") + "```text\n".len();
    let end = start + readme[start..].find("```\n").unwrap();
    // Drawn here rather than read from the snapshot file, which the other test may be
    // rewriting at this moment.
    let (name, app) = states()
        .into_iter()
        .find(|(name, _)| *name == README_FRAME.0)
        .unwrap();
    let (width, height) = README_FRAME.1;
    let picture = shown(&app, width, height).trim_end().to_string() + "\n";
    if updating() {
        let updated = format!("{}{picture}{}", &readme[..start], &readme[end..]);
        std::fs::write(&readme_path, updated).unwrap();
        return;
    }
    assert_eq!(
        &readme[start..end],
        picture,
        "README's watch-mode picture is not the frame {name} at {width}x{height} \
         (UPDATE_SNAPSHOTS=1 puts it there)"
    );
}

#[test]
fn at_80x24_the_exercise_the_first_problem_a_hint_and_the_keys_show() {
    let mut app = app_on("rank1_forgot_await");
    result(&mut app, Status::Failed, fixture("failing-test.out"));
    press(&mut app, KeyCode::Char('h'));
    let text = shown(&app, 80, 24);
    for wanted in [
        "rank1_forgot_await",
        "exercises/rank1/forgot_await.rs",
        "Hint 1 of",
        "panicked at",
        "exercises/rank1/forgot_await.rs:64:9",
        "n next  h hint",
        "R5 [",
    ] {
        assert!(text.contains(wanted), "{wanted:?} is missing from\n{text}");
    }
}

#[test]
fn at_40x10_every_view_degrades_without_garbage() {
    for (name, app) in states() {
        let text = shown(&app, 40, 10);
        assert_eq!(text.lines().count(), 10, "{name}");
        assert!(
            !text.contains('\x1b'),
            "{name}: an escape was cut in half\n{text}"
        );
        assert!(
            text.contains("Overall ["),
            "{name}: the overall bar stays\n{text}"
        );
    }
}

#[test]
fn the_output_scrolls_to_its_last_line_and_back() {
    let mut app = app_on("rank1_forgot_await");
    result(&mut app, Status::Failed, fixture("failing-test.out"));
    let drawn = frame(&app, 80, 24);
    assert!(drawn.max_scroll > 0, "the output is longer than the screen");
    app.handle(Input::Drawn {
        rows: drawn.rows,
        max_scroll: drawn.max_scroll,
    });
    press(&mut app, KeyCode::End);
    let bottom = shown(&app, 80, 24);
    assert!(bottom.contains("test result: FAILED"), "{bottom}");
    press(&mut app, KeyCode::Home);
    assert!(!shown(&app, 80, 24).contains("test result: FAILED"));
}

#[test]
fn a_long_line_wraps_instead_of_being_cut() {
    let mut app = app_on("rank1_forgot_await");
    let long = "AFTER_DROP: dropping a suspended coroutine drops its body's locals, and their \
                destructors run then";
    result(&mut app, Status::Failed, format!("{long}\n"));
    let text = shown(&app, 80, 24);
    assert!(text.contains("destructors run then"), "{text}");
}

#[test]
fn bars_show_every_step_and_fill_only_when_done() {
    let plain_bar = |done, total| plain(&bar(done, total, 6));
    assert_eq!(plain_bar(0, 9), "[------] 0/9");
    assert_eq!(plain_bar(1, 9), "[#-----] 1/9");
    assert_eq!(plain_bar(8, 9), "[#####-] 8/9");
    assert_eq!(plain_bar(9, 9), "[######] 9/9");
    assert_eq!(plain_bar(0, 0), "[------] 0/0");
}
