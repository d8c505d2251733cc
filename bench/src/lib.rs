//! Benchmarks of the `coro` crate against a hand-written state machine and against the peer
//! crates (genawaiter, next-gen, corosensei). Run them with
//!
//! ```text
//! cargo bench -p coro-bench --features peers
//! ```
//!
//! Without `--features peers` only the hand-written floor and `coro` are measured.
//! `benches/speed.rs` reports time per operation, and instructions per operation under
//! callgrind when `valgrind` is installed; `benches/resident.rs` reports what a suspended
//! coroutine keeps resident. The workloads live here so that both share them.

#![forbid(unsafe_code)]

use std::convert::Infallible;
use std::hint::black_box;

use coro::{Body, Coroutine};

/// The floor: a running average written by hand, the state machine a compiler would make of
/// the `coro` averager with nothing around it.
#[derive(Debug, Default)]
pub struct Averager {
    total: f64,
    count: u32,
}

impl Averager {
    /// One step: takes a value, gives the average so far.
    #[inline]
    pub fn send(&mut self, x: f64) -> f64 {
        self.total += x;
        self.count += 1;
        self.total / f64::from(self.count)
    }
}

/// The running average through `Coroutine::new` (the body boxed behind a trait object).
pub fn averager() -> Coroutine<f64, f64> {
    Coroutine::new(|co| async move {
        let (mut total, mut count, mut average) = (0.0, 0u32, 0.0);
        loop {
            total += co.yield_(average).await?;
            count += 1;
            average = total / f64::from(count);
        }
    })
}

/// The running average through `Coroutine::new_generic` (the body's own type).
pub fn averager_generic() -> Coroutine<f64, f64, (), Infallible, impl Body<(), Infallible>> {
    Coroutine::new_generic(|co| async move {
        let (mut total, mut count, mut average) = (0.0, 0u32, 0.0);
        loop {
            total += co.yield_(average).await?;
            count += 1;
            average = total / f64::from(count);
        }
    })
}

/// The floor for iteration: a hand-written iterator over `0..n`.
#[derive(Debug)]
pub struct Count {
    next: u64,
    end: u64,
}

/// `0..n`, by hand.
pub fn count(n: u64) -> Count {
    Count { next: 0, end: n }
}

impl Iterator for Count {
    type Item = u64;
    #[inline]
    fn next(&mut self) -> Option<u64> {
        (self.next < self.end).then(|| {
            self.next += 1;
            self.next - 1
        })
    }
}

/// `0..n` as a boxed `coro` generator.
pub fn count_coro(n: u64) -> Coroutine<u64> {
    Coroutine::new(move |co| async move {
        for i in 0..n {
            co.yield_(i).await?;
        }
        Ok(())
    })
}

/// `0..n` as a `new_generic` `coro` generator.
pub fn count_coro_generic(n: u64) -> Coroutine<u64, (), (), Infallible, impl Body<(), Infallible>> {
    Coroutine::new_generic(move |co| async move {
        for i in 0..n {
            co.yield_(i).await?;
        }
        Ok(())
    })
}

/// The pipeline's work, the same for every implementation: double, add one, sum.
pub mod pipeline {
    use super::*;

    /// The floor: three structs, each calling the next.
    #[derive(Debug, Default)]
    pub struct Floor {
        sum: u64,
    }

    impl Floor {
        /// Pushes one value through the three stages.
        #[inline]
        pub fn push(&mut self, x: u64) {
            let doubled = x * 2;
            let plus_one = doubled + 1;
            self.sum += plus_one;
            black_box(self.sum);
        }
    }

    type Stage = Coroutine<(), u64>;

    fn sink() -> Stage {
        Coroutine::primed(|co| async move {
            let mut sum = 0;
            loop {
                sum += co.yield_(()).await?;
                black_box(sum);
            }
        })
    }

    fn add_one(mut next: Stage) -> Stage {
        Coroutine::primed(|co| async move {
            loop {
                let x = co.yield_(()).await?;
                next.send(x + 1).expect("the sink runs forever");
            }
        })
    }

    fn double(mut next: Stage) -> Stage {
        Coroutine::primed(|co| async move {
            loop {
                let x = co.yield_(()).await?;
                next.send(x * 2).expect("the next stage runs forever");
            }
        })
    }

    /// The three stages as boxed `coro` coroutines, primed: send values to the result.
    pub fn coro() -> Stage {
        double(add_one(sink()))
    }

    type Generic<B> = Coroutine<(), u64, (), Infallible, B>;

    fn sink_generic() -> Generic<impl Body<(), Infallible>> {
        let mut c = Coroutine::new_generic(|co| async move {
            let mut sum = 0;
            loop {
                sum += co.yield_(()).await?;
                black_box(sum);
            }
        });
        c.prime().expect("the sink starts");
        c
    }

    fn add_one_generic(
        mut next: Generic<impl Body<(), Infallible>>,
    ) -> Generic<impl Body<(), Infallible>> {
        let mut c = Coroutine::new_generic(|co| async move {
            loop {
                let x = co.yield_(()).await?;
                next.send(x + 1).expect("the sink runs forever");
            }
        });
        c.prime().expect("the stage starts");
        c
    }

