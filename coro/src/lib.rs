//! Python-style coroutines on stable Rust: `send`, `throw`, `close` and `yield from`, built on
//! `async`/`await` with no executor, no threads, no dependencies and no unsafe code.
//!
//! A coroutine is a function that can stop in the middle, hand a value out, and later carry on
//! from the same place with a value handed in. Python spells that `x = yield y`; here the body is
//! an `async` block and a handle, `co`, lets it stop:
//!
//! ```
//! use coro::{Coroutine, Step};
//!
//! // Python:
//! //     def averager():
//! //         total, count, average = 0.0, 0, 0.0
//! //         while True:
//! //             value = yield average
//! //             total += value; count += 1
//! //             average = total / count
//! fn averager() -> Coroutine<f64, f64> {
//!     Coroutine::new(|co| async move {
//!         let (mut total, mut count, mut average) = (0.0, 0, 0.0);
//!         loop {
//!             let value = co.yield_(average).await?;
//!             total += value;
//!             count += 1;
//!             average = total / count as f64;
//!         }
//!     })
//! }
//!
//! let mut avg = averager();
//! assert_eq!(avg.prime(), Ok(Step::Yielded(0.0))); // next(avg)
//! assert_eq!(avg.send(10.0), Ok(Step::Yielded(10.0)));
//! assert_eq!(avg.send(30.0), Ok(Step::Yielded(20.0)));
//! ```
//!
//! The type reads like Python's `typing.Generator[Y, S, R]`: a [`Coroutine<Y, S, R, E>`] yields
//! `Y`, is sent `S`, returns `R`, and can have errors of type `E` thrown into it. All but `Y`
//! have defaults, so `Coroutine<u32>` is a plain generator and `Coroutine<f64, f64>` a coroutine
//! that is sent floats and yields floats.
//!
//! | Python | `coro` |
//! | --- | --- |
//! | `x = yield y` | `let x = co.yield_(y).await?;` ([`Co::yield_`]) |
//! | `next(g)` | [`c.prime()`](Coroutine::prime) |
//! | `g.send(v)` | [`c.send(v)`](Coroutine::send), giving [`Step::Yielded`] or [`Step::Complete`] |
//! | `g.throw(e)` | [`c.throw(e)`](Coroutine::throw) |
//! | `g.close()` | [`c.close()`](Coroutine::close) |
//! | `inspect.getgeneratorstate(g)` | [`c.state()`](Coroutine::state) |
//! | `r = yield from sub()` | `let r = co.delegate(sub()).await?;` ([`Co::delegate`]) |
//! | `for x in g:` | `for x in c` (a generator is an [`Iterator`]) |
//! | a `@coroutine` priming decorator | [`Coroutine::primed`] |
//!
//! # How it works
//!
//! The body is an `async` block, so the compiler turns it into a state machine that can stop at
//! every `.await`. [`Co::yield_`] leaves its value in a slot shared with the [`Coroutine`] and
//! returns a future that reports `Pending` the first time it is polled; the next time, it hands
//! back whatever the caller put in the slot. [`Coroutine::send`] puts the value in, polls the body
//! once with a waker that does nothing ([`std::task::Waker::noop`]), and takes the next yielded
//! value out. Nothing else ever polls the body, so no executor is involved.
//!
//! Awaiting any other future inside a body is a mistake: nobody would ever wake it. It is
//! reported as [`Error::ForeignAwait`] instead of hanging.
//!
//! # Naming what a body receives
//!
//! The compiler checks a body before it looks at the type the coroutine is assigned to, so
//! inside the body it may not yet know the type of a received value. Using it in arithmetic or
//! `format!` is fine; calling a method on it needs its type written out, as with `parse`:
//!
//! ```
//! use coro::{Coroutine, Step};
//!
//! fn shout() -> Coroutine<String, &'static str> {
//!     Coroutine::new(|co| async move {
//!         let mut reply = String::new();
//!         loop {
//!             let line: &str = co.yield_(reply).await?; // `: &str` lets `to_uppercase` resolve
//!             reply = line.to_uppercase();
//!         }
//!     })
//! }
//! let mut s = shout();
//! s.prime().unwrap();
//! assert_eq!(s.send("hi"), Ok(Step::Yielded("HI".to_string())));
//! ```
//!
//! # Errors thrown in
//!
//! [`Coroutine::throw`] takes the coroutine's own error type `E`, the fourth type parameter,
//! rather than a `Box<dyn Error>`. A learner's `enum Command { Reset, Fatal }` can be thrown in
//! and matched on directly in the body, with no downcasting and no `'static + Send + Sync`
//! bounds to satisfy. The default, [`Infallible`], means "nothing can be thrown in", which is
//! what most coroutines want; `?` on [`Co::yield_`] then only ever propagates a close.
//!
//! The course notes are included as modules only when rustdoc collects doctests, so that every
//! code block in them is compiled and run as a test without being part of the API; a build of
//! the crate does not read them.

#![forbid(unsafe_code)]
#![warn(missing_docs)]

use std::cell::Cell;
use std::convert::Infallible;
use std::fmt;
use std::future::Future;
use std::iter::FusedIterator;
use std::marker::PhantomData;
use std::mem;
use std::pin::Pin;
use std::rc::Rc;
use std::task::{Context, Poll, Waker};

mod trace;

use trace::{Here, Op, Tag};

#[cfg(doctest)]
pub mod notes {
    //! The course notes, one module per rank. They are here so that their code is tested.

    #[doc = include_str!("../../notes/rank1.md")]
    pub mod rank1 {}
    #[doc = include_str!("../../notes/rank2.md")]
    pub mod rank2 {}
    #[doc = include_str!("../../notes/rank3.md")]
    pub mod rank3 {}
    #[doc = include_str!("../../notes/rank4.md")]
    pub mod rank4 {}
    #[doc = include_str!("../../notes/rank5.md")]
    pub mod rank5 {}
}

/// What a body returns: its return value, or the [`Interrupt`] that ended it.
///
/// Every future that a closure passed to [`Coroutine::new`] returns implements this trait; you
/// only name it when you use [`Coroutine::new_generic`] and need to write the body's type as
/// `impl Body<R, E>`.
///
/// ```
/// use coro::{Body, Coroutine};
/// use std::convert::Infallible;
///
/// fn counter() -> Coroutine<u32, (), (), Infallible, impl Body<(), Infallible>> {
///     Coroutine::new_generic(|co| async move {
///         co.yield_(1).await?;
///         co.yield_(2).await?;
///         Ok(())
///     })
/// }
/// assert_eq!(counter().collect::<Vec<_>>(), [1, 2]);
/// ```
pub trait Body<R, E>: Future<Output = Result<R, Interrupt<E>>> {}

