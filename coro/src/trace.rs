//! The turn recorder behind the `trace` feature: which coroutine was driven from which line,
//! where its body stopped, and how each turn ended.
//!
//! With the feature off every item here is a zero-sized type or an empty `#[inline]` function,
//! so the hooks in `lib.rs` compile to nothing and a coroutine costs what it cost before.
//!
//! With it on, each thread keeps a log of the last turns of the coroutines it drove (libtest
//! runs each test on a thread of its own, so a thread's log is one test's). When the
//! environment variable `CORO_TRACE` holds a token, the log is written to standard error in a
//! block whose every line starts with `coro-trace:TOKEN `: by a panic hook when the thread
//! panics (inside libtest that lands in the failing test's captured output), and by a watchdog
//! after `CORO_TRACE_AFTER_MS` milliseconds for every thread still running (a test that will
//! time out). The block names locations and types, never values: a generic `Coroutine` cannot
//! format a value it has no `Debug` bound for, and adding that bound would change which programs
//! compile. The reader of the block shows the source text at each location instead.

#[cfg(feature = "trace")]
pub(crate) use on::*;

#[cfg(not(feature = "trace"))]
pub(crate) use off::*;

/// What the caller asked of a coroutine in one turn.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[cfg_attr(not(feature = "trace"), allow(dead_code))]
pub(crate) enum Op {
    Prime,
    Send,
    Throw,
    Close,
    /// A step of the iterator (`next`).
    Next,
    /// The coroutine was dropped while its body was alive.
    Drop,
}

#[cfg(not(feature = "trace"))]
mod off {
    use super::Op;
    use crate::State;

    /// Where a caller stands: nothing, with the feature off.
    #[derive(Debug, Clone, Copy)]
    pub(crate) struct Here;

    impl Here {
        #[inline(always)]
        pub(crate) fn caller() -> Here {
            Here
        }
    }

    /// A coroutine's name in the log: nothing, with the feature off.
    #[derive(Debug)]
    pub(crate) struct Tag;

    impl Tag {
        // The same signature as the recorder's, which names the four types.
        #[allow(clippy::extra_unused_type_parameters)]
        #[inline(always)]
        pub(crate) fn new<Y, S, R, E>() -> Tag {
            Tag
        }
    }

    pub(crate) struct Turn;

    #[inline(always)]
    pub(crate) fn enter(_: &Tag, _: Op, _: Here) -> Turn {
        Turn
    }

    #[inline(always)]
    pub(crate) fn leave<T>(_: Turn, _: &mut Tag, _: &T, _: State) {}

    #[inline(always)]
    pub(crate) fn yield_here(_: Here) {}

    #[inline(always)]
    pub(crate) fn redirect<T>(_: Op, _: Here, f: impl FnOnce() -> T) -> T {
        f()
    }
}

#[cfg(feature = "trace")]
mod on {
    use std::collections::VecDeque;
    use std::fmt::Write as _;
    use std::io::Write as _;
    use std::panic::{self, Location};
    use std::sync::{Arc, Mutex, MutexGuard, Once, Weak};
    use std::time::Duration;

    use super::Op;
    use crate::{Error, State, Step};

    type Loc = &'static Location<'static>;

    /// How many events a thread keeps: the last ones, since the failure is at the end.
    const KEPT: usize = 240;

    /// Where a caller (or a `yield_`) stands in the source.
    #[derive(Debug, Clone, Copy)]
    pub(crate) struct Here(Option<Loc>);

    impl Here {
        #[track_caller]
        #[inline]
        pub(crate) fn caller() -> Here {
            Here(Some(Location::caller()))
        }

        /// For a turn that no line of code asked for (a drop).
        pub(crate) fn nowhere() -> Here {
            Here(None)
        }
    }

    /// A coroutine's name in the log: a number, where it was made, its types, and the `yield_`
    /// its body is stopped at.
    #[derive(Debug)]
    pub(crate) struct Tag {
        id: u32,
        made: Loc,
        types: [&'static str; 4],
        at: Option<Loc>,
    }

    impl Tag {
        #[track_caller]
        pub(crate) fn new<Y, S, R, E>() -> Tag {
            Tag {
                id: with_log(|log| {
                    log.next_id += 1;
                    log.next_id
                })
                .unwrap_or(0),
                made: Location::caller(),
                types: [
                    std::any::type_name::<Y>(),
                    std::any::type_name::<S>(),
                    std::any::type_name::<R>(),
                    std::any::type_name::<E>(),
                ],
                at: None,
            }
        }
    }

