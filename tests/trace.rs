//! When a check fails, the turns its coroutines took are drawn below the failure and given as a
//! `trace` field in `verify --format json`. Each test runs the real binary on a temporary course
//! whose core is the real one.

mod common;

use common::{Fixture, Run};

const CORE_FILES: &[&str] = &["lib.rs", "trace.rs"];

/// A course with one test exercise `name` whose file is `code` followed by `tests`; its
/// solution is `solution` followed by the same tests.
fn course(name: &str, code: &str, solution: &str, tests: &str, extra: &str) -> Fixture {
    let mut f = Fixture::new();
    for file in CORE_FILES {
        let real = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("coro/src")
            .join(file);
        f.write(
            &format!("coro/src/{file}"),
            &std::fs::read_to_string(real).unwrap(),
        );
    }
    f.add(name, "42", "test", extra);
    f.write(
        &format!("exercises/rank1/{name}.rs"),
        &format!("{code}\nfn main() {{}}\n\n{tests}"),
    );
    f.write(
        &format!("solutions/rank1/{name}.rs"),
        &format!("{solution}\nfn main() {{}}\n\n{tests}"),
    );
    f
}

/// The line of `file`'s text that contains `needle`, from 1.
fn line_of(f: &Fixture, name: &str, needle: &str) -> usize {
    f.read(&format!("exercises/rank1/{name}.rs"))
        .lines()
        .position(|l| l.contains(needle))
        .unwrap_or_else(|| panic!("{needle:?} is not in {name}.rs"))
        + 1
}

/// `run NAME`'s output from the line that starts the drawn turns.
#[track_caller]
fn turns(f: &Fixture, name: &str) -> (String, Run) {
    let run = f.run(&["run", name]);
    run.expect(1);
    let out = run.stdout();
    let at = out
        .find("── the coroutines' turns in")
        .unwrap_or_else(|| panic!("no turns are drawn\n{}", run.all()));
    (out[at..].to_string(), run)
}

/// The rows of the drawing with runs of spaces made one, so that column widths do not matter.
fn squeezed(text: &str) -> Vec<String> {
    text.lines()
        .map(|l| l.split_whitespace().collect::<Vec<_>>().join(" "))
        .collect()
}

#[track_caller]
fn assert_rows(text: &str, want: &[String]) {
    let rows = squeezed(text);
    let mut from = 0;
    for w in want {
        match rows[from..].iter().position(|r| r == w) {
            Some(i) => from += i + 1,
            None => panic!("row {w:?} is missing (or out of order) in\n{text}"),
        }
    }
}

const ECHO: &str = "use coro::Coroutine;\n\
fn echo() -> Coroutine<String, &'static str> {\n\
    Coroutine::new(|co| async move {\n\
        let mut reply = String::new();\n\
        loop {\n\
            let msg = co.yield_(reply).await?;\n\
            reply = format!(\"echo {msg}\");\n\
        }\n\
    })\n\
}\n";

const ECHO_TESTS: &str = "#[cfg(test)]\nmod tests {\n    use super::*;\n    use coro::Step;\n\
    #[test]\n    fn echoes() {\n        let mut e = echo();\n        e.prime().unwrap();\n\
        assert_eq!(e.send(\"hi\"), Ok(Step::Yielded(\"echo: hi\".to_string())));\n    }\n}\n";

#[test]
fn a_failing_send_shows_each_turn_with_both_lines() {
    let f = course(
        "echo",
        ECHO,
        &ECHO.replace("echo {msg}", "echo: {msg}"),
        ECHO_TESTS,
        "",
    );
    let (text, run) = turns(&f, "echo");
    let made = line_of(&f, "echo", "Coroutine::new");
    let at = line_of(&f, "echo", "co.yield_");
    let prime = line_of(&f, "echo", "e.prime()");
    let send = line_of(&f, "echo", "e.send(");
    assert_rows(
        &text,
        &[
            "── the coroutines' turns in tests::echoes (up to its panic at exercises/rank1/echo.rs:{send})"
                .replace("{send}", &send.to_string()),
            format!("coroutine made at exercises/rank1/echo.rs:{made} (Coroutine<String, &str>)"),
            "caller body".into(),
            format!("echo.rs:{prime} e.prime() ──────▶ starts"),
            format!("◀────── yields reply at echo.rs:{at} (Suspended)"),
            format!("echo.rs:{send} e.send(\"hi\") ──────▶ resumes at echo.rs:{at} with the value sent"),
            format!("◀────── yields reply at echo.rs:{at} (Suspended)"),
            format!("(the panic at echo.rs:{send} came after the last turn shown)"),
        ],
    );
    // The failure itself comes first, untouched.
    let out = run.stdout();
    assert!(out.find("left: Ok(Yielded(\"echo hi\"))").unwrap() < out.find("── the").unwrap());
    assert!(
        !out.contains("coro-trace:"),
        "no raw trace line is left\n{out}"
    );
}