impl<R, E, F: Future<Output = Result<R, Interrupt<E>>> + ?Sized> Body<R, E> for F {}

/// Why [`Co::yield_`] did not return a sent value: the caller closed or threw into the
/// coroutine.
///
/// A body usually propagates it with `?`, which unwinds the body (running the destructors of its
/// locals) and ends the coroutine. A body that wants to react matches on it instead.
///
/// ```
/// use coro::{Coroutine, Interrupt, Step};
///
/// #[derive(Debug, PartialEq)]
/// struct Reset;
///
/// let mut counter: Coroutine<u32, u32, (), Reset> = Coroutine::new(|co| async move {
///     let mut total = 0;
///     loop {
///         match co.yield_(total).await {
///             Ok(n) => total += n,
///             Err(Interrupt::Throw(Reset)) => total = 0,
///             Err(close) => return Err(close),
///         }
///     }
/// });
/// counter.prime().unwrap();
/// assert_eq!(counter.send(5), Ok(Step::Yielded(5)));
/// assert_eq!(counter.throw(Reset), Ok(Step::Yielded(0)));
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Interrupt<E> {
    /// [`Coroutine::close`] was called (Python's `GeneratorExit`). The body should clean up and
    /// return; yielding again makes `close` report [`Error::IgnoredClose`].
    ///
    /// ```
    /// use coro::{Coroutine, Interrupt};
    ///
    /// let mut c: Coroutine<u8, u8, &str> = Coroutine::new(|co| async move {
    ///     match co.yield_(0).await {
    ///         Err(Interrupt::Close) => Ok("cleaned up"),
    ///         other => other.map(|_| "sent"),
    ///     }
    /// });
    /// c.prime().unwrap();
    /// assert_eq!(c.close(), Ok(Some("cleaned up")));
    /// ```
    Close,
    /// [`Coroutine::throw`] was called with this error, or the body raised it itself.
    ///
    /// ```
    /// use coro::{Coroutine, Error, Interrupt};
    ///
    /// let mut c: Coroutine<u8, u8, (), &str> = Coroutine::new(|co| async move {
    ///     let n = co.yield_(0).await?;
    ///     if n == 0 {
    ///         return Err(Interrupt::Throw("zero is not allowed"));
    ///     }
    ///     Ok(())
    /// });
    /// c.prime().unwrap();
    /// assert_eq!(c.send(0), Err(Error::Thrown("zero is not allowed")));
    /// ```
    Throw(E),
}

/// Lets a body raise its own error with `?`: `Err(e)?` becomes `Err(Interrupt::Throw(e))`.
///
/// ```
/// use coro::{Coroutine, Error};
///
/// let mut parse: Coroutine<u32, String, (), std::num::ParseIntError> =
///     Coroutine::new(|co| async move {
///         let mut last = 0;
///         loop {
///             let text: String = co.yield_(last).await?;
///             last = text.trim().parse()?;
///         }
///     });
/// parse.prime().unwrap();
/// assert!(parse.send("12".into()).is_ok());
/// assert!(matches!(parse.send("twelve".into()), Err(Error::Thrown(_))));
/// ```
impl<E> From<E> for Interrupt<E> {
    fn from(error: E) -> Self {
        Interrupt::Throw(error)
    }
}

/// What one step of a coroutine produced: a yielded value, or the final return value.
///
/// ```
/// use coro::{Coroutine, Step};
///
/// let mut c: Coroutine<&str, (), u32> = Coroutine::new(|co| async move {
///     co.yield_("hello").await?;
///     Ok(3)
/// });
/// assert_eq!(c.prime(), Ok(Step::Yielded("hello")));
/// assert_eq!(c.send(()), Ok(Step::Complete(3)));
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Step<Y, R> {
    /// The body stopped at `co.yield_(y)`; it can be resumed.
    ///
    /// ```
    /// use coro::{Coroutine, Step};
    /// let mut c: Coroutine<u8> = Coroutine::new(|co| async move { co.yield_(7).await?; Ok(()) });
    /// assert_eq!(c.prime(), Ok(Step::Yielded(7)));
    /// ```
    Yielded(Y),
    /// The body returned `Ok(r)`; the coroutine is now [`State::Closed`]. Python's
    /// `StopIteration.value`. It arrives exactly once.
    ///
    /// ```
    /// use coro::{Coroutine, Error, Step};
    /// let mut c: Coroutine<u8, (), &str> = Coroutine::new(|_co| async move { Ok("done") });
    /// assert_eq!(c.prime(), Ok(Step::Complete("done")));
    /// assert_eq!(c.send(()), Err(Error::Closed));
    /// ```
    Complete(R),
}

impl<Y, R> Step<Y, R> {
    /// The yielded value, or `None` if the coroutine completed.
    ///
    /// ```
    /// use coro::Step;
    /// assert_eq!(Step::<u8, ()>::Yielded(1).yielded(), Some(1));
    /// assert_eq!(Step::<u8, ()>::Complete(()).yielded(), None);
    /// ```
    pub fn yielded(self) -> Option<Y> {
        match self {
            Step::Yielded(y) => Some(y),
            Step::Complete(_) => None,
        }
    }

    /// The return value, or `None` if the coroutine only yielded.
    ///
    /// ```
    /// use coro::Step;
    /// assert_eq!(Step::<u8, &str>::Complete("done").complete(), Some("done"));
    /// assert_eq!(Step::<u8, &str>::Yielded(1).complete(), None);
    /// ```
    pub fn complete(self) -> Option<R> {
        match self {
            Step::Yielded(_) => None,
            Step::Complete(r) => Some(r),
        }
    }
}

