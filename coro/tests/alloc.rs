//! At most two heap allocations per coroutine (its body and the slot it shares with its
//! handle), and none per send. allocation-counter installs a counting global allocator, so this
//! test needs no unsafe code of its own.
//!
//! The claim is about the core as crate users get it: the `trace` feature, which only the
//! checker turns on, keeps a log of turns on the heap by design.
#![cfg(not(feature = "trace"))]

use std::hint::black_box;

use allocation_counter::measure;
use coro::{Body, Coroutine};
use std::convert::Infallible;

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

fn averager_primed() -> Coroutine<f64, f64> {
    Coroutine::primed(|co| async move {
        let (mut total, mut count, mut average) = (0.0, 0u32, 0.0);
        loop {
            total += co.yield_(average).await?;
            count += 1;
            average = total / f64::from(count);
        }
    })
}

// One test function: the counter is process-wide, and parallel tests would blur it.
#[test]
fn a_coroutine_allocates_at_most_twice_and_a_send_never_allocates() {
    for (name, make) in [
        ("new", &(|| averager()) as &dyn Fn() -> Coroutine<f64, f64>),
        ("primed", &averager_primed),
    ] {
        let whole_life = measure(|| {
            let mut c = make();
            let _ = c.prime();
            for i in 0..100 {
                black_box(c.send(f64::from(i)).unwrap());
            }
            c.close().unwrap();
        });
        assert_eq!(
            whole_life.count_total, 2,
            "{name}: the body and the shared slot, and nothing else"
        );
        assert_eq!(whole_life.count_current, 0, "{name}: everything is freed");

        let mut c = make();
        let _ = c.prime();
        let sends = measure(|| {
            for i in 0..1000 {
                black_box(c.send(f64::from(i)).unwrap());
            }
        });
        assert_eq!(sends.count_total, 0, "{name}: a send must not allocate");
    }

    let generic = measure(|| {
        let mut c = averager_generic();
        c.prime().unwrap();
        for i in 0..100 {
            black_box(c.send(f64::from(i)).unwrap());
        }
    });
    assert_eq!(generic.count_total, 2, "new_generic: the body and the slot");
}
