//! The turns a failing test's coroutines took: read from the blocks the core's `trace` feature
//! writes into the test's output, taken out of that output, and drawn as two columns (the
//! caller on the left, the coroutine's body on the right) below the failure.
//!
//! The core writes locations and types, never values (it has no `Debug` bound to format them
//! with), so each line shows the source text at its location instead: the call as the test
//! wrote it (`e.send(msg)`), the expression a `yield_` hands out (`reply`).
//!
//! Every line of a block starts with `coro-trace:TOKEN `, where the token is fresh for each
//! runner: a program cannot write a line that is taken for a trace line without reading the
//! token from its environment, and what it prints is never taken out of its output otherwise.

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::fs;
use std::hash::{BuildHasher, Hasher, RandomState};
use std::path::Path;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{SystemTime, UNIX_EPOCH};

use serde::{Deserialize, Serialize};

/// The environment variable that asks the core to write its blocks, with their token.
pub const TOKEN_VAR: &str = "CORO_TRACE";
/// The environment variable that says after how many milliseconds the core writes the turns of
/// every test still running (one that is about to be killed for its timeout).
pub const AFTER_VAR: &str = "CORO_TRACE_AFTER_MS";
/// How many turns of one test are drawn; the JSON report has all the core kept.
const DRAWN: usize = 40;
/// How many failing tests' turns are drawn: a learner fixes one test at a time.
const DRAWN_TESTS: usize = 3;
/// How wide the caller's column is drawn.
const CALLER_WIDTH: usize = 40;

/// A fresh token for one runner's checks.
pub fn token() -> String {
    static COUNTER: AtomicU64 = AtomicU64::new(0);
    // std's RandomState is keyed from the operating system's randomness, so the token is not
    // something a program could work out from its parent's pid and the clock.
    let mut h = RandomState::new().build_hasher();
    h.write(&std::process::id().to_le_bytes());
    h.write(
        &SystemTime::now()
            .duration_since(UNIX_EPOCH)
            .unwrap_or_default()
            .as_nanos()
            .to_le_bytes(),
    );
    h.write(&COUNTER.fetch_add(1, Ordering::Relaxed).to_le_bytes());
    format!("{:016x}", h.finish())
}

/// When the core should write the turns of tests still running: before the checker kills the
/// process at `timeout_ms`, with time left to write them.
pub fn watchdog_after_ms(timeout_ms: u64) -> u64 {
    timeout_ms.saturating_sub((timeout_ms / 4).max(500))
}

/// A place in the source, as `#[track_caller]` gives it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Place {
    pub file: String,
    pub line: u32,
    pub column: u32,
}

impl Place {
    fn parse(text: &str) -> Option<Place> {
        if text == "-" {
            return None;
        }
        let mut parts = text.rsplitn(3, ':');
        let column = parts.next()?.parse().ok()?;
        let line = parts.next()?.parse().ok()?;
        let file = parts.next()?.to_string();
        Some(Place { file, line, column })
    }

    /// `echo.rs:24`: the file's name is enough beside the coroutine's full path.
    fn short(&self) -> String {
        let name = Path::new(&self.file)
            .file_name()
            .map_or(self.file.clone(), |n| n.to_string_lossy().into_owned());
        format!("{name}:{}", self.line)
    }
}

/// One coroutine of a test.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Coroutine {
    /// Its number within the test, from 1 in the order they were made.
    pub id: u32,
    pub made_at: Place,
    /// `Coroutine<Y, S, R, E>` with the defaults left out.
    #[serde(rename = "type")]
    pub type_: String,
}

/// One turn: the caller asks, the body runs (or is refused), control comes back.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Turn {
    pub coroutine: u32,
    /// `prime`, `send`, `throw`, `close`, `next` or `drop`.
    pub op: String,
    /// The line that asked; none for a drop.
    pub caller: Option<Place>,
    /// Passed on by `co.delegate` in the body of the turn this one is nested in.
    pub delegated: bool,
    /// The `yield_` the body was stopped at; none when it had not started.
    pub from: Option<Place>,
    /// How it ended: `yielded`, `returned`, `ended`, `not_started`, `already_started`,
    /// `closed`, `ignored_close`, `thrown`, `foreign_await`, `panicked`; none while it was
    /// still running.
    pub outcome: Option<String>,
    /// The `yield_` the body stopped at, when it yielded.
    pub to: Option<Place>,
    /// The state after the turn.
    pub state: Option<String>,
    /// The turns of sub-coroutines that this one's body drove (a delegate).
    pub turns: Vec<Turn>,
}