/// Where a coroutine is in its life, as Python's `inspect.getgeneratorstate` reports it.
///
/// Python has a fourth state, `GEN_RUNNING`, which a generator sees when it asks about itself.
/// There is no such state here: resuming takes `&mut Coroutine`, so nothing can look at a
/// coroutine while its body runs. The borrow checker enforces at compile time what Python
/// checks at run time ("generator already executing").
///
/// ```
/// use coro::{Coroutine, State};
///
/// let mut c: Coroutine<u8> = Coroutine::new(|co| async move { co.yield_(1).await?; Ok(()) });
/// assert_eq!(c.state(), State::Created);
/// c.prime().unwrap();
/// assert_eq!(c.state(), State::Suspended);
/// c.send(()).unwrap();
/// assert_eq!(c.state(), State::Closed);
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum State {
    /// Made but not started: the body has not run at all (`GEN_CREATED`).
    ///
    /// ```
    /// use coro::{Coroutine, State};
    /// let c: Coroutine<u8> = Coroutine::new(|_co| async move { panic!("never runs") });
    /// assert_eq!(c.state(), State::Created);
    /// ```
    Created,
    /// Stopped at a `yield_`, waiting to be resumed (`GEN_SUSPENDED`).
    ///
    /// ```
    /// use coro::{Coroutine, State};
    /// let mut c: Coroutine<u8> = Coroutine::new(|co| async move { co.yield_(1).await?; Ok(()) });
    /// c.prime().unwrap();
    /// assert_eq!(c.state(), State::Suspended);
    /// ```
    Suspended,
    /// Finished: it returned, let an error out, was closed, or panicked (`GEN_CLOSED`).
    ///
    /// ```
    /// use coro::{Coroutine, State};
    /// let mut c: Coroutine<u8> = Coroutine::new(|co| async move { co.yield_(1).await?; Ok(()) });
    /// c.close().unwrap();
    /// assert_eq!(c.state(), State::Closed);
    /// ```
    ///
    /// A body that panicked half-way is finished too, never left half-run:
    ///
    /// ```
    /// use coro::{Coroutine, State};
    /// use std::panic::{AssertUnwindSafe, catch_unwind};
    /// let mut c: Coroutine<u8> = Coroutine::new(|co| async move {
    ///     co.yield_(1).await?;
    ///     panic!("the body fails half-way")
    /// });
    /// c.prime().unwrap();
    /// assert!(catch_unwind(AssertUnwindSafe(|| c.send(()))).is_err());
    /// assert_eq!(c.state(), State::Closed);
    /// ```
    Closed,
}

/// A misuse of a coroutine, or an error that its body let out.
///
/// `S` is the type sent in (so that [`Error::NotStarted`] can hand the value back) and `E` the
/// type thrown in. The messages say what to do:
///
/// ```
/// use coro::{Coroutine, Error};
///
/// let mut c: Coroutine<u8, u8> = Coroutine::new(|co| async move { loop { co.yield_(0).await?; } });
/// let err = c.send(5).unwrap_err();
/// assert_eq!(err, Error::NotStarted(5));
/// assert!(err.to_string().contains("prime"));
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Error<S, E> {
    /// [`Coroutine::send`] on a coroutine that was never primed. Nothing ran, and the value is
    /// handed back. Python raises `TypeError: can't send non-None value to a just-started
    /// generator`, but lets `send(None)` start a generator as `next` does; `coro` has no
    /// `None` to single out, so starting is always [`Coroutine::prime`].
    ///
    /// ```
    /// use coro::{Coroutine, Error, State};
    /// let mut c: Coroutine<u8, u8> = Coroutine::new(|co| async move { loop { co.yield_(0).await?; } });
    /// assert_eq!(c.send(5), Err(Error::NotStarted(5)));
    /// assert_eq!(c.state(), State::Created);
    /// ```
    NotStarted(S),
    /// [`Coroutine::prime`] on a coroutine that is already past its first `yield_`.
    ///
    /// ```
    /// use coro::{Coroutine, Error};
    /// let mut c: Coroutine<u8> = Coroutine::new(|co| async move { loop { co.yield_(0).await?; } });
    /// c.prime().unwrap();
    /// assert_eq!(c.prime(), Err(Error::AlreadyStarted));
    /// ```
    AlreadyStarted,
    /// The coroutine has finished; there is nothing left to resume. For `send` and `prime`
    /// Python raises `StopIteration`. For `throw` into a finished generator Python raises the
    /// thrown error itself; [`Coroutine::throw`] answers `Closed` instead and drops the error.
    ///
    /// ```
    /// use coro::{Coroutine, Error};
    /// let mut c: Coroutine<u8> = Coroutine::new(|_co| async move { Ok(()) });
    /// c.prime().unwrap();
    /// assert_eq!(c.send(()), Err(Error::Closed));
    /// ```
    Closed,
    /// [`Coroutine::close`] asked the body to stop, and it yielded again instead. Python raises
    /// `RuntimeError: generator ignored GeneratorExit`.
    ///
    /// Here the two part ways: Python leaves such a generator suspended at that `yield`, its
    /// `finally:` not yet run, while a `coro` coroutine is closed at once and its body dropped,
    /// so the destructors of its locals have run by the time `close` returns. The value it
    /// yielded is dropped too.
    ///
    /// A sub-coroutine that ignores the close while a [`Co::delegate`] runs it makes every
    /// coroutine delegating to it ignore the close as well, so the outermost `close` reports
    /// `IgnoredClose` (PEP 380 passes the `RuntimeError` out through every `yield from`).
    ///
    /// ```
    /// use coro::{Coroutine, Error, State};
    /// let mut stubborn: Coroutine<u8> = Coroutine::new(|co| async move {
    ///     loop {
    ///         let _ = co.yield_(0).await; // swallows the close
    ///     }
    /// });
    /// stubborn.prime().unwrap();
    /// assert_eq!(stubborn.close(), Err(Error::IgnoredClose));
    /// assert_eq!(stubborn.state(), State::Closed);
    /// ```
    IgnoredClose,
    /// The body let this error out: it was thrown in with [`Coroutine::throw`] and not handled,
    /// or the body raised it itself. The coroutine is closed.
    ///
    /// ```
    /// use coro::{Coroutine, Error};
    /// let mut c: Coroutine<u8, (), (), &str> = Coroutine::new(|co| async move { loop { co.yield_(0).await?; } });
    /// c.prime().unwrap();
    /// assert_eq!(c.throw("boom"), Err(Error::Thrown("boom")));
    /// ```
    Thrown(E),
    /// The body awaited a future other than [`Co::yield_`] or [`Co::delegate`], and that future
    /// was not ready. A coroutine is driven only by its caller, so nothing would ever wake that
    /// future: instead of hanging, the coroutine is closed and this error is returned.
    ///
    /// ```
    /// use coro::{Coroutine, Error};
    /// let mut c: Coroutine<u8> = Coroutine::new(|_co| async move {
    ///     std::future::pending::<()>().await;
    ///     Ok(())
    /// });
    /// assert_eq!(c.prime(), Err(Error::ForeignAwait));
    /// ```
    ForeignAwait,
}

impl<S, E: fmt::Debug> fmt::Display for Error<S, E> {
    /// ```
    /// use coro::Error;
    /// let e: Error<u8, std::convert::Infallible> = Error::Closed;
    /// assert!(e.to_string().starts_with("the coroutine has finished"));
    /// ```
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Error::NotStarted(_) => f.write_str(
                "sent a value to a coroutine that has not started: call prime() first, \
                 as Python needs next(gen) before gen.send(value)",
            ),
            Error::AlreadyStarted => f.write_str(
                "prime() called on a coroutine that is already running: prime it once, \
                 then use send()",
            ),
            Error::Closed => f.write_str(
                "the coroutine has finished: it returned, was closed or let an error out, \
                 and cannot be resumed",
            ),
            Error::IgnoredClose => f.write_str(
                "the coroutine yielded after close(): when yield_ returns Err(Interrupt::Close), \
                 clean up and return, usually by propagating it with `?`",
            ),
            Error::Thrown(e) => write!(f, "the coroutine let an error out: {e:?}"),
            Error::ForeignAwait => f.write_str(FOREIGN_AWAIT),
        }
    }
}

