//! `cargo bench -p coro`: what a send and a coroutine's life cost, against a hand-written state
//! machine doing the same arithmetic, measured in one run so the ratios compare like with like.

use std::convert::Infallible;
use std::hint::black_box;
use std::time::Instant;

use coro::{Body, Coroutine};

/// The hand-written equivalent of the running-average coroutine.
struct Averager {
    total: f64,
    count: u32,
}

impl Averager {
    fn send(&mut self, x: f64) -> f64 {
        self.total += x;
        self.count += 1;
        self.total / f64::from(self.count)
    }
}

fn averager() -> Coroutine<f64, f64> {
    Coroutine::new(|co| async move {
        let (mut total, mut count, mut average) = (0.0, 0u32, 0.0);
        loop {
            total += co.yield_(average).await?;
            count += 1;
            average = total / f64::from(count);
        }
    })
}

fn averager_generic() -> Coroutine<f64, f64, (), Infallible, impl Body<(), Infallible>> {
    Coroutine::new_generic(|co| async move {
        let (mut total, mut count, mut average) = (0.0, 0u32, 0.0);
        loop {
            total += co.yield_(average).await?;
            count += 1;
            average = total / f64::from(count);
        }
    })
}

const SENDS: u32 = 20_000_000;
const LIVES: u32 = 2_000_000;
const ROUNDS: usize = 7;

/// Nanoseconds per iteration: the median of several rounds, so one noisy round does not decide.
fn per_op(iterations: u32, mut round: impl FnMut(u32)) -> f64 {
    round(iterations / 10); // warm-up
    let mut samples: Vec<f64> = (0..ROUNDS)
        .map(|_| {
            let start = Instant::now();
            round(iterations);
            start.elapsed().as_nanos() as f64 / f64::from(iterations)
        })
        .collect();
    samples.sort_by(f64::total_cmp);
    samples[ROUNDS / 2]
}

fn main() {
    let struct_send = per_op(SENDS, |n| {
        let mut a = black_box(Averager {
            total: 0.0,
            count: 0,
        });
        for i in 0..n {
            black_box(a.send(black_box(f64::from(i))));
        }
    });
    let boxed_send = per_op(SENDS, |n| {
        let mut c = averager();
        c.prime().unwrap();
        for i in 0..n {
            black_box(c.send(black_box(f64::from(i))).unwrap());
        }
    });
    let generic_send = per_op(SENDS, |n| {
        let mut c = averager_generic();
        c.prime().unwrap();
        for i in 0..n {
            black_box(c.send(black_box(f64::from(i))).unwrap());
        }
    });
    let struct_life = per_op(LIVES, |n| {
        for _ in 0..n {
            black_box(Box::new(black_box(Averager {
                total: 0.0,
                count: 0,
            })));
        }
    });
    let boxed_life = per_op(LIVES, |n| {
        for _ in 0..n {
            let mut c = averager();
            black_box(c.prime().unwrap());
        }
    });
    let generic_life = per_op(LIVES, |n| {
        for _ in 0..n {
            let mut c = averager_generic();
            black_box(c.prime().unwrap());
        }
    });

    println!("send, one round trip of a running average:");
    println!("  hand-written struct           {struct_send:7.2} ns");
    report("Coroutine<f64, f64> (boxed)", boxed_send, struct_send, 3.0);
    report("Coroutine::new_generic", generic_send, struct_send, 2.0);
    println!("create + prime + drop:");
    println!("  hand-written struct in a Box  {struct_life:7.2} ns");
    report("Coroutine<f64, f64> (boxed)", boxed_life, struct_life, 3.0);
    report("Coroutine::new_generic", generic_life, struct_life, 3.0);
}

fn report(name: &str, ns: f64, base: f64, target: f64) {
    let ratio = ns / base;
    let verdict = if ratio <= target { "PASS" } else { "MISS" };
    println!("  {name:<29} {ns:7.2} ns  {ratio:5.2}x  (target <= {target:.1}x: {verdict})");
}