/// The turns one test's coroutines took.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TestTrace {
    /// The test (libtest names a test's thread after it); `main` for a program.
    pub test: String,
    /// `panic`, or `timeout` when it was still running as the time ran out.
    pub ended: String,
    pub panic_at: Option<Place>,
    /// How many earlier turns were not kept.
    pub left_out: usize,
    pub coroutines: Vec<Coroutine>,
    pub turns: Vec<Turn>,
}

/// Takes the trace blocks with `token` out of `output`: what is left is exactly what the
/// program printed itself.
pub fn extract(output: &str, token: &str) -> (String, Vec<TestTrace>) {
    let prefix = format!("coro-trace:{token} ");
    let mut own = String::with_capacity(output.len());
    let mut blocks: Vec<Vec<&str>> = Vec::new();
    let mut open = false;
    for line in output.split_inclusive('\n') {
        // Colored test output may put a reset code before a line; the block is never colored.
        let Some(rest) = line.find(&prefix).map(|i| &line[i + prefix.len()..]) else {
            own.push_str(line);
            continue;
        };
        own.push_str(&line[..line.find(&prefix).unwrap_or(0)]);
        let rest = rest.trim_end_matches(['\n', '\r']);
        if rest.starts_with("begin\t") {
            blocks.push(Vec::new());
            open = true;
        }
        if open && let Some(block) = blocks.last_mut() {
            block.push(rest);
        }
        if rest == "end" {
            open = false;
        }
    }
    let traces = blocks.iter().filter_map(|b| parse_block(b)).collect();
    (own, traces)
}

fn parse_block(lines: &[&str]) -> Option<TestTrace> {
    let head: Vec<&str> = lines.first()?.split('\t').collect();
    let mut trace = TestTrace {
        test: head.get(1)?.to_string(),
        ended: head.get(2)?.to_string(),
        panic_at: head.get(3).and_then(|p| Place::parse(p)),
        left_out: 0,
        coroutines: Vec::new(),
        turns: Vec::new(),
    };
    let mut made: BTreeMap<u32, Coroutine> = BTreeMap::new();
    // The turns still open, innermost last.
    let mut stack: Vec<Turn> = Vec::new();
    for line in &lines[1..] {
        let f: Vec<&str> = line.split('\t').collect();
        match f.as_slice() {
            ["left_out", n] => trace.left_out = n.parse().unwrap_or(0),
            [
                "enter",
                _depth,
                co,
                op,
                caller,
                via,
                from,
                made_at,
                types @ ..,
            ] => {
                let id: u32 = co.parse().ok()?;
                made.entry(id).or_insert_with(|| Coroutine {
                    id,
                    made_at: Place::parse(made_at).unwrap_or(Place {
                        file: String::new(),
                        line: 0,
                        column: 0,
                    }),
                    type_: type_text(types),
                });
                stack.push(Turn {
                    coroutine: id,
                    op: op.to_lowercase(),
                    caller: Place::parse(caller),
                    delegated: *via == "delegated",
                    from: Place::parse(from),
                    outcome: None,
                    to: None,
                    state: None,
                    turns: Vec::new(),
                });
            }
            ["leave", _depth, co, out, to, state] => {
                let id: u32 = co.parse().ok()?;
                // A turn's leave closes it and every turn opened inside it that a panic left
                // open.
                while let Some(mut turn) = stack.pop() {
                    let done = turn.coroutine == id && turn.outcome.is_none();
                    if done {
                        turn.outcome = Some(snake(out));
                        turn.to = Place::parse(to);
                        turn.state = Some(state.to_lowercase());
                    }
                    match stack.last_mut() {
                        Some(parent) => parent.turns.push(turn),
                        None => trace.turns.push(turn),
                    }
                    if done {
                        break;
                    }
                }
            }
            ["end"] => break,
            _ => {}
        }
    }
    // Turns still open when the block was written: the body was running then.
    while let Some(turn) = stack.pop() {
        match stack.last_mut() {
            Some(parent) => parent.turns.push(turn),
            None => trace.turns.push(turn),
        }
    }
    trace.coroutines = made.into_values().collect();
    Some(trace)
}