impl<S: fmt::Debug, E: fmt::Debug> std::error::Error for Error<S, E> {}

const FOREIGN_AWAIT: &str = "the coroutine body awaited a future other than co.yield_ or \
     co.delegate; nothing drives such a future, so the coroutine was closed instead of hanging";

/// What crosses between a coroutine and its body, one value at a time: the caller puts in
/// what it sends, throws or closes with, and takes out what the body yields.
enum Msg<Y, S, E> {
    Empty,
    Yielded(Y),
    Sent(S),
    Interrupt(Interrupt<E>),
}

/// The place a value crosses in, shared by the coroutine and the body's [`Co`]. One cell, so
/// that each hand-over is one write on one side and one take on the other.
type Slot<Y, S, E> = Cell<Msg<Y, S, E>>;

/// Where a coroutine is in its life. The body lives inside the state it is in, so a finished
/// coroutine holds no body and nothing can resume one that is not suspended.
enum Phase<B: ?Sized> {
    Suspended(Pin<Box<B>>),
    Created(Pin<Box<B>>),
    Closed,
}

impl<B: ?Sized> Phase<B> {
    fn state(&self) -> State {
        match self {
            Phase::Created(_) => State::Created,
            Phase::Suspended(_) => State::Suspended,
            Phase::Closed => State::Closed,
        }
    }
}

/// The handle a body uses to yield and to delegate. It is passed to the closure given to
/// [`Coroutine::new`], conventionally named `co`.
///
/// ```
/// use coro::Coroutine;
///
/// let letters: Coroutine<char> = Coroutine::new(|co| async move {
///     for c in "abc".chars() {
///         co.yield_(c).await?;
///     }
///     Ok(())
/// });
/// assert_eq!(letters.collect::<String>(), "abc");
/// ```
pub struct Co<Y, S = (), E = Infallible> {
    slot: Rc<Slot<Y, S, E>>,
}

impl<Y, S, E> fmt::Debug for Co<Y, S, E> {
    /// ```
    /// use coro::Coroutine;
    /// let _c: Coroutine<u8> = Coroutine::new(|co| async move {
    ///     assert_eq!(format!("{co:?}"), "Co");
    ///     Ok(())
    /// });
    /// ```
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Co")
    }
}

impl<Y, S, E> Co<Y, S, E> {
    /// Hands `value` to the caller and suspends the body until it is resumed. Python's
    /// `x = yield value`.
    ///
    /// Awaiting it gives `Ok(s)` when the caller [sent](Coroutine::send) `s`, or
    /// `Err(`[`Interrupt`]`)` when the caller [closed](Coroutine::close) the coroutine or
    /// [threw](Coroutine::throw) an error into it; `?` passes that on and ends the body. The
    /// value leaves before the reply arrives: in `let x = co.yield_(y).await?`, the caller sees
    /// `y` first, and `x` is whatever it sends next.
    ///
    /// ```
    /// use coro::{Coroutine, Step};
    ///
    /// let mut echo: Coroutine<String, String> = Coroutine::new(|co| async move {
    ///     let mut reply = String::from("> ");
    ///     loop {
    ///         let msg = co.yield_(reply).await?;
    ///         reply = format!("echo: {msg}");
    ///     }
    /// });
    /// assert_eq!(echo.prime(), Ok(Step::Yielded("> ".to_string())));
    /// assert_eq!(echo.send("hi".into()), Ok(Step::Yielded("echo: hi".to_string())));
    /// ```
    #[inline(always)]
    #[cfg_attr(feature = "trace", track_caller)]
    pub fn yield_(&self, value: Y) -> Yield<'_, Y, S, E> {
        self.yield_at(value, Here::caller())
    }

    /// [`Co::yield_`], recording `at` as the place the body stops.
    #[inline(always)]
    fn yield_at(&self, value: Y, at: Here) -> Yield<'_, Y, S, E> {
        // Written now, taken by the caller once the body suspends on the returned future.
        self.slot.set(Msg::Yielded(value));
        Yield {
            slot: &self.slot,
            suspended: 0,
            at,
        }
    }

    /// Runs `sub` inside this coroutine until it returns, and evaluates to its return value.
    /// Python's `result = yield from sub`.
    ///
    /// Everything `sub` yields goes straight to this coroutine's caller, and everything the
    /// caller sends, throws or closes goes straight to `sub` (PEP 380). If `sub` lets an error
    /// out, the delegation evaluates to `Err(Interrupt::Throw(e))`; closing the outer coroutine
    /// closes `sub` first, so its cleanup runs.
    ///
    /// # Panics
    ///
    /// `sub` must not have been started: its first yielded value would be lost. A coroutine made
    /// by [`Coroutine::primed`] therefore cannot be delegated to (Fluent Python makes the same
    /// point about priming decorators and `yield from`).
    ///
    /// ```
    /// use coro::{Coroutine, Step};
    ///
    /// fn read_pair() -> Coroutine<&'static str, i32, (i32, i32)> {
    ///     Coroutine::new(|co| async move {
    ///         let a = co.yield_("first?").await?;
    ///         let b = co.yield_("second?").await?;
    ///         Ok((a, b))
    ///     })
    /// }
    ///
    /// let mut sum: Coroutine<&str, i32, i32> = Coroutine::new(|co| async move {
    ///     let (a, b) = co.delegate(read_pair()).await?;
    ///     Ok(a + b)
    /// });
    /// assert_eq!(sum.prime(), Ok(Step::Yielded("first?")));
    /// assert_eq!(sum.send(2), Ok(Step::Yielded("second?")));
    /// assert_eq!(sum.send(3), Ok(Step::Complete(5)));
    /// ```
    #[cfg_attr(feature = "trace", track_caller)]
    pub fn delegate<R2, B2>(
        &self,
        mut sub: Coroutine<Y, S, R2, E, B2>,
    ) -> impl Future<Output = Result<R2, Interrupt<E>>>
    where
        B2: Body<R2, E> + ?Sized,
    {
        // Not an `async fn`, so that the delegate's line can be taken here.
        let at = Here::caller();
        async move {
            assert!(
                sub.state() == State::Created,
                "co.delegate(sub) needs a coroutine that has not been started, but it was {:?}: \
                 its first yielded value would be lost (a primed coroutine cannot be delegated to)",
                sub.state()
            );
            let mut step = trace::redirect(Op::Prime, at, || sub.prime());
            loop {
                match step {
                    Ok(Step::Yielded(y)) => match self.yield_at(y, at).await {
                        Ok(s) => step = trace::redirect(Op::Send, at, || sub.send(s)),
                        Err(Interrupt::Throw(e)) => {
                            step = trace::redirect(Op::Throw, at, || sub.throw(e));
                        }
                        Err(Interrupt::Close) => {
                            match trace::redirect(Op::Close, at, || sub.shut(Here::caller())) {
                                Shut::Ignored(y) => {
                                    // PEP 380 passes the sub's RuntimeError out through every
                                    // `yield from`. Ignoring the close here too, with the value
                                    // the sub yielded, makes the outermost `close()` report
                                    // `IgnoredClose`.
                                    let _ = self.yield_at(y, at).await;
                                    return Err(Interrupt::Close);
                                }
                                Shut::Done(Err(Error::Thrown(e))) => {
                                    return Err(Interrupt::Throw(e));
                                }
                                Shut::Done(Err(Error::ForeignAwait)) => {
                                    step = Err(Error::ForeignAwait);
                                }
                                Shut::Done(_) => return Err(Interrupt::Close),
                            }
                        }
                    },
                    Ok(Step::Complete(r)) => return Ok(r),
                    Err(Error::Thrown(e)) => return Err(Interrupt::Throw(e)),
                    Err(Error::ForeignAwait) => {
                        // The sub-body awaited something nobody drives; stall the same way so
                        // that the outer coroutine reports it too.
                        std::future::pending::<()>().await;
                        unreachable!("a pending future never completes");
                    }
                    Err(Error::NotStarted(_) | Error::AlreadyStarted | Error::IgnoredClose) => {
                        unreachable!("delegate primes once and sends only to a suspended coroutine")
                    }
                    Err(Error::Closed) => return Err(Interrupt::Close),
                }
            }
        }
    }
}