    /// How a turn ended.
    #[derive(Debug, Clone, Copy, PartialEq, Eq)]
    pub(crate) enum Out {
        Yielded,
        Returned,
        /// The body ended without a value (a close it let out, or a close before it started).
        Ended,
        NotStarted,
        AlreadyStarted,
        /// Refused: the coroutine had finished before.
        Closed,
        IgnoredClose,
        Thrown,
        ForeignAwait,
        /// The turn was unwound by a panic.
        Panicked,
    }

    /// What a turn's result says about how it ended.
    pub(crate) trait Outcome {
        fn out(&self) -> Out;
    }

    fn error_out<S, E>(e: &Error<S, E>) -> Out {
        match e {
            Error::NotStarted(_) => Out::NotStarted,
            Error::AlreadyStarted => Out::AlreadyStarted,
            Error::Closed => Out::Closed,
            Error::IgnoredClose => Out::IgnoredClose,
            Error::Thrown(_) => Out::Thrown,
            Error::ForeignAwait => Out::ForeignAwait,
        }
    }

    impl<Y, R, S, E> Outcome for Result<Step<Y, R>, Error<S, E>> {
        fn out(&self) -> Out {
            match self {
                Ok(Step::Yielded(_)) => Out::Yielded,
                Ok(Step::Complete(_)) => Out::Returned,
                Err(e) => error_out(e),
            }
        }
    }

    impl<R, S, E> Outcome for Result<Option<R>, Error<S, E>> {
        fn out(&self) -> Out {
            match self {
                Ok(Some(_)) => Out::Returned,
                Ok(None) => Out::Ended,
                Err(e) => error_out(e),
            }
        }
    }

    impl Outcome for () {
        fn out(&self) -> Out {
            Out::Ended
        }
    }

    #[derive(Debug, Clone)]
    enum Event {
        Enter {
            co: u32,
            made: Loc,
            types: [&'static str; 4],
            op: Op,
            caller: Option<Loc>,
            /// The turn was passed on by `co.delegate` in the caller's body.
            delegated: bool,
            from: Option<Loc>,
            depth: u16,
        },
        Leave {
            co: u32,
            out: Out,
            to: Option<Loc>,
            state: State,
            depth: u16,
        },
    }

    #[derive(Debug, Default)]
    struct Log {
        events: VecDeque<Event>,
        /// Turns that fell out of `events`.
        left_out: usize,
        next_id: u32,
        depth: u16,
        /// The `yield_` the body last stopped at, for the turn that is ending.
        yield_at: Option<Loc>,
        /// Set by `redirect`: the next turn is really this operation, asked from this line.
        redirect: Option<(Op, Here)>,
    }

    impl Log {
        fn push(&mut self, event: Event) {
            self.events.push_back(event);
            while self.events.len() > KEPT
                || matches!(self.events.front(), Some(Event::Leave { .. }))
            {
                if let Some(Event::Enter { .. }) = self.events.pop_front() {
                    self.left_out += 1;
                }
            }
        }
    }

    thread_local! {
        static LOG: Arc<Mutex<Log>> = {
            install();
            let log = Arc::new(Mutex::new(Log::default()));
            let mut all = lock(&LOGS);
            all.retain(|(_, l)| l.strong_count() > 0);
            let name = std::thread::current().name().unwrap_or("unnamed thread").to_string();
            all.push((name, Arc::downgrade(&log)));
            log
        };
    }

    /// Every thread's log, for the watchdog.
    static LOGS: Mutex<Vec<(String, Weak<Mutex<Log>>)>> = Mutex::new(Vec::new());

    fn lock<T>(m: &Mutex<T>) -> MutexGuard<'_, T> {
        m.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// Runs `f` on this thread's log; `None` while the thread is being torn down.
    fn with_log<T>(f: impl FnOnce(&mut Log) -> T) -> Option<T> {
        LOG.try_with(|log| f(&mut lock(log))).ok()
    }

    /// A turn in progress. If it is dropped without [`leave`], a panic unwound it.
    pub(crate) struct Turn {
        co: u32,
        depth: u16,
        done: bool,
    }

    impl Drop for Turn {
        fn drop(&mut self) {
            if !self.done {
                let (co, depth) = (self.co, self.depth);
                with_log(|log| {
                    log.depth = depth;
                    log.push(Event::Leave {
                        co,
                        out: Out::Panicked,
                        to: None,
                        state: State::Closed,
                        depth,
                    });
                });
            }
        }
    }

