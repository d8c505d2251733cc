//! One test per row of the protocol table in DESIGN.md, and one per error.

use super::*;
use std::cell::RefCell;
use std::panic::{AssertUnwindSafe, catch_unwind};

type Log = Rc<RefCell<Vec<String>>>;

fn log() -> Log {
    Rc::default()
}

fn entries(log: &Log) -> Vec<String> {
    log.borrow().clone()
}

/// Logs `dropped NAME` when dropped: a stand-in for cleanup code.
struct Guard(Log, &'static str);

impl Drop for Guard {
    fn drop(&mut self) {
        self.0.borrow_mut().push(format!("dropped {}", self.1));
    }
}

/// Yields its running total, is sent numbers, returns the total on close.
fn summer(log: Log) -> Coroutine<i32, i32, i32, &'static str> {
    Coroutine::new(move |co| async move {
        let _guard = Guard(log.clone(), "summer");
        log.borrow_mut().push("started".into());
        let mut total = 0;
        loop {
            match co.yield_(total).await {
                Ok(n) => total += n,
                Err(Interrupt::Throw("reset")) => total = 0,
                Err(Interrupt::Close) => return Ok(total),
                Err(other) => return Err(other),
            }
        }
    })
}

#[test]
fn the_body_runs_only_when_driven() {
    let log = log();
    let c = summer(log.clone());
    assert!(entries(&log).is_empty(), "new must not run the body");
    assert_eq!(c.state(), State::Created);
    drop(c);
    assert!(
        entries(&log).is_empty(),
        "dropping an unstarted coroutine runs nothing"
    );
}

#[test]
fn prime_runs_to_the_first_yield_and_returns_its_value() {
    let log = log();
    let mut c = summer(log.clone());
    assert_eq!(c.prime(), Ok(Step::Yielded(0)));
    assert_eq!(entries(&log), ["started"]);
    assert_eq!(c.state(), State::Suspended);
}

#[test]
fn send_resumes_with_the_value_and_returns_the_next_yield() {
    let mut c = summer(log());
    c.prime().unwrap();
    assert_eq!(c.send(2), Ok(Step::Yielded(2)));
    assert_eq!(c.send(3), Ok(Step::Yielded(5)));
}

#[test]
fn send_before_priming_hands_the_value_back_and_runs_nothing() {
    let log = log();
    let mut c = summer(log.clone());
    let err = c.send(5).unwrap_err();
    assert_eq!(err, Error::NotStarted(5));
    assert!(
        err.to_string().contains("prime()"),
        "the message says what to do: {err}"
    );
    assert_eq!(c.state(), State::Created);
    assert!(entries(&log).is_empty());
    assert_eq!(
        c.prime(),
        Ok(Step::Yielded(0)),
        "the coroutine is still usable"
    );
}

#[test]
fn the_return_value_arrives_exactly_once_and_later_sends_answer_closed() {
    let mut c: Coroutine<u8, (), &str> = Coroutine::new(|co| async move {
        co.yield_(1).await?;
        Ok("done")
    });
    assert_eq!(c.prime(), Ok(Step::Yielded(1)));
    assert_eq!(c.send(()), Ok(Step::Complete("done")));
    assert_eq!(c.state(), State::Closed);
    assert_eq!(c.send(()), Err(Error::Closed));
    assert_eq!(
        c.send(()),
        Err(Error::Closed),
        "never panics, however often"
    );
    assert_eq!(c.prime(), Err(Error::Closed));
}

#[test]
fn prime_twice_is_refused() {
    let mut c = summer(log());
    c.prime().unwrap();
    assert_eq!(c.prime(), Err(Error::AlreadyStarted));
    assert_eq!(c.state(), State::Suspended);
}