/// The future returned by [`Co::yield_`]. Await it inside a coroutine body.
///
/// ```
/// use coro::Coroutine;
/// let mut c: Coroutine<u8, u8> = Coroutine::new(|co| async move {
///     let pending = co.yield_(1); // the caller sees 1 only once this is awaited
///     let sent = pending.await?;
///     co.yield_(sent * 2).await?;
///     Ok(())
/// });
/// c.prime().unwrap();
/// assert_eq!(c.send(21).unwrap().yielded(), Some(42));
/// ```
#[must_use = "a yield does nothing unless it is awaited: write `co.yield_(value).await?`"]
pub struct Yield<'a, Y, S, E> {
    slot: &'a Slot<Y, S, E>,
    /// 1 once the body has suspended here, so the next poll is a resume. A word rather than a
    /// `bool`: the same instructions, but with rustc 1.95 the pipeline benchmark's blocks are
    /// laid out with fewer jumps (2 instructions fewer per value, `cargo bench -p coro-bench`).
    suspended: usize,
    at: Here,
}

impl<Y, S, E> fmt::Debug for Yield<'_, Y, S, E> {
    /// ```
    /// use coro::Coroutine;
    /// let _c: Coroutine<u8> = Coroutine::new(|co| async move {
    ///     assert_eq!(format!("{:?}", co.yield_(1)), "Yield");
    ///     Ok(())
    /// });
    /// ```
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Yield")
    }
}

impl<Y, S, E> Future for Yield<'_, Y, S, E> {
    type Output = Result<S, Interrupt<E>>;

    /// The first poll hands the value out and suspends; the next returns what was sent.
    ///
    /// ```
    /// use coro::{Coroutine, Step};
    /// let mut c: Coroutine<u8, u8> = Coroutine::new(|co| async move { loop { co.yield_(1).await?; } });
    /// assert_eq!(c.prime(), Ok(Step::Yielded(1)));
    /// ```
    #[inline(always)]
    fn poll(self: Pin<&mut Self>, _cx: &mut Context<'_>) -> Poll<Self::Output> {
        let this = self.get_mut();
        if this.suspended == 0 {
            // `yield_` has left the value in the slot for the caller.
            this.suspended = 1;
            trace::yield_here(this.at);
            return Poll::Pending;
        }
        match this.slot.replace(Msg::Empty) {
            Msg::Sent(s) => Poll::Ready(Ok(s)),
            other => not_sent(this.slot, other),
        }
    }
}

/// A resumed [`Yield`] that was not sent a value: the caller closed or threw, or (polled
/// again without a resume) a foreign poller polled it, which the coroutine reports as a
/// foreign await. Out of line, so that a send is checked first.
#[cold]
fn not_sent<Y, S, E>(slot: &Slot<Y, S, E>, msg: Msg<Y, S, E>) -> Poll<Result<S, Interrupt<E>>> {
    match msg {
        Msg::Interrupt(i) => Poll::Ready(Err(i)),
        other => {
            slot.set(other);
            Poll::Pending
        }
    }
}

/// A coroutine that yields `Y`, is sent `S`, returns `R` and can have `E` thrown into it, in the
/// order of Python's `typing.Generator[Y, S, R]`.
///
/// `B` is the type of the body. Leave it out: the default boxes the body behind a trait object,
/// so that a coroutine's type names only what flows in and out. [`Coroutine::new_generic`] keeps
/// the body's own type instead, which saves a virtual call on every resume.
///
/// A coroutine is `!Send`: its body and handle share an `Rc`.
///
/// ```
/// use coro::{Coroutine, Step};
///
/// fn countdown(n: u32) -> Coroutine<u32, (), &'static str> {
///     Coroutine::new(move |co| async move {
///         for i in (1..=n).rev() {
///             co.yield_(i).await?;
///         }
///         Ok("liftoff")
///     })
/// }
///
/// let mut c = countdown(2);
/// assert_eq!(c.prime(), Ok(Step::Yielded(2)));
/// assert_eq!(c.send(()), Ok(Step::Yielded(1)));
/// assert_eq!(c.send(()), Ok(Step::Complete("liftoff")));
/// assert_eq!(countdown(3).collect::<Vec<_>>(), [3, 2, 1]);
/// ```
pub struct Coroutine<Y, S = (), R = (), E = Infallible, B: ?Sized = dyn Body<R, E>> {
    slot: Rc<Slot<Y, S, E>>,
    phase: Phase<B>,
    returns: PhantomData<fn() -> R>,
    trace: Tag,
}

