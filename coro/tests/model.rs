//! Random sequences of prime, send, throw, close and state against a plain model of the
//! protocol: the coroutine and the model must agree on every step, whether the caller holds the
//! coroutine itself or a coroutine that delegates to it, one or two levels deep (`yield from` is
//! transparent, PEP 380).

use std::cell::Cell;
use std::rc::Rc;

use coro::{Coroutine, Error, Interrupt, State, Step};
use proptest::prelude::*;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Thrown {
    Reset,
    Fatal,
}

/// Sums what it is sent; a thrown Reset zeroes the sum, Fatal gets out; a sent 0 ends it with
/// the sum; a close ends it with the sum too, unless the sum is negative: then it ignores the
/// close and yields again. Counts its cleanups.
fn subject(cleanups: Rc<Cell<u32>>) -> Coroutine<i64, i64, i64, Thrown> {
    struct Cleanup(Rc<Cell<u32>>);
    impl Drop for Cleanup {
        fn drop(&mut self) {
            self.0.set(self.0.get() + 1);
        }
    }
    Coroutine::new(move |co| async move {
        let _cleanup = Cleanup(cleanups);
        let mut sum = 0;
        loop {
            match co.yield_(sum).await {
                Ok(0) => return Ok(sum),
                Ok(n) => sum += n,
                Err(Interrupt::Throw(Thrown::Reset)) => sum = 0,
                Err(Interrupt::Close) if sum < 0 => continue,
                Err(Interrupt::Close) => return Ok(sum),
                Err(fatal) => return Err(fatal),
            }
        }
    })
}

/// `depth` coroutines, each delegating to the next, the last delegating to `inner`.
fn delegated(
    inner: Coroutine<i64, i64, i64, Thrown>,
    depth: usize,
) -> Coroutine<i64, i64, i64, Thrown> {
    (0..depth).fold(inner, |sub, _| {
        Coroutine::new(|co| async move { co.delegate(sub).await })
    })
}

#[derive(Debug, Clone)]
enum Op {
    Prime,
    Send(i64),
    Throw(Thrown),
    Close,
}

fn op() -> impl Strategy<Value = Op> {
    prop_oneof![
        1 => Just(Op::Prime),
        6 => (-3i64..4).prop_map(Op::Send),
        1 => Just(Op::Throw(Thrown::Reset)),
        1 => Just(Op::Throw(Thrown::Fatal)),
        1 => Just(Op::Close),
    ]
}

/// The protocol, written out plainly.
struct Model {
    depth: usize,
    state: State,
    sum: i64,
    cleanups: u32,
}

type Answer = Result<Option<Step<i64, i64>>, Error<i64, Thrown>>;

impl Model {
    fn end(&mut self, started: bool) {
        self.state = State::Closed;
        if started {
            self.cleanups += 1;
        }
    }

    fn apply(&mut self, op: &Op) -> Answer {
        use State::*;
        match (op, self.state) {
            (Op::Prime, Created) => {
                self.state = Suspended;
                Ok(Some(Step::Yielded(0)))
            }
            (Op::Prime, Suspended) => Err(Error::AlreadyStarted),
            (Op::Send(v), Created) => Err(Error::NotStarted(*v)),
            (Op::Send(0), Suspended) => {
                self.end(true);
                Ok(Some(Step::Complete(self.sum)))
            }
            (Op::Send(v), Suspended) => {
                self.sum += v;
                Ok(Some(Step::Yielded(self.sum)))
            }
            (Op::Throw(t), Created) => {
                self.end(false);
                Err(Error::Thrown(*t))
            }
            (Op::Throw(Thrown::Reset), Suspended) => {
                self.sum = 0;
                Ok(Some(Step::Yielded(0)))
            }
            (Op::Throw(Thrown::Fatal), Suspended) => {
                self.end(true);
                Err(Error::Thrown(Thrown::Fatal))
            }
            (Op::Close, Created) => {
                self.end(false);
                Ok(None)
            }
            (Op::Close, Suspended) if self.sum < 0 => {
                self.end(true);
                Err(Error::IgnoredClose)
            }
            // What the subject returns on a close reaches only its own caller: a delegating
            // coroutine closes its sub and then stops with the close itself (PEP 380).
            (Op::Close, Suspended) if self.depth > 0 => {
                self.end(true);
                Ok(None)
            }
            (Op::Close, Suspended) => {
                self.end(true);
                Ok(Some(Step::Complete(self.sum)))
            }
            (Op::Close, _) => Ok(None),
            (_, _) => Err(Error::Closed),
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(2000))]

    #[test]
    fn the_coroutine_agrees_with_the_model_on_every_step(
        depth in 0..=2usize,
        ops in prop::collection::vec(op(), 0..40),
    ) {
        let cleanups = Rc::new(Cell::new(0));
        let mut c = delegated(subject(cleanups.clone()), depth);
        let mut model = Model { depth, state: State::Created, sum: 0, cleanups: 0 };
        for (i, op) in ops.iter().enumerate() {
            let got: Answer = match op {
                Op::Prime => c.prime().map(Some),
                Op::Send(v) => c.send(*v).map(Some),
                Op::Throw(t) => c.throw(*t).map(Some),
                Op::Close => c.close().map(|r| r.map(Step::Complete)),
            };
            let want = model.apply(op);
            prop_assert_eq!(&got, &want, "step {} ({:?})", i, op);
            prop_assert_eq!(c.state(), model.state, "state after step {} ({:?})", i, op);
            prop_assert_eq!(cleanups.get(), model.cleanups, "cleanups after step {} ({:?})", i, op);
        }
        drop(c);
        let expected = model.cleanups + u32::from(model.state == State::Suspended);
        prop_assert_eq!(cleanups.get(), expected, "dropping a suspended coroutine cleans up once");
    }
}