#[test]
fn close_on_a_suspended_coroutine_runs_its_cleanup_and_returns_its_value() {
    let log = log();
    let mut c = summer(log.clone());
    c.prime().unwrap();
    c.send(4).unwrap();
    assert_eq!(
        c.close(),
        Ok(Some(4)),
        "the body caught the close and returned"
    );
    assert_eq!(entries(&log), ["started", "dropped summer"]);
    assert_eq!(c.state(), State::Closed);
    assert_eq!(c.close(), Ok(None), "closing twice is a no-op");
    assert_eq!(entries(&log).len(), 2, "cleanup ran once");
}

#[test]
fn close_unwinds_a_body_that_propagates_with_question_mark() {
    let log = log();
    let l = log.clone();
    let mut c: Coroutine<u8> = Coroutine::new(move |co| async move {
        let _guard = Guard(l, "body");
        loop {
            co.yield_(0).await?;
        }
    });
    c.prime().unwrap();
    assert_eq!(c.close(), Ok(None));
    assert_eq!(entries(&log), ["dropped body"]);
}

#[test]
fn close_on_an_unstarted_coroutine_never_runs_its_body() {
    let log = log();
    let mut c = summer(log.clone());
    assert_eq!(c.close(), Ok(None));
    assert_eq!(c.state(), State::Closed);
    assert!(
        entries(&log).is_empty(),
        "nothing ran, so nothing was started"
    );
    assert_eq!(c.prime(), Err(Error::Closed));
}

#[test]
fn a_body_that_yields_after_close_is_reported_and_ends_closed() {
    let log = log();
    let l = log.clone();
    let mut c: Coroutine<u8> = Coroutine::new(move |co| async move {
        let _guard = Guard(l, "stubborn");
        loop {
            let _ = co.yield_(0).await;
        }
    });
    c.prime().unwrap();
    let err = c.close().unwrap_err();
    assert_eq!(err, Error::IgnoredClose);
    assert!(err.to_string().contains("clean up and return"), "{err}");
    assert_eq!(c.state(), State::Closed);
    assert_eq!(
        entries(&log),
        ["dropped stubborn"],
        "its locals are dropped anyway"
    );
    assert_eq!(c.send(()), Err(Error::Closed));
}

#[test]
fn a_handled_throw_resumes_the_body_which_yields_again() {
    let mut c = summer(log());
    c.prime().unwrap();
    c.send(7).unwrap();
    assert_eq!(c.throw("reset"), Ok(Step::Yielded(0)));
    assert_eq!(c.state(), State::Suspended);
    assert_eq!(c.send(1), Ok(Step::Yielded(1)));
}

#[test]
fn an_unhandled_throw_comes_back_and_closes_the_coroutine() {
    let log = log();
    let mut c = summer(log.clone());
    c.prime().unwrap();
    assert_eq!(c.throw("fatal"), Err(Error::Thrown("fatal")));
    assert_eq!(c.state(), State::Closed);
    assert_eq!(entries(&log), ["started", "dropped summer"]);
}

#[test]
fn a_throw_into_an_unstarted_coroutine_comes_back_at_once_without_running_it() {
    let log = log();
    let mut c = summer(log.clone());
    assert_eq!(c.throw("reset"), Err(Error::Thrown("reset")));
    assert_eq!(c.state(), State::Closed);
    assert!(entries(&log).is_empty());
}

#[test]
fn a_throw_into_a_finished_coroutine_answers_closed() {
    let mut c = summer(log());
    c.close().unwrap();
    assert_eq!(c.throw("reset"), Err(Error::Closed));
}

#[test]
fn a_body_can_raise_its_own_error_with_question_mark() {
    let mut c: Coroutine<u32, &str, (), std::num::ParseIntError> =
        Coroutine::new(|co| async move {
            let mut n = 0;
            loop {
                let text: &str = co.yield_(n).await?;
                n = text.parse()?;
            }
        });
    c.prime().unwrap();
    assert_eq!(c.send("12"), Ok(Step::Yielded(12)));
    assert!(matches!(c.send("x"), Err(Error::Thrown(_))));
    assert_eq!(c.state(), State::Closed);
}