#[test]
fn an_ignored_close_shows_the_yield_after_close() {
    let code = "use coro::Coroutine;\n\
fn stubborn() -> Coroutine<u32> {\n\
    Coroutine::new(|co| async move {\n\
        loop {\n\
            let _ = co.yield_(1).await;\n\
        }\n\
    })\n\
}\n";
    let solution = code.replace("let _ = co.yield_(1).await;", "co.yield_(1).await?;");
    let tests = "#[cfg(test)]\nmod tests {\n    use super::*;\n\
    #[test]\n    fn closes() {\n        let mut c = stubborn();\n        c.prime().unwrap();\n\
        assert_eq!(c.close(), Ok(None));\n    }\n}\n";
    let f = course("stubborn", code, &solution, tests, "");
    let (text, _) = turns(&f, "stubborn");
    let at = line_of(&f, "stubborn", "co.yield_");
    let close = line_of(&f, "stubborn", "c.close()");
    assert_rows(
        &text,
        &[
            format!("◀────── yields 1 at stubborn.rs:{at} (Suspended)"),
            format!("stubborn.rs:{close} c.close() ──────▶ receives Close at stubborn.rs:{at}"),
            "◀────── yields again: Err(IgnoredClose) (Closed)".into(),
        ],
    );
}

#[test]
fn a_throw_shows_the_error_arriving_and_leaving() {
    let code = "use coro::Coroutine;\n\
#[derive(Debug, PartialEq)]\npub enum Signal { Reset }\n\
fn counter() -> Coroutine<u32, u32, (), Signal> {\n\
    Coroutine::new(|co| async move {\n\
        let mut total = 0;\n\
        loop {\n\
            total += co.yield_(total).await?;\n\
        }\n\
    })\n\
}\n";
    let solution = code.replace(
        "total += co.yield_(total).await?;",
        "match co.yield_(total).await { Ok(n) => total += n, Err(coro::Interrupt::Throw(Signal::Reset)) => total = 0, Err(e) => return Err(e) }",
    );
    let tests = "#[cfg(test)]\nmod tests {\n    use super::*;\n    use coro::Step;\n\
    #[test]\n    fn resets() {\n        let mut c = counter();\n        c.prime().unwrap();\n\
        c.send(5).unwrap();\n\
        assert_eq!(c.throw(Signal::Reset), Ok(Step::Yielded(0)));\n    }\n}\n";
    let f = course("counter", code, &solution, tests, "");
    let (text, _) = turns(&f, "counter");
    let at = line_of(&f, "counter", "co.yield_");
    let throw = line_of(&f, "counter", "c.throw(");
    assert_rows(
        &text,
        &[
            format!("◀────── yields total at counter.rs:{at} (Suspended)"),
            format!(
                "counter.rs:{throw} c.throw(Signal::Reset) ──────▶ receives Throw at counter.rs:{at}"
            ),
            "◀────── lets the error out: Err(Thrown) (Closed)".into(),
        ],
    );
}