    fn double_generic(
        mut next: Generic<impl Body<(), Infallible>>,
    ) -> Generic<impl Body<(), Infallible>> {
        let mut c = Coroutine::new_generic(|co| async move {
            loop {
                let x = co.yield_(()).await?;
                next.send(x * 2).expect("the next stage runs forever");
            }
        });
        c.prime().expect("the stage starts");
        c
    }

    /// The three stages through `new_generic`, primed.
    pub fn coro_generic() -> Generic<impl Body<(), Infallible>> {
        double_generic(add_one_generic(sink_generic()))
    }

    /// The three stages as genawaiter's `rc` generators, primed.
    #[cfg(feature = "peers")]
    pub fn genawaiter_rc() -> genawaiter::rc::Gen<(), u64, impl std::future::Future<Output = ()>> {
        use genawaiter::rc::{Co, Gen};
        use std::future::Future;
        fn primed<F: Future<Output = ()>>(mut g: Gen<(), u64, F>) -> Gen<(), u64, F> {
            g.resume_with(0); // genawaiter drops the first resume's argument
            g
        }
        let sink = primed(Gen::new(|co: Co<(), u64>| async move {
            let mut sum = 0;
            loop {
                sum += co.yield_(()).await;
                black_box(sum);
            }
        }));
        let add_one = primed(Gen::new(move |co: Co<(), u64>| async move {
            let mut next = sink;
            loop {
                let x = co.yield_(()).await;
                next.resume_with(x + 1);
            }
        }));
        primed(Gen::new(move |co: Co<(), u64>| async move {
            let mut next = add_one;
            loop {
                let x = co.yield_(()).await;
                next.resume_with(x * 2);
            }
        }))
    }
}

/// The same workloads written for the peer crates.
#[cfg(feature = "peers")]
pub mod peers {
    use next_gen::prelude::*;

    /// The running average as a genawaiter `rc` generator, primed.
    pub fn averager_genawaiter_rc()
    -> genawaiter::rc::Gen<f64, f64, impl std::future::Future<Output = ()>> {
        let mut g = genawaiter::rc::Gen::new(|co: genawaiter::rc::Co<f64, f64>| async move {
            let (mut total, mut count, mut average) = (0.0, 0u32, 0.0);
            loop {
                total += co.yield_(average).await;
                count += 1;
                average = total / f64::from(count);
            }
        });
        g.resume_with(0.0);
        g
    }

    /// The body of the genawaiter `stack` averager (the generator itself lives on the
    /// caller's stack, made with `genawaiter::stack::let_gen_using!`).
    pub async fn averager_genawaiter_stack(co: genawaiter::stack::Co<'_, f64, f64>) {
        let (mut total, mut count, mut average) = (0.0, 0u32, 0.0);
        loop {
            total += co.yield_(average).await;
            count += 1;
            average = total / f64::from(count);
        }
    }

    /// The running average as a next-gen generator.
    #[generator(yield(f64), resume(f64) as first)]
    pub fn averager_next_gen() {
        let _ = first; // what the priming resume passed
        let (mut total, mut count, mut average) = (0.0, 0u32, 0.0);
        loop {
            total += yield_!(average);
            count += 1;
            average = total / f64::from(count);
        }
    }

    /// The running average as a corosensei coroutine, primed.
    pub fn averager_corosensei() -> corosensei::Coroutine<f64, f64, ()> {
        let mut c =
            corosensei::Coroutine::new(|yielder: &corosensei::Yielder<f64, f64>, _first| {
                let (mut total, mut count, mut average) = (0.0, 0u32, 0.0);
                loop {
                    total += yielder.suspend(average);
                    count += 1;
                    average = total / f64::from(count);
                }
            });
        c.resume(0.0);
        c
    }

    /// `0..n` as a genawaiter `rc` generator.
    pub fn count_genawaiter_rc(
        n: u64,
    ) -> genawaiter::rc::Gen<u64, (), impl std::future::Future<Output = ()>> {
        genawaiter::rc::Gen::new(move |co: genawaiter::rc::Co<u64>| async move {
            for i in 0..n {
                co.yield_(i).await;
            }
        })
    }

    /// The body of `0..n` as a genawaiter `stack` generator.
    pub async fn count_genawaiter_stack(co: genawaiter::stack::Co<'_, u64>, n: u64) {
        for i in 0..n {
            co.yield_(i).await;
        }
    }

    /// `0..n` as a next-gen generator.
    #[generator(yield(u64))]
    pub fn count_next_gen(n: u64) {
        for i in 0..n {
            yield_!(i);
        }
    }

    /// `0..n` as a corosensei coroutine.
    pub fn count_corosensei(n: u64) -> corosensei::Coroutine<(), u64, ()> {
        corosensei::Coroutine::new(move |yielder: &corosensei::Yielder<(), u64>, ()| {
            for i in 0..n {
                yielder.suspend(i);
            }
        })
    }
}