fn pair(log: Log) -> Coroutine<&'static str, i32, (i32, i32), &'static str> {
    Coroutine::new(move |co| async move {
        let _guard = Guard(log.clone(), "pair");
        let a = loop {
            match co.yield_("first?").await {
                Ok(a) => break a,
                Err(Interrupt::Throw("retry")) => continue,
                Err(other) => return Err(other),
            }
        };
        let b = co.yield_("second?").await?;
        Ok((a, b))
    })
}

fn adder(log: Log) -> Coroutine<&'static str, i32, i32, &'static str> {
    Coroutine::new(move |co| async move {
        let (a, b) = co.delegate(pair(log)).await?;
        co.yield_("sum ready").await?;
        Ok(a + b)
    })
}

#[test]
fn delegate_passes_yields_and_sends_through_and_evaluates_to_the_sub_return_value() {
    let mut c = adder(log());
    assert_eq!(c.prime(), Ok(Step::Yielded("first?")));
    assert_eq!(c.send(2), Ok(Step::Yielded("second?")));
    assert_eq!(c.send(3), Ok(Step::Yielded("sum ready")));
    assert_eq!(c.send(0), Ok(Step::Complete(5)));
}

#[test]
fn delegate_passes_throws_to_the_sub_which_may_handle_them_or_let_them_out() {
    let mut c = adder(log());
    c.prime().unwrap();
    assert_eq!(
        c.throw("retry"),
        Ok(Step::Yielded("first?")),
        "the sub handled it"
    );
    c.send(1).unwrap();
    assert_eq!(
        c.throw("boom"),
        Err(Error::Thrown("boom")),
        "the sub let it out"
    );
    assert_eq!(c.state(), State::Closed);
}

#[test]
fn closing_a_delegating_coroutine_runs_the_sub_cleanup() {
    let log = log();
    let mut c = adder(log.clone());
    c.prime().unwrap();
    assert_eq!(c.close(), Ok(None));
    assert_eq!(entries(&log), ["dropped pair"]);
    assert_eq!(c.state(), State::Closed);
}

#[test]
fn delegation_nests_two_levels_deep() {
    let mut outer: Coroutine<&str, i32, i32, &str> = Coroutine::new(|co| async move {
        let inner = co.delegate(adder(log())).await?;
        Ok(inner * 10)
    });
    assert_eq!(outer.prime(), Ok(Step::Yielded("first?")));
    outer.send(1).unwrap();
    outer.send(2).unwrap();
    assert_eq!(outer.send(0), Ok(Step::Complete(30)));
}

/// Ignores every close: Python's `RuntimeError: generator ignored GeneratorExit`.
fn stubborn(log: Log) -> Coroutine<u8> {
    Coroutine::new(move |co| async move {
        let _guard = Guard(log, "stubborn");
        loop {
            let _ = co.yield_(1).await;
        }
    })
}

/// `yield from sub`, with a guard of its own.
fn delegating(log: Log, name: &'static str, sub: Coroutine<u8>) -> Coroutine<u8> {
    Coroutine::new(move |co| async move {
        let _guard = Guard(log, name);
        co.delegate(sub).await
    })
}

#[test]
fn a_sub_that_ignores_close_makes_its_delegator_report_ignored_close() {
    let log = log();
    let mut outer = delegating(log.clone(), "outer", stubborn(log.clone()));
    assert_eq!(outer.prime(), Ok(Step::Yielded(1)));
    assert_eq!(outer.close(), Err(Error::IgnoredClose));
    assert_eq!(outer.state(), State::Closed);
    assert_eq!(entries(&log), ["dropped stubborn", "dropped outer"]);
    assert_eq!(outer.send(()), Err(Error::Closed));
    assert_eq!(outer.close(), Ok(None), "closing again is a no-op");
}