#[test]
fn a_delegated_turn_is_drawn_under_the_turn_that_passed_it_on() {
    let code = "use coro::Coroutine;\n\
fn pair() -> Coroutine<&'static str, i32, (i32, i32)> {\n\
    Coroutine::new(|co| async move {\n\
        let a = co.yield_(\"first?\").await?;\n\
        let b = co.yield_(\"second?\").await?;\n\
        Ok((a, b))\n\
    })\n\
}\n\
fn sum() -> Coroutine<&'static str, i32, i32> {\n\
    Coroutine::new(|co| async move {\n\
        let (a, b) = co.delegate(pair()).await?;\n\
        Ok(a - b)\n\
    })\n\
}\n";
    let solution = code.replace("Ok(a - b)", "Ok(a + b)");
    let tests = "#[cfg(test)]\nmod tests {\n    use super::*;\n    use coro::Step;\n\
    #[test]\n    fn adds() {\n        let mut s = sum();\n        s.prime().unwrap();\n\
        s.send(2).unwrap();\n\
        assert_eq!(s.send(3), Ok(Step::Complete(5)));\n    }\n}\n";
    let f = course("sum", code, &solution, tests, "");
    let (text, _) = turns(&f, "sum");
    let outer = line_of(&f, "sum", "fn sum()") + 1;
    let inner = line_of(&f, "sum", "fn pair()") + 1;
    let delegate = line_of(&f, "sum", "co.delegate");
    let second = line_of(&f, "sum", "\"second?\"");
    let last = line_of(&f, "sum", "s.send(3)");
    assert_rows(
        &text,
        &[
            format!(
                "coroutine #1 made at exercises/rank1/sum.rs:{outer} (Coroutine<&str, i32, i32>)"
            ),
            format!(
                "coroutine #2 made at exercises/rank1/sum.rs:{inner} (Coroutine<&str, i32, (i32, i32)>)"
            ),
            format!(
                "sum.rs:{last} #1 s.send(3) ──────▶ resumes at sum.rs:{delegate} with the value sent"
            ),
            format!(
                "#2 delegate: passes send on ──────▶ resumes at sum.rs:{second} with the value sent"
            ),
            "◀────── returns: Complete (Closed)".into(),
            "◀────── returns: Complete (Closed)".into(),
        ],
    );
    // The nested rows are indented further than the turn that drove them.
    let rows: Vec<&str> = text.lines().collect();
    let outer_row = rows.iter().find(|r| r.contains("#1 s.send(3)")).unwrap();
    let inner_row = rows
        .iter()
        .rfind(|r| r.contains("#2 delegate: passes send on"))
        .unwrap();
    let indent = |r: &str| r.len() - r.trim_start().len();
    assert!(indent(inner_row) > indent(outer_row), "{text}");
}

#[test]
fn a_timeout_in_an_endless_body_shows_the_turn_that_never_came_back() {
    let code = "use coro::Coroutine;\n\
fn spin() -> Coroutine<u64, u64> {\n\
    Coroutine::new(|co| async move {\n\
        let mut n: u64 = co.yield_(0).await?;\n\
        loop {\n\
            n = n.wrapping_mul(3).wrapping_add(1);\n\
            if n == 0 { co.yield_(n).await?; }\n\
        }\n\
    })\n\
}\n";
    let solution = code.replace("if n == 0 {", "{");
    let tests = "#[cfg(test)]\nmod tests {\n    use super::*;\n\
    #[test]\n    fn comes_back() {\n        let mut c = spin();\n        c.prime().unwrap();\n\
        c.send(7).unwrap();\n    }\n}\n";
    let f = course("spin", code, &solution, tests, "timeout_secs = 2\n");
    let run = f.run(&["verify", "--format", "json"]);
    run.expect(1);
    let v: serde_json::Value = serde_json::from_str(run.stdout().lines().next().unwrap()).unwrap();
    assert_eq!(v["status"], "timed_out", "{}", run.all());
    let trace = &v["trace"][0];
    assert_eq!(trace["test"], "tests::comes_back");
    assert_eq!(trace["ended"], "timeout");
    let last = &trace["turns"][1];
    assert_eq!(last["op"], "send");
    assert!(last["outcome"].is_null(), "the send never came back: {v}");

    let (text, _) = turns(&f, "spin");
    let at = line_of(&f, "spin", "let mut n: u64 = co.yield_");
    let send = line_of(&f, "spin", "c.send(7)");
    assert_rows(
        &text,
        &[
            "── the coroutines' turns in tests::comes_back (still running when the time ran out)"
                .into(),
            format!("spin.rs:{send} c.send(7) ──────▶ resumes at spin.rs:{at} with the value sent"),
            "◀────── still running when the time ran out ◀ never came back".into(),
        ],
    );
}