impl<Y, S, R, E> Coroutine<Y, S, R, E> {
    /// Makes a coroutine from a closure that receives the handle `co` and returns the body, an
    /// `async move` block. Nothing runs until the coroutine is [primed](Coroutine::prime).
    ///
    /// The body returns `Ok(r)` to complete with `r`; `?` on [`Co::yield_`] ends it early when
    /// the caller closes it or throws an error it does not handle. This allocates twice: the
    /// body, and the slot it shares with the coroutine.
    ///
    /// ```
    /// use coro::{Coroutine, State};
    ///
    /// let c: Coroutine<&str, (), u32> = Coroutine::new(|co| async move {
    ///     co.yield_("hello").await?;
    ///     Ok(3)
    /// });
    /// assert_eq!(c.state(), State::Created);
    /// ```
    #[cfg_attr(feature = "trace", track_caller)]
    pub fn new<F, Fut>(body: F) -> Self
    where
        F: FnOnce(Co<Y, S, E>) -> Fut,
        Fut: Future<Output = Result<R, Interrupt<E>>> + 'static,
    {
        let slot = Rc::new(Cell::new(Msg::Empty));
        let body: Pin<Box<dyn Body<R, E>>> = Box::pin(body(Co { slot: slot.clone() }));
        Coroutine {
            slot,
            phase: Phase::Created(body),
            returns: PhantomData,
            trace: Tag::new::<Y, S, R, E>(),
        }
    }

    /// Makes a coroutine and runs it to its first `yield_`, discarding what it yields there: the
    /// job of the `@coroutine` priming decorator in Python. The result is ready for
    /// [`send`](Coroutine::send).
    ///
    /// If the body finishes or lets an error out before its first `yield_`, the coroutine is
    /// closed and the first `send` reports [`Error::Closed`].
    ///
    /// # Panics
    ///
    /// If the body awaits a foreign future before its first `yield_`
    /// (see [`Error::ForeignAwait`]), since there is no caller to report it to yet.
    ///
    /// ```
    /// use coro::{Coroutine, State, Step};
    ///
    /// // Yields whether each value it is sent differs from the one before it.
    /// fn changes() -> Coroutine<bool, i32> {
    ///     Coroutine::primed(|co| async move {
    ///         let mut last = None;
    ///         let mut changed = false; // the first yield's value is thrown away by `primed`
    ///         loop {
    ///             let value = co.yield_(changed).await?;
    ///             changed = last != Some(value);
    ///             last = Some(value);
    ///         }
    ///     })
    /// }
    ///
    /// let mut c = changes();
    /// assert_eq!(c.state(), State::Suspended, "ready for send at once");
    /// assert_eq!(c.send(4), Ok(Step::Yielded(true)));
    /// assert_eq!(c.send(4), Ok(Step::Yielded(false)));
    /// assert_eq!(c.send(-1), Ok(Step::Yielded(true)));
    /// ```
    #[cfg_attr(feature = "trace", track_caller)]
    pub fn primed<F, Fut>(body: F) -> Self
    where
        F: FnOnce(Co<Y, S, E>) -> Fut,
        Fut: Future<Output = Result<R, Interrupt<E>>> + 'static,
    {
        let mut coroutine = Self::new(body);
        if let Err(Error::ForeignAwait) = coroutine.prime() {
            panic!("{FOREIGN_AWAIT}");
        }
        coroutine
    }
}

impl<Y, S, R, E, B: Body<R, E>> Coroutine<Y, S, R, E, B> {
    /// Like [`Coroutine::new`], but keeps the body's own type as `B` instead of boxing it behind
    /// a trait object, so each resume is a direct call the compiler can inline. Use it on hot
    /// paths; write the type as `impl Body<R, E>`.
    ///
    /// ```
    /// use coro::{Body, Coroutine, Step};
    /// use std::convert::Infallible;
    ///
    /// fn doubler() -> Coroutine<u64, u64, (), Infallible, impl Body<(), Infallible>> {
    ///     Coroutine::new_generic(|co| async move {
    ///         let mut out = 0;
    ///         loop {
    ///             out = 2 * co.yield_(out).await?;
    ///         }
    ///     })
    /// }
    ///
    /// let mut d = doubler();
    /// d.prime().unwrap();
    /// assert_eq!(d.send(21), Ok(Step::Yielded(42)));
    /// ```
    #[cfg_attr(feature = "trace", track_caller)]
    pub fn new_generic<F>(body: F) -> Self
    where
        F: FnOnce(Co<Y, S, E>) -> B,
    {
        let slot = Rc::new(Cell::new(Msg::Empty));
        let body = Box::pin(body(Co { slot: slot.clone() }));
        Coroutine {
            slot,
            phase: Phase::Created(body),
            returns: PhantomData,
            trace: Tag::new::<Y, S, R, E>(),
        }
    }
}

impl<Y, S, R, E, B: Body<R, E> + ?Sized> Coroutine<Y, S, R, E, B> {
    /// Where the coroutine is in its life: [`State::Created`], [`State::Suspended`] or
    /// [`State::Closed`] (a coroutine whose body panicked is closed).
    ///
    /// ```
    /// use coro::{Coroutine, State};
    ///
    /// let mut c: Coroutine<u8> = Coroutine::new(|co| async move { co.yield_(1).await?; Ok(()) });
    /// assert_eq!(c.state(), State::Created);
    /// c.prime().unwrap();
    /// assert_eq!(c.state(), State::Suspended);
    /// c.close().unwrap();
    /// assert_eq!(c.state(), State::Closed);
    /// ```
    pub fn state(&self) -> State {
        self.phase.state()
    }

    /// Starts the body and runs it to its first `yield_`. Python's `next(gen)` on a fresh
    /// generator.
    ///
    /// Returns [`Error::AlreadyStarted`] if the coroutine was primed before and
    /// [`Error::Closed`] if it has finished; neither runs anything.
    ///
    /// ```
    /// use coro::{Coroutine, Step};
    ///
    /// let log = std::rc::Rc::new(std::cell::RefCell::new(Vec::new()));
    /// let l = log.clone();
    /// let mut c: Coroutine<u8> = Coroutine::new(move |co| async move {
    ///     l.borrow_mut().push("start");
    ///     co.yield_(1).await?;
    ///     l.borrow_mut().push("resumed");
    ///     Ok(())
    /// });
    /// assert!(log.borrow().is_empty(), "nothing runs before prime");
    /// assert_eq!(c.prime(), Ok(Step::Yielded(1)));
    /// assert_eq!(*log.borrow(), ["start"]);
    /// ```
    #[inline]
    #[cfg_attr(feature = "trace", track_caller)]
    pub fn prime(&mut self) -> Result<Step<Y, R>, Error<S, E>> {
        let turn = trace::enter(&self.trace, Op::Prime, Here::caller());
        let result = match self.phase {
            Phase::Created(_) => {
                self.start();
                self.resume(Msg::Empty)
            }
            Phase::Suspended(_) => Err(Error::AlreadyStarted),
            Phase::Closed => Err(Error::Closed),
        };
        trace::leave(turn, &mut self.trace, &result, self.phase.state());
        result
    }