fn snake(camel: &str) -> String {
    let mut out = String::new();
    for (i, c) in camel.chars().enumerate() {
        if c.is_uppercase() && i > 0 {
            out.push('_');
        }
        out.extend(c.to_lowercase());
    }
    out
}

/// `Coroutine<String, &str>` from the four type names, without paths and trailing defaults.
fn type_text(types: &[&str]) -> String {
    let mut shown: Vec<String> = types.iter().map(|t| short_type(t)).collect();
    let defaults = ["", "()", "()", "Infallible"];
    while shown.len() > 1
        && shown.last().map(String::as_str) == defaults.get(shown.len() - 1).copied()
    {
        shown.pop();
    }
    format!("Coroutine<{}>", shown.join(", "))
}

/// `alloc::string::String` as `String`, inside generics too.
fn short_type(name: &str) -> String {
    let mut out = String::new();
    let mut word = String::new();
    for c in name.chars().chain(std::iter::once(' ')) {
        if c.is_alphanumeric() || c == '_' || c == ':' {
            word.push(c);
        } else {
            out.push_str(word.rsplit("::").next().unwrap_or(&word));
            word.clear();
            out.push(c);
        }
    }
    out.pop();
    out
}

/// Reads source lines once per file.
struct Sources<'a> {
    root: &'a Path,
    files: BTreeMap<String, Option<Vec<String>>>,
}

impl Sources<'_> {
    fn line(&mut self, place: &Place) -> Option<&str> {
        let root = self.root;
        let lines = self
            .files
            .entry(place.file.clone())
            .or_insert_with(|| {
                fs::read_to_string(root.join(&place.file))
                    .ok()
                    .map(|t| t.lines().map(str::to_string).collect())
            })
            .as_ref()?;
        lines
            .get(place.line.checked_sub(1)? as usize)
            .map(String::as_str)
    }

    /// The call at `place` as written, `e.send(msg)`: the column is the method's name.
    fn call(&mut self, place: &Place) -> Option<String> {
        let line = self.line(place)?;
        let start = line
            .char_indices()
            .nth(place.column.checked_sub(1)? as usize)?
            .0;
        let (before, from) = line.split_at(start);
        let receiver: String = {
            let b = before.strip_suffix('.')?;
            let tail = b.len()
                - b.chars()
                    .rev()
                    .take_while(|c| c.is_alphanumeric() || matches!(c, '_' | '.'))
                    .map(char::len_utf8)
                    .sum::<usize>();
            b[tail..].to_string()
        };
        let call = balanced(from)?;
        Some(if receiver.is_empty() {
            call
        } else {
            format!("{receiver}.{call}")
        })
    }

    /// What `co.yield_(...)` at `place` hands out, as written.
    fn yielded(&mut self, place: &Place) -> Option<String> {
        let call = self.call(place)?;
        let open = call.find("yield_(")? + "yield_(".len();
        call[open..].strip_suffix(')').map(str::to_string)
    }
}

/// `send(x)` from `send(x).unwrap(), ...`: up to the parenthesis that closes the first one,
/// or the start of the call with `…` when it goes on past the line.
fn balanced(text: &str) -> Option<String> {
    let open = text.find('(')?;
    let mut depth = 0;
    let mut in_str = false;
    let mut prev = ' ';
    for (i, c) in text.char_indices().skip(open) {
        match c {
            '"' if prev != '\\' => in_str = !in_str,
            '(' if !in_str => depth += 1,
            ')' if !in_str => {
                depth -= 1;
                if depth == 0 {
                    return Some(text[..=i].to_string());
                }
            }
            _ => {}
        }
        prev = c;
    }
    Some(format!("{}…)", text.trim_end()))
}

fn fit(text: &str, width: usize) -> String {
    if text.chars().count() <= width {
        return text.to_string();
    }
    let mut cut: String = text.chars().take(width.saturating_sub(1)).collect();
    cut.push('…');
    cut
}