#[test]
fn an_ignored_close_passes_out_through_two_levels_of_delegation() {
    let log = log();
    let middle = delegating(log.clone(), "middle", stubborn(log.clone()));
    let mut outer = delegating(log.clone(), "outer", middle);
    assert_eq!(outer.prime(), Ok(Step::Yielded(1)));
    assert_eq!(outer.send(()), Ok(Step::Yielded(1)));
    assert_eq!(outer.close(), Err(Error::IgnoredClose));
    assert_eq!(outer.state(), State::Closed);
    assert_eq!(
        entries(&log),
        ["dropped stubborn", "dropped middle", "dropped outer"]
    );
}

#[test]
fn a_close_honoured_two_levels_down_closes_every_level_quietly() {
    let log = log();
    let l = log.clone();
    let honest: Coroutine<u8> = Coroutine::new(move |co| async move {
        let _guard = Guard(l, "honest");
        loop {
            co.yield_(1).await?;
        }
    });
    let middle = delegating(log.clone(), "middle", honest);
    let mut outer = delegating(log.clone(), "outer", middle);
    outer.prime().unwrap();
    assert_eq!(outer.close(), Ok(None));
    assert_eq!(
        entries(&log),
        ["dropped honest", "dropped middle", "dropped outer"]
    );
}

#[test]
fn delegating_to_a_primed_coroutine_panics_with_a_clear_message() {
    let mut c: Coroutine<u8, u8> = Coroutine::new(|co| async move {
        let sub: Coroutine<u8, u8> = Coroutine::primed(|co| async move {
            loop {
                co.yield_(0).await?;
            }
        });
        co.delegate(sub).await
    });
    let panic = catch_unwind(AssertUnwindSafe(|| c.prime())).unwrap_err();
    let message = panic.downcast_ref::<String>().expect("a formatted message");
    assert!(message.contains("has not been started"), "{message}");
    assert_eq!(c.state(), State::Closed);
}

fn counted(n: u32, steps: Rc<Cell<u32>>) -> Coroutine<u32> {
    Coroutine::new(move |co| async move {
        for i in 0..n {
            steps.set(steps.get() + 1);
            co.yield_(i).await?;
        }
        Ok(())
    })
}

#[test]
fn a_generator_is_a_lazy_fused_iterator() {
    let steps = Rc::new(Cell::new(0));
    assert_eq!(counted(3, steps.clone()).collect::<Vec<_>>(), [0, 1, 2]);
    steps.set(0);
    let first_two: Vec<u32> = counted(1_000_000, steps.clone()).take(2).collect();
    assert_eq!(first_two, [0, 1]);
    assert_eq!(steps.get(), 2, "only what was pulled ran");
    let mut it = counted(1, Rc::new(Cell::new(0)));
    assert_eq!(it.next(), Some(0));
    assert_eq!(it.next(), None);
    assert_eq!(it.next(), None, "fused after the end");
}

#[test]
fn primed_runs_to_the_first_yield_and_discards_its_value() {
    let log = log();
    let mut c: Coroutine<i32, i32, i32, &str> = Coroutine::primed({
        let log = log.clone();
        move |co| async move {
            log.borrow_mut().push("started".into());
            let mut total = 100;
            loop {
                total += co.yield_(total).await?;
            }
        }
    });
    assert_eq!(c.state(), State::Suspended);
    assert_eq!(entries(&log), ["started"]);
    assert_eq!(c.send(1), Ok(Step::Yielded(101)));
}

#[test]
fn a_panic_in_the_body_reaches_the_caller_and_leaves_the_coroutine_closed() {
    let mut c: Coroutine<u8, u8> = Coroutine::new(|co| async move {
        loop {
            let n = co.yield_(0).await?;
            assert!(n != 13, "unlucky");
        }
    });
    c.prime().unwrap();
    let result = catch_unwind(AssertUnwindSafe(|| c.send(13)));
    assert!(result.is_err(), "the panic must reach the caller of send");
    assert_eq!(c.state(), State::Closed);
    assert_eq!(c.send(1), Err(Error::Closed));
    assert_eq!(c.close(), Ok(None));
    assert_eq!(format!("{c:?}"), "Coroutine { state: Closed }");
}