    /// Moves a created coroutine to `Suspended`, the phase [`resume`](Self::resume) runs from.
    fn start(&mut self) {
        if let Phase::Created(body) = mem::replace(&mut self.phase, Phase::Closed) {
            self.phase = Phase::Suspended(body);
        }
    }

    /// The iterator's first step: [`Coroutine::prime`] without its trace turn. Never inlined,
    /// so that `next` calls [`resume`](Self::resume) once, for the steps after it, and a
    /// generic body's poll is inlined there alone.
    #[inline(never)]
    fn begin(&mut self) -> Result<Step<Y, R>, Error<S, E>> {
        self.start();
        self.resume(Msg::Empty)
    }

    /// Resumes the body with `value`, which becomes the result of the `yield_` it is stopped
    /// at, and runs it to its next `yield_` or to its end. Python's `gen.send(value)`.
    ///
    /// Sending to a coroutine that was never primed returns [`Error::NotStarted`] with the value
    /// and runs nothing; sending to a finished one returns [`Error::Closed`]. If the body lets
    /// an error out, it is returned as [`Error::Thrown`] and the coroutine is closed. If the body
    /// panics, the panic reaches the caller and the coroutine is closed.
    ///
    /// ```
    /// use coro::{Coroutine, Error, Step};
    ///
    /// let mut total: Coroutine<i32, Option<i32>, i32> = Coroutine::new(|co| async move {
    ///     let mut sum = 0;
    ///     while let Some(n) = co.yield_(sum).await? {
    ///         sum += n;
    ///     }
    ///     Ok(sum)
    /// });
    /// assert_eq!(total.send(Some(1)), Err(Error::NotStarted(Some(1))));
    /// total.prime().unwrap();
    /// assert_eq!(total.send(Some(1)), Ok(Step::Yielded(1)));
    /// assert_eq!(total.send(Some(2)), Ok(Step::Yielded(3)));
    /// assert_eq!(total.send(None), Ok(Step::Complete(3)));
    /// assert_eq!(total.send(Some(4)), Err(Error::Closed));
    /// ```
    #[inline(always)]
    #[cfg_attr(feature = "trace", track_caller)]
    pub fn send(&mut self, value: S) -> Result<Step<Y, R>, Error<S, E>> {
        let turn = trace::enter(&self.trace, Op::Send, Here::caller());
        let result = match self.phase {
            Phase::Suspended(_) => self.resume(Msg::Sent(value)),
            Phase::Created(_) => Err(Error::NotStarted(value)),
            Phase::Closed => Err(Error::Closed),
        };
        trace::leave(turn, &mut self.trace, &result, self.phase.state());
        result
    }

    /// Raises `error` inside the body, at the `yield_` where it is stopped: that `yield_` returns
    /// `Err(Interrupt::Throw(error))`. Python's `gen.throw(error)`.
    ///
    /// If the body handles it and yields again, that is `Ok(Step::Yielded(y))`; if it returns,
    /// `Ok(Step::Complete(r))`. If it lets the error out (typically with `?`), `throw` returns
    /// it as [`Error::Thrown`] and the coroutine is closed. Throwing into a coroutine that has
    /// not started closes it without running the body and returns the error at once, as
    /// Python does; throwing into a finished one returns [`Error::Closed`].
    ///
    /// ```
    /// use coro::{Coroutine, Error, Interrupt, State, Step};
    ///
    /// #[derive(Debug, PartialEq)]
    /// enum Signal { Reset, Fatal }
    ///
    /// let mut counter: Coroutine<u32, u32, (), Signal> = Coroutine::new(|co| async move {
    ///     let mut total = 0;
    ///     loop {
    ///         match co.yield_(total).await {
    ///             Ok(n) => total += n,
    ///             Err(Interrupt::Throw(Signal::Reset)) => total = 0,
    ///             Err(other) => return Err(other),
    ///         }
    ///     }
    /// });
    /// counter.prime().unwrap();
    /// counter.send(2).unwrap();
    /// assert_eq!(counter.throw(Signal::Reset), Ok(Step::Yielded(0)));
    /// assert_eq!(counter.throw(Signal::Fatal), Err(Error::Thrown(Signal::Fatal)));
    /// assert_eq!(counter.state(), State::Closed);
    /// ```
    #[cfg_attr(feature = "trace", track_caller)]
    pub fn throw(&mut self, error: E) -> Result<Step<Y, R>, Error<S, E>> {
        let turn = trace::enter(&self.trace, Op::Throw, Here::caller());
        let result = match self.phase {
            Phase::Suspended(_) => self.resume(Msg::Interrupt(Interrupt::Throw(error))),
            Phase::Created(_) => {
                self.phase = Phase::Closed;
                Err(Error::Thrown(error))
            }
            Phase::Closed => Err(Error::Closed),
        };
        trace::leave(turn, &mut self.trace, &result, self.phase.state());
        result
    }

    /// Asks the body to stop: the `yield_` where it is stopped returns
    /// `Err(Interrupt::Close)`, so `?` unwinds the body and its cleanup runs. Python's
    /// `gen.close()`.
    ///
    /// Returns `Ok(Some(r))` if the body caught the close and returned `Ok(r)` (Python 3.13's
    /// `close()` returns that value too), and `Ok(None)` otherwise. A coroutine that never
    /// started is closed without running its body; closing a closed one does nothing. If the body
    /// yields again instead of stopping, the coroutine is closed anyway and `close` returns
    /// [`Error::IgnoredClose`]; if it lets an error out, [`Error::Thrown`].
    ///
    /// ```
    /// use coro::{Coroutine, Interrupt};
    ///
    /// let mut collector: Coroutine<(), String, Vec<String>> = Coroutine::new(|co| async move {
    ///     let mut items = Vec::new();
    ///     loop {
    ///         match co.yield_(()).await {
    ///             Ok(item) => items.push(item),
    ///             Err(Interrupt::Close) => return Ok(items),
    ///             Err(other) => return Err(other),
    ///         }
    ///     }
    /// });
    /// collector.prime().unwrap();
    /// collector.send("a".into()).unwrap();
    /// collector.send("b".into()).unwrap();
    /// assert_eq!(collector.close(), Ok(Some(vec!["a".to_string(), "b".to_string()])));
    /// assert_eq!(collector.close(), Ok(None), "closing twice is a no-op");
    /// ```
    #[cfg_attr(feature = "trace", track_caller)]
    pub fn close(&mut self) -> Result<Option<R>, Error<S, E>> {
        match self.shut(Here::caller()) {
            Shut::Done(result) => result,
            Shut::Ignored(_) => Err(Error::IgnoredClose),
        }
    }