    pub(crate) fn enter(tag: &Tag, op: Op, here: Here) -> Turn {
        let depth = with_log(|log| {
            let (op, caller, delegated) = match log.redirect.take() {
                Some((Op::Next, h)) => (Op::Next, h.0, false),
                Some((op, h)) => (op, h.0, true),
                None => (op, here.0, false),
            };
            let depth = log.depth;
            log.depth += 1;
            log.push(Event::Enter {
                co: tag.id,
                made: tag.made,
                types: tag.types,
                op,
                caller,
                delegated,
                from: tag.at,
                depth,
            });
            depth
        })
        .unwrap_or(0);
        Turn {
            co: tag.id,
            depth,
            done: false,
        }
    }

    pub(crate) fn leave<T: Outcome>(mut turn: Turn, tag: &mut Tag, result: &T, state: State) {
        turn.done = true;
        let out = result.out();
        with_log(|log| {
            log.depth = turn.depth;
            let to = if out == Out::Yielded {
                log.yield_at.take()
            } else {
                None
            };
            match (out, state) {
                (Out::Yielded, _) => tag.at = to,
                (_, State::Closed) => tag.at = None,
                _ => {}
            }
            log.push(Event::Leave {
                co: tag.id,
                out,
                to,
                state,
                depth: turn.depth,
            });
        });
    }

    /// The body hands a value out at `here`.
    pub(crate) fn yield_here(here: Here) {
        with_log(|log| log.yield_at = here.0);
    }

    /// Runs `f`, whose first turn is recorded as `op` asked from `here`: an iterator step, or a
    /// turn that `co.delegate` passes on to its sub-coroutine.
    pub(crate) fn redirect<T>(op: Op, here: Here, f: impl FnOnce() -> T) -> T {
        with_log(|log| log.redirect = Some((op, here)));
        let result = f();
        with_log(|log| log.redirect = None);
        result
    }

    fn place(loc: Option<&Location<'_>>) -> String {
        loc.map_or_else(
            || "-".to_string(),
            |l| format!("{}:{}:{}", l.file(), l.line(), l.column()),
        )
    }

    /// The log as the block the checker reads; every line starts with `coro-trace:TOKEN `.
    fn block(token: &str, thread: &str, why: &str, at: Option<&Location<'_>>, log: &Log) -> String {
        let p = format!("coro-trace:{token} ");
        let mut out = String::new();
        let _ = writeln!(out, "{p}begin\t{thread}\t{why}\t{}", place(at));
        let _ = writeln!(out, "{p}left_out\t{}", log.left_out);
        for event in &log.events {
            let _ = match event {
                Event::Enter {
                    co,
                    made,
                    types,
                    op,
                    caller,
                    delegated,
                    from,
                    depth,
                } => writeln!(
                    out,
                    "{p}enter\t{depth}\t{co}\t{op:?}\t{}\t{}\t{}\t{}\t{}",
                    place(*caller),
                    if *delegated { "delegated" } else { "direct" },
                    place(*from),
                    place(Some(*made)),
                    types.join("\t")
                ),
                Event::Leave {
                    co,
                    out: o,
                    to,
                    state,
                    depth,
                } => writeln!(
                    out,
                    "{p}leave\t{depth}\t{co}\t{o:?}\t{}\t{state:?}",
                    place(*to)
                ),
            };
        }
        let _ = writeln!(out, "{p}end");
        out
    }

    /// This thread's log as a block, for the tests.
    #[cfg(test)]
    pub(crate) fn snapshot(token: &str) -> String {
        with_log(|log| block(token, "this", "test", None, log)).unwrap_or_default()
    }

    /// Empties this thread's log, for the tests.
    #[cfg(test)]
    pub(crate) fn clear() {
        with_log(|log| *log = Log::default());
    }

    /// Installs the panic hook and the watchdog once per process, if the checker asked.
    fn install() {
        static ONCE: Once = Once::new();
        if std::thread::panicking() {
            return;
        }
        ONCE.call_once(|| {
            let Some(token) = std::env::var("CORO_TRACE").ok().filter(|t| !t.is_empty()) else {
                return;
            };
            let previous = panic::take_hook();
            let hook_token = token.clone();
            panic::set_hook(Box::new(move |info| {
                previous(info);
                // A panic inside the recorder holds the lock: say nothing rather than hang.
                let text = LOG
                    .try_with(|log| {
                        let log = log.try_lock().ok()?;
                        let thread = std::thread::current();
                        (!log.events.is_empty()).then(|| {
                            block(
                                &hook_token,
                                thread.name().unwrap_or("unnamed thread"),
                                "panic",
                                info.location(),
                                &log,
                            )
                        })
                    })
                    .ok()
                    .flatten();
                if let Some(text) = text {
                    // `eprint!`, not `stderr()`: inside libtest it joins the test's own output.
                    eprint!("{text}");
                }
            }));
            let after = std::env::var("CORO_TRACE_AFTER_MS")
                .ok()
                .and_then(|ms| ms.parse::<u64>().ok());
            if let Some(after) = after {
                let _ = std::thread::Builder::new()
                    .name("coro-trace watchdog".into())
                    .spawn(move || watchdog(&token, Duration::from_millis(after)));
            }
        });
    }