/// The turns of `traces` as text for a learner, below the failure they explain.
pub fn render(traces: &[TestTrace], root: &Path) -> String {
    let mut sources = Sources {
        root,
        files: BTreeMap::new(),
    };
    let mut out = String::new();
    for trace in traces.iter().take(DRAWN_TESTS) {
        // Not "panicked at": one-line reports take the first line that says so from the test.
        let _ = writeln!(
            out,
            "\n── the coroutines' turns in {} {}",
            trace.test,
            match (&trace.ended[..], &trace.panic_at) {
                ("panic", Some(p)) => format!("(up to its panic at {}:{})", p.file, p.line),
                ("panic", None) => "(up to its panic)".to_string(),
                _ => "(still running when the time ran out)".to_string(),
            }
        );
        for c in &trace.coroutines {
            let _ = writeln!(
                out,
                "coroutine{} made at {}:{} ({})",
                if trace.coroutines.len() > 1 {
                    format!(" #{}", c.id)
                } else {
                    String::new()
                },
                c.made_at.file,
                c.made_at.line,
                c.type_
            );
        }
        let mut rows = Vec::new();
        let several = trace.coroutines.len() > 1;
        for turn in &trace.turns {
            draw(turn, 0, several, trace, &mut sources, &mut rows);
        }
        let total_left_out = trace.left_out + rows.len().saturating_sub(DRAWN * 2) / 2;
        let _ = writeln!(out, "  {:<w$}            body", "caller", w = CALLER_WIDTH);
        if total_left_out > 0 {
            let _ = writeln!(
                out,
                "  … {total_left_out} earlier turn{} left out",
                if total_left_out == 1 { "" } else { "s" }
            );
        }
        let skip = rows.len().saturating_sub(DRAWN * 2);
        for row in &rows[skip..] {
            let _ = writeln!(out, "{row}");
        }
        if trace.ended == "panic"
            && let Some(last) = trace.turns.last()
            && last.outcome.is_some()
            && let Some(p) = &trace.panic_at
        {
            let _ = writeln!(
                out,
                "  (the panic at {} came after the last turn shown)",
                p.short()
            );
        }
    }
    if traces.len() > DRAWN_TESTS {
        let _ = writeln!(
            out,
            "\n({} more failing tests have turns: fix these first, or see them in \
             `coro-lings verify --format json`)",
            traces.len() - DRAWN_TESTS
        );
    }
    out
}