    /// [`Coroutine::close`] asked from `here`, keeping what a body that ignored the close
    /// yielded, for [`Co::delegate`] to pass on.
    fn shut(&mut self, here: Here) -> Shut<Y, R, S, E> {
        let turn = trace::enter(&self.trace, Op::Close, here);
        let shut = self.shut_now();
        let state = self.phase.state();
        match &shut {
            Shut::Done(result) => trace::leave(turn, &mut self.trace, result, state),
            Shut::Ignored(_) => {
                let ignored: Result<Option<R>, Error<S, E>> = Err(Error::IgnoredClose);
                trace::leave(turn, &mut self.trace, &ignored, state);
            }
        }
        shut
    }

    fn shut_now(&mut self) -> Shut<Y, R, S, E> {
        match self.phase {
            Phase::Suspended(_) => match self.resume(Msg::Interrupt(Interrupt::Close)) {
                Ok(Step::Complete(r)) => Shut::Done(Ok(Some(r))),
                Ok(Step::Yielded(y)) => {
                    self.phase = Phase::Closed;
                    Shut::Ignored(y)
                }
                Err(Error::Closed) => Shut::Done(Ok(None)),
                Err(e) => Shut::Done(Err(e)),
            },
            // A body that never started is dropped without running; a closed one stays so.
            Phase::Created(_) | Phase::Closed => {
                self.phase = Phase::Closed;
                Shut::Done(Ok(None))
            }
        }
    }

    /// Polls the suspended body once with `msg` in the slot: the one place a body runs.
    #[inline(always)]
    fn resume(&mut self, msg: Msg<Y, S, E>) -> Result<Step<Y, R>, Error<S, E>> {
        // The slot's address, read from `self` once and kept across the poll instead of read
        // again after it.
        let slot = &*self.slot;
        slot.set(msg);
        let poll = {
            // If the body panics, the unwinding passes through here and closes the coroutine
            // (dropping the body); otherwise the guard is defused and costs nothing.
            let guard = CloseOnUnwind(&mut self.phase);
            let Phase::Suspended(body) = &mut *guard.0 else {
                return Err(Error::Closed);
            };
            let poll = body.as_mut().poll(&mut Context::from_waker(Waker::noop()));
            mem::forget(guard);
            poll
        };
        if poll.is_pending() {
            if let Msg::Yielded(y) = slot.replace(Msg::Empty) {
                return Ok(Step::Yielded(y));
            }
        }
        self.finished(poll)
    }

    /// The body returned, let an error out, or awaited a foreign future: it is dropped (its
    /// destructors run now), the coroutine is closed, and the outcome reported.
    #[cold]
    fn finished(&mut self, poll: Poll<Result<R, Interrupt<E>>>) -> Result<Step<Y, R>, Error<S, E>> {
        self.phase = Phase::Closed;
        self.slot.set(Msg::Empty);
        match poll {
            Poll::Ready(Ok(r)) => Ok(Step::Complete(r)),
            Poll::Ready(Err(Interrupt::Throw(e))) => Err(Error::Thrown(e)),
            Poll::Ready(Err(Interrupt::Close)) => Err(Error::Closed),
            Poll::Pending => Err(Error::ForeignAwait),
        }
    }
}

/// Closes the coroutine whose phase it holds when dropped, which only happens if its body
/// panics (the normal path forgets it).
struct CloseOnUnwind<'a, B: ?Sized>(&'a mut Phase<B>);

impl<B: ?Sized> Drop for CloseOnUnwind<'_, B> {
    fn drop(&mut self) {
        *self.0 = Phase::Closed;
    }
}

/// How a close went: [`Coroutine::close`]'s answer, or the value a body yielded instead of
/// stopping.
enum Shut<Y, R, S, E> {
    Done(Result<Option<R>, Error<S, E>>),
    Ignored(Y),
}

impl<Y, S, R, E, B: ?Sized> fmt::Debug for Coroutine<Y, S, R, E, B> {
    /// ```
    /// use coro::Coroutine;
    /// let c: Coroutine<u8> = Coroutine::new(|_co| async move { Ok(()) });
    /// assert_eq!(format!("{c:?}"), "Coroutine { state: Created }");
    /// ```
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Coroutine")
            .field("state", &self.phase.state())
            .finish()
    }
}

/// A coroutine that is sent nothing is a generator, and iterates over what it yields. It is
/// primed by the first call to `next`; its return value is dropped.
///
/// # Panics
///
/// `next` panics if the body awaits a foreign future (see [`Error::ForeignAwait`]): an iterator
/// has no other way to report it.
///
/// ```
/// use coro::Coroutine;
///
/// fn squares(n: u64) -> Coroutine<u64> {
///     Coroutine::new(move |co| async move {
///         for i in 0..n {
///             co.yield_(i * i).await?;
///         }
///         Ok(())
///     })
/// }
/// assert_eq!(squares(4).collect::<Vec<_>>(), [0, 1, 4, 9]);
/// assert_eq!(squares(1_000_000).take(2).sum::<u64>(), 1);
/// ```
impl<Y, R, B: Body<R, Infallible> + ?Sized> Iterator for Coroutine<Y, (), R, Infallible, B> {
    type Item = Y;

    #[inline(always)]
    #[cfg_attr(feature = "trace", track_caller)]
    fn next(&mut self) -> Option<Y> {
        let turn = trace::enter(&self.trace, Op::Next, Here::caller());
        let step = match self.phase {
            Phase::Suspended(_) => self.resume(Msg::Sent(())),
            Phase::Created(_) => self.begin(),
            Phase::Closed => Err(Error::Closed),
        };
        trace::leave(turn, &mut self.trace, &step, self.phase.state());
        match step {
            Ok(Step::Yielded(y)) => Some(y),
            Err(Error::ForeignAwait) => panic!("{FOREIGN_AWAIT}"),
            Ok(Step::Complete(_)) | Err(_) => None,
        }
    }
}

/// With the `trace` feature, dropping a coroutine whose body is alive is a turn of its own:
/// the body's destructors run then, and may drive other coroutines.
#[cfg(feature = "trace")]
impl<Y, S, R, E, B: ?Sized> Drop for Coroutine<Y, S, R, E, B> {
    fn drop(&mut self) {
        if !matches!(self.phase, Phase::Closed) {
            let turn = trace::enter(&self.trace, Op::Drop, Here::nowhere());
            self.phase = Phase::Closed;
            trace::leave(turn, &mut self.trace, &(), State::Closed);
        }
    }
}

impl<Y, R, B: Body<R, Infallible> + ?Sized> FusedIterator for Coroutine<Y, (), R, Infallible, B> {}

#[cfg(test)]
mod tests;