    /// Waits `after`, then writes the log of every thread still alive: the process is about to
    /// be killed for running too long, and no panic will say what it was doing.
    fn watchdog(token: &str, after: Duration) {
        std::thread::sleep(after);
        let logs: Vec<_> = lock(&LOGS)
            .iter()
            .filter_map(|(name, log)| Some((name.clone(), log.upgrade()?)))
            .collect();
        let mut text = String::new();
        for (name, log) in logs {
            let log = lock(&log);
            if !log.events.is_empty() {
                text.push_str(&block(token, &name, "timeout", None, &log));
            }
        }
        // Straight to the process's standard error: libtest shows a test's captured output
        // only when it finishes, and this one will not.
        let _ = std::io::stderr().lock().write_all(text.as_bytes());
    }
}

#[cfg(all(test, not(feature = "trace")))]
mod off_tests {
    use super::off::{Here, Tag, Turn};

    #[test]
    fn with_the_feature_off_the_hooks_carry_nothing() {
        assert_eq!(std::mem::size_of::<Here>(), 0);
        assert_eq!(std::mem::size_of::<Tag>(), 0);
        assert_eq!(std::mem::size_of::<Turn>(), 0);
        assert!(!std::mem::needs_drop::<Turn>());
    }
}

#[cfg(all(test, feature = "trace"))]
mod tests {
    use super::on::{clear, snapshot};
    use crate::{Coroutine, Error, Interrupt, Step};

    /// The block's lines without their prefix, fields split.
    fn lines() -> Vec<Vec<String>> {
        snapshot("T")
            .lines()
            .map(|l| {
                l.strip_prefix("coro-trace:T ")
                    .expect("every line has the prefix")
                    .split('\t')
                    .map(str::to_string)
                    .collect()
            })
            .collect()
    }

    fn turns() -> Vec<Vec<String>> {
        lines()
            .into_iter()
            .filter(|l| l[0] == "enter" || l[0] == "leave")
            .collect()
    }

    fn line_of(place: &str) -> u32 {
        place.rsplit(':').nth(1).unwrap().parse().unwrap()
    }

    #[test]
    fn each_turn_has_the_caller_s_line_the_body_s_lines_and_how_it_ended() {
        clear();
        let made = line!() + 1;
        let mut echo: Coroutine<String, &str> = Coroutine::new(|co| async move {
            let mut reply = String::new();
            loop {
                let msg = co.yield_(reply).await?;
                reply = format!("echo: {msg}");
            }
        });
        let yield_line = made + 3;
        let primed = line!() + 1;
        echo.prime().unwrap();
        let sent = line!() + 1;
        echo.send("hi").unwrap();
        echo.close().unwrap();
        let t = turns();
        assert_eq!(t.len(), 6, "{t:?}");
        assert_eq!(&t[0][..4], ["enter", "0", "1", "Prime"]);
        assert_eq!(line_of(&t[0][4]), primed);
        assert!(t[0][4].ends_with(&format!("trace.rs:{primed}:14")), "{t:?}");
        assert_eq!(t[0][6], "-", "prime starts the body");
        assert_eq!(line_of(&t[0][7]), made, "where it was made");
        assert_eq!(t[0][8], "alloc::string::String");
        assert_eq!(t[0][9], "&str");
        assert_eq!(&t[1][..4], ["leave", "0", "1", "Yielded"]);
        assert_eq!(line_of(&t[1][4]), yield_line);
        assert_eq!(t[1][5], "Suspended");
        assert_eq!(&t[2][..4], ["enter", "0", "1", "Send"]);
        assert_eq!(line_of(&t[2][4]), sent);
        assert_eq!(line_of(&t[2][6]), yield_line, "resumes where it stopped");
        assert_eq!(&t[4][..4], ["enter", "0", "1", "Close"]);
        assert_eq!(&t[5][..4], ["leave", "0", "1", "Ended"]);
        assert_eq!(t[5][5], "Closed");
    }