#[test]
fn two_coroutines_in_one_test_are_told_apart_and_a_long_run_is_cut() {
    let code = "use coro::Coroutine;\n\
fn counter(step: u32) -> Coroutine<u32> {\n\
    Coroutine::new(move |co| async move {\n\
        let mut n = 0;\n\
        loop {\n\
            co.yield_(n).await?;\n\
            n += step;\n\
        }\n\
    })\n\
}\n";
    let tests = "#[cfg(test)]\nmod tests {\n    use super::*;\n\
    #[test]\n    fn in_step() {\n        let mut a = counter(1);\n        let mut b = counter(2);\n\
        let (mut x, mut y) = (0, 0);\n\
        for _ in 0..100 {\n            x = a.next().unwrap();\n            y = b.next().unwrap();\n        }\n\
        assert_eq!(2 * x, y + 1);\n    }\n}\n";
    let f = course(
        "pairs",
        code,
        &code.replace("n += step;", "n += step; n -= step / 2; n += step / 2;"),
        tests,
        "",
    );
    // The solution fails too: this course is about what a failure shows.
    let (text, _) = turns(&f, "pairs");
    let made = line_of(&f, "pairs", "Coroutine::new");
    let an = line_of(&f, "pairs", "a.next()");
    let bn = line_of(&f, "pairs", "b.next()");
    let at = line_of(&f, "pairs", "co.yield_");
    assert_rows(
        &text,
        &[
            format!("coroutine #1 made at exercises/rank1/pairs.rs:{made} (Coroutine<u32>)"),
            format!("coroutine #2 made at exercises/rank1/pairs.rs:{made} (Coroutine<u32>)"),
            "caller body".into(),
            "… 160 earlier turns left out".into(),
            format!("pairs.rs:{an} #1 a.next() ──────▶ resumes at pairs.rs:{at}"),
            format!("◀────── yields n at pairs.rs:{at} (Suspended)"),
            format!("pairs.rs:{bn} #2 b.next() ──────▶ resumes at pairs.rs:{at}"),
        ],
    );
    let drawn = text.matches("──────▶").count();
    assert_eq!(drawn, 40, "the last 40 turns are drawn\n{text}");
}

#[test]
fn a_program_s_own_lines_that_look_like_a_trace_are_kept_and_a_pass_has_no_trace() {
    let code =
        "pub fn answer() -> u32 {\n    println!(\"coro-trace:0123 begin\\tfake\");\n    41\n}\n";
    let tests = "#[cfg(test)]\nmod tests {\n    use super::*;\n\
    #[test]\n    fn is_42() {\n        assert_eq!(answer(), 42);\n    }\n}\n";
    let f = course("fake", code, &code.replace("41", "42"), tests, "");
    let run = f.run(&["run", "fake"]);
    run.expect(1);
    assert!(
        run.stdout().contains("coro-trace:0123 begin\tfake"),
        "{}",
        run.all()
    );
    assert!(
        !run.stdout().contains("── the coroutines' turns"),
        "{}",
        run.all()
    );
    f.write(
        "exercises/rank1/fake.rs",
        &f.read("solutions/rank1/fake.rs"),
    );
    let run = f.run(&["verify", "--format", "json"]);
    run.expect(0);
    let v: serde_json::Value = serde_json::from_str(run.stdout().lines().next().unwrap()).unwrap();
    assert_eq!(v["status"], "passed");
    assert_eq!(v["trace"], serde_json::json!([]));
}

#[test]
fn watch_mode_shows_the_turns_below_the_failure() {
    let f = course(
        "echo",
        ECHO,
        &ECHO.replace("echo {msg}", "echo: {msg}"),
        ECHO_TESTS,
        "",
    );
    // Without a terminal, watch mode prints its lines and ends with its input.
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_coro-lings"))
        .arg("watch")
        .current_dir(f.root())
        .env("NO_COLOR", "1")
        .stdin(std::process::Stdio::null())
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout);
    let failure = stdout
        .find("left: Ok(Yielded(\"echo hi\"))")
        .expect(&stdout);
    let turns = stdout
        .find("── the coroutines' turns in tests::echoes")
        .expect(&stdout);
    assert!(failure < turns, "{stdout}");
    let send = line_of(&f, "echo", "e.send(");
    assert_rows(
        &stdout[turns..],
        &[format!(
            "echo.rs:{send} e.send(\"hi\") ──────▶ resumes at echo.rs:{} with the value sent",
            line_of(&f, "echo", "co.yield_")
        )],
    );
}