/// The two rows of `turn` (and those of the turns nested in it) into `rows`.
fn draw(
    turn: &Turn,
    depth: usize,
    several: bool,
    trace: &TestTrace,
    sources: &mut Sources,
    rows: &mut Vec<String>,
) {
    let indent = "  ".repeat(depth + 1);
    let who = if several {
        format!("#{} ", turn.coroutine)
    } else {
        String::new()
    };
    let asked = match (&turn.caller, turn.delegated) {
        (_, true) => format!(
            "{who}delegate: {}",
            if turn.op == "prime" {
                "starts it".to_string()
            } else {
                format!("passes {} on", turn.op)
            }
        ),
        (None, _) => format!("{who}(dropped)"),
        // An iterator adapter of the standard library (`take`, `collect`) calls `next` from
        // its own source, which names no line of the course.
        (Some(place), false) if Path::new(&place.file).is_absolute() => {
            format!("{who}{}() from std", turn.op)
        }
        (Some(place), false) => {
            // A `for` loop asks for `next` without a call to show.
            let call = sources.call(place).filter(|c| {
                c.split('.')
                    .next_back()
                    .is_some_and(|m| m.starts_with(&turn.op))
            });
            format!(
                "{}  {who}{}",
                place.short(),
                call.unwrap_or_else(|| format!("{}()", turn.op))
            )
        }
    };
    // A refused call, and a throw or close before the body started, run nothing.
    let refused = matches!(
        turn.outcome.as_deref(),
        Some("not_started" | "already_started" | "closed")
    ) || (turn.from.is_none() && matches!(turn.op.as_str(), "throw" | "close"));
    let body_in = if refused {
        "does not run".to_string()
    } else {
        match (&turn.from, turn.op.as_str()) {
            (_, "drop") => match &turn.from {
                Some(p) => format!("is dropped at {}: its locals are dropped", p.short()),
                None => "is dropped before it started".to_string(),
            },
            (None, _) => "starts".to_string(),
            (Some(p), "throw") => format!("receives Throw at {}", p.short()),
            (Some(p), "close") => format!("receives Close at {}", p.short()),
            (Some(p), "send") => format!("resumes at {} with the value sent", p.short()),
            (Some(p), _) => format!("resumes at {}", p.short()),
        }
    };
    let width = CALLER_WIDTH.saturating_sub(indent.len() - 2);
    rows.push(format!(
        "{indent}{:<width$} ──────▶    {body_in}",
        fit(&asked, width),
    ));
    for inner in &turn.turns {
        draw(inner, depth + 1, several, trace, sources, rows);
    }
    let state = turn
        .state
        .as_deref()
        .map(|s| {
            let mut c = s.chars();
            c.next()
                .map(|f| f.to_uppercase().chain(c).collect::<String>())
                .unwrap_or_default()
        })
        .unwrap_or_default();
    let body_out = match turn.outcome.as_deref() {
        Some("yielded") => {
            let what = turn
                .to
                .as_ref()
                .map(|p| {
                    let expr = sources
                        .yielded(p)
                        .map(|e| format!("{e} "))
                        .unwrap_or_default();
                    format!("yields {expr}at {}", p.short())
                })
                .unwrap_or_else(|| "yields".to_string());
            format!("{what} ({state})")
        }
        Some("returned") => format!("returns: Complete ({state})"),
        Some("ended") if turn.op == "drop" => format!("gone ({state})"),
        Some("ended") => format!("ends without a return value ({state})"),
        Some("not_started") => format!("Err(NotStarted): prime it first ({state})"),
        Some("already_started") => format!("Err(AlreadyStarted) ({state})"),
        Some("closed") => format!("Err(Closed): it had already finished ({state})"),
        Some("ignored_close") => format!("yields again: Err(IgnoredClose) ({state})"),
        Some("thrown") => format!("lets the error out: Err(Thrown) ({state})"),
        Some("foreign_await") => format!("awaits a foreign future: Err(ForeignAwait) ({state})"),
        Some("panicked") => "panics (Closed)".to_string(),
        Some(other) => format!("{other} ({state})"),
        None if trace.ended == "panic" => match &trace.panic_at {
            Some(p) => format!("panics at {} ◀ the failure", p.short()),
            None => "panics ◀ the failure".to_string(),
        },
        None => "still running when the time ran out ◀ never came back".to_string(),
    };
    rows.push(format!("{indent}{:<width$} ◀──────    {body_out}", ""));
}

#[cfg(test)]
mod tests {
    use super::*;

    const T: &str = "abc";

    fn block(lines: &[&str]) -> String {
        lines
            .iter()
            .map(|l| format!("coro-trace:{T} {l}\n"))
            .collect()
    }

    #[test]
    fn blocks_are_taken_out_and_everything_else_is_kept_as_it_was() {
        let output = format!(
            "running 1 test\nmine: coro-trace:other begin\n{}test result: FAILED\n",
            block(&[
                "begin\ttests::t\tpanic\tx.rs:9:5",
                "left_out\t2",
                "enter\t0\t1\tPrime\tx.rs:7:11\tdirect\t-\tx.rs:3:5\tu8\t()\t()\tcore::convert::Infallible",
                "leave\t0\t1\tYielded\tx.rs:4:20\tSuspended",
                "end",
            ])
        );
        let (own, traces) = extract(&output, T);
        assert_eq!(
            own,
            "running 1 test\nmine: coro-trace:other begin\ntest result: FAILED\n"
        );
        assert_eq!(traces.len(), 1);
        let t = &traces[0];
        assert_eq!(t.test, "tests::t");
        assert_eq!(t.left_out, 2);
        assert_eq!(t.coroutines[0].type_, "Coroutine<u8>");
        assert_eq!(t.turns[0].outcome.as_deref(), Some("yielded"));
        assert_eq!(t.turns[0].to.as_ref().unwrap().line, 4);
    }