    #[test]
    fn refusals_and_ignored_closes_are_recorded_with_their_error() {
        clear();
        let mut stubborn: Coroutine<u8, u8> = Coroutine::new(|co| async move {
            loop {
                let _ = co.yield_(0).await;
            }
        });
        assert_eq!(stubborn.send(1), Err(Error::NotStarted(1)));
        stubborn.prime().unwrap();
        assert_eq!(stubborn.close(), Err(Error::IgnoredClose));
        let outs: Vec<_> = turns()
            .into_iter()
            .filter(|l| l[0] == "leave")
            .map(|l| l[3].clone())
            .collect();
        assert_eq!(outs, ["NotStarted", "Yielded", "IgnoredClose"]);
    }

    #[test]
    fn a_delegated_turn_is_nested_under_the_outer_turn() {
        clear();
        let mut outer: Coroutine<u8, u8, u8> = Coroutine::new(|co| async move {
            let sub: Coroutine<u8, u8, u8> = Coroutine::new(|co| async move {
                let a = co.yield_(1).await?;
                Ok(a)
            });
            let got = co.delegate(sub).await?;
            Ok(got + 1)
        });
        assert_eq!(outer.prime(), Ok(Step::Yielded(1)));
        assert_eq!(outer.send(5), Ok(Step::Complete(6)));
        let t = turns();
        let shape: Vec<_> = t
            .iter()
            .map(|l| format!("{} {} {} {}", l[0], l[1], l[2], l[3]))
            .collect();
        assert_eq!(
            shape,
            [
                "enter 0 1 Prime",
                "enter 1 2 Prime",
                "leave 1 2 Yielded",
                "leave 0 1 Yielded",
                "enter 0 1 Send",
                "enter 1 2 Send",
                "leave 1 2 Returned",
                "leave 0 1 Returned",
            ]
        );
        assert_eq!(t[1][5], "delegated");
        assert_eq!(
            line_of(&t[1][4]),
            line_of(&t[3][4]),
            "the sub's caller and the outer's yield are both the delegate line"
        );
    }

    #[test]
    fn iterator_steps_throws_and_drops_are_turns_too() {
        clear();
        let squares: Coroutine<u32> = Coroutine::new(|co| async move {
            for i in 0..3 {
                co.yield_(i * i).await?;
            }
            Ok(())
        });
        let got: Vec<u32> = squares.take(2).collect();
        assert_eq!(got, [0, 1]);
        let mut c: Coroutine<u8, (), (), &str> = Coroutine::new(|co| async move {
            loop {
                co.yield_(0).await?;
            }
        });
        c.prime().unwrap();
        assert_eq!(c.throw("boom"), Err(Error::Thrown("boom")));
        let mut d: Coroutine<u8> = Coroutine::new(|co| async move {
            co.yield_(0).await?;
            Ok(())
        });
        d.prime().unwrap();
        drop(d);
        let ops: Vec<_> = turns()
            .into_iter()
            .filter(|l| l[0] == "enter")
            .map(|l| format!("{} {}", l[2], l[3]))
            .collect();
        assert_eq!(
            ops,
            [
                "1 Next", "1 Next", "1 Drop", "2 Prime", "2 Throw", "3 Prime", "3 Drop"
            ]
        );
    }

    #[test]
    fn a_long_run_keeps_the_last_turns_and_counts_the_rest() {
        clear();
        let mut c: Coroutine<u32, u32> = Coroutine::new(|co| async move {
            let mut n = 0;
            loop {
                n = co.yield_(n).await?;
            }
        });
        c.prime().unwrap();
        for i in 0..1000 {
            c.send(i).unwrap();
        }
        let all = lines();
        let left_out: usize = all[1][1].parse().unwrap();
        let kept = all.iter().filter(|l| l[0] == "enter").count();
        assert_eq!(left_out + kept, 1001);
        assert!(kept >= 100, "{kept}");
        assert_eq!(all[2][0], "enter", "a kept run starts with a whole turn");
    }

    #[test]
    fn a_panic_in_the_body_ends_the_turn_as_panicked() {
        clear();
        let mut c: Coroutine<u8, u8> = Coroutine::new(|co| async move {
            let n = co.yield_(0).await?;
            assert!(n < 10, "too big");
            Ok(())
        });
        c.prime().unwrap();
        let caught = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| c.send(11)));
        assert!(caught.is_err());
        let last = turns().pop().unwrap();
        assert_eq!(&last[..4], ["leave", "0", "1", "Panicked"]);
        let _ = Interrupt::<u8>::Close;
    }
}