#[test]
fn dropping_a_suspended_coroutine_runs_the_body_destructors() {
    let log = log();
    let mut c = summer(log.clone());
    c.prime().unwrap();
    drop(c);
    assert_eq!(entries(&log), ["started", "dropped summer"]);
}

#[test]
fn awaiting_a_foreign_future_is_an_error_not_a_hang() {
    let mut c: Coroutine<u8> = Coroutine::new(|co| async move {
        co.yield_(1).await?;
        std::future::pending::<()>().await;
        Ok(())
    });
    assert_eq!(c.prime(), Ok(Step::Yielded(1)));
    let err = c.send(()).unwrap_err();
    assert_eq!(err, Error::ForeignAwait);
    assert!(err.to_string().contains("co.yield_"), "{err}");
    assert_eq!(c.state(), State::Closed);
}

#[test]
fn a_foreign_await_inside_a_delegate_is_reported_by_the_outer_coroutine() {
    let mut c: Coroutine<u8> = Coroutine::new(|co| async move {
        let sub: Coroutine<u8> = Coroutine::new(|co| async move {
            co.yield_(1).await?;
            std::future::pending::<()>().await;
            Ok(())
        });
        co.delegate(sub).await
    });
    assert_eq!(c.prime(), Ok(Step::Yielded(1)));
    assert_eq!(c.send(()), Err(Error::ForeignAwait));
    assert_eq!(c.state(), State::Closed);
}

#[test]
fn state_is_reported_at_every_point_of_a_life() {
    let mut c = summer(log());
    assert_eq!(c.state(), State::Created);
    c.prime().unwrap();
    assert_eq!(c.state(), State::Suspended);
    c.send(1).unwrap();
    assert_eq!(c.state(), State::Suspended);
    c.close().unwrap();
    assert_eq!(c.state(), State::Closed);
    c.close().unwrap();
    assert_eq!(c.state(), State::Closed);
}

#[test]
fn new_generic_behaves_like_new() {
    fn generic(log: Log) -> Coroutine<i32, i32, i32, &'static str, impl Body<i32, &'static str>> {
        Coroutine::new_generic(move |co| async move {
            let _guard = Guard(log, "generic");
            let mut total = 0;
            loop {
                match co.yield_(total).await {
                    Ok(n) => total += n,
                    Err(Interrupt::Close) => return Ok(total),
                    Err(other) => return Err(other),
                }
            }
        })
    }
    let log = log();
    let mut c = generic(log.clone());
    assert_eq!(c.send(1), Err(Error::NotStarted(1)));
    assert_eq!(c.prime(), Ok(Step::Yielded(0)));
    assert_eq!(c.send(4), Ok(Step::Yielded(4)));
    assert_eq!(c.throw("x"), Err(Error::Thrown("x")));
    assert_eq!(c.state(), State::Closed);
    assert_eq!(entries(&log), ["dropped generic"]);
}

#[test]
fn every_error_message_says_what_happened() {
    let errors: [Error<u8, &str>; 6] = [
        Error::NotStarted(1),
        Error::AlreadyStarted,
        Error::Closed,
        Error::IgnoredClose,
        Error::Thrown("boom"),
        Error::ForeignAwait,
    ];
    let messages: Vec<String> = errors.iter().map(ToString::to_string).collect();
    assert!(messages[0].contains("prime()"));
    assert!(messages[1].contains("send()"));
    assert!(messages[2].contains("finished"));
    assert!(messages[3].contains("close()"));
    assert!(messages[4].contains("boom"));
    assert!(messages[5].contains("hanging"));
}