    #[test]
    fn nested_turns_go_under_the_turn_that_drove_them() {
        let (_, traces) = extract(
            &block(&[
                "begin\tmain\tpanic\t-",
                "enter\t0\t1\tSend\ta.rs:1:1\tdirect\ta.rs:2:2\ta.rs:3:3\tu8\tu8\t()\tE",
                "enter\t1\t2\tSend\ta.rs:5:5\tdelegated\ta.rs:6:6\ta.rs:3:3\tu8\tu8\t()\tE",
                "leave\t1\t2\tReturned\t-\tClosed",
                "enter\t1\t3\tPrime\ta.rs:5:5\tdelegated\t-\ta.rs:3:3\tu8\tu8\t()\tE",
                "end",
            ]),
            T,
        );
        let outer = &traces[0].turns;
        assert_eq!(outer.len(), 1);
        assert_eq!(outer[0].outcome, None, "still running at the panic");
        assert_eq!(outer[0].turns.len(), 2);
        assert!(outer[0].turns[0].delegated);
        assert_eq!(outer[0].turns[1].outcome, None);
    }

    #[test]
    fn type_names_lose_their_paths_and_trailing_defaults() {
        assert_eq!(
            type_text(&[
                "alloc::string::String",
                "&str",
                "()",
                "core::convert::Infallible"
            ]),
            "Coroutine<String, &str>"
        );
        assert_eq!(
            type_text(&[
                "core::option::Option<f64>",
                "()",
                "alloc::vec::Vec<alloc::string::String>",
                "core::convert::Infallible"
            ]),
            "Coroutine<Option<f64>, (), Vec<String>>"
        );
    }

    #[test]
    fn calls_are_read_from_the_source_at_their_column() {
        let dir = tempfile::tempdir().unwrap();
        fs::write(
            dir.path().join("a.rs"),
            "    assert_eq!(e.send(\"a)\"), Ok(x));\n    let y = co.yield_(format!(\"{n}\")).await?;\n    c.send(\n",
        )
        .unwrap();
        let mut s = Sources {
            root: dir.path(),
            files: BTreeMap::new(),
        };
        let at = |line, column| Place {
            file: "a.rs".into(),
            line,
            column,
        };
        assert_eq!(s.call(&at(1, 18)).as_deref(), Some("e.send(\"a)\")"));
        assert_eq!(s.yielded(&at(2, 16)).as_deref(), Some("format!(\"{n}\")"));
        assert_eq!(s.call(&at(3, 7)).as_deref(), Some("c.send(…)"));
        assert_eq!(s.call(&at(9, 1)), None);
    }

    #[test]
    fn a_few_tests_are_drawn_and_the_drawing_never_reads_as_the_test_s_panic() {
        let one = |n: u32| {
            block(&[
                &format!("begin\ttests::t{n}\tpanic\tx.rs:9:5"),
                "enter\t0\t1\tPrime\tx.rs:7:11\tdirect\t-\tx.rs:3:5\tu8\t()\t()\tE",
                "end",
            ])
        };
        let (_, traces) = extract(&(1..=5).map(one).collect::<String>(), T);
        assert_eq!(traces.len(), 5);
        let text = render(&traces, Path::new("/nonexistent"));
        assert_eq!(text.matches("── the coroutines' turns in").count(), 3);
        assert!(text.contains("tests::t3") && !text.contains("tests::t4"));
        assert!(text.contains("(2 more failing tests have turns"), "{text}");
        assert!(text.contains("prime()"), "a call without its source: {text}");
        assert!(!text.contains("panicked at"), "{text}");
    }

    #[test]
    fn a_step_asked_by_a_std_adapter_says_so_instead_of_naming_std_s_file() {
        let (_, traces) = extract(
            &block(&[
                "begin\ttests::t\tpanic\t-",
                "enter\t0\t1\tNext\t/rustc/f00/library/core/src/iter/adapters/take.rs:38:9\tdirect\t-\tx.rs:3:5\tu8\t()\t()\tE",
                "leave\t0\t1\tYielded\tx.rs:4:12\tSuspended",
                "end",
            ]),
            T,
        );
        let text = render(&traces, Path::new("/nonexistent"));
        assert!(text.contains("  next() from std "), "{text}");
        assert!(!text.contains("take.rs"), "{text}");
    }

    #[test]
    fn the_watchdog_fires_before_the_kill() {
        assert_eq!(watchdog_after_ms(10_000), 7_500);
        assert_eq!(watchdog_after_ms(1_000), 500);
        assert!(watchdog_after_ms(100) < 100);
    }
}
