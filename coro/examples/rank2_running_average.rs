//! A running average kept inside a coroutine: an exponentially weighted moving average (EWMA),
//! the kind a load monitor shows. Its state (the current average) lives in the body's locals
//! between sends, with no struct to declare. Each new value moves the average a fraction
//! `alpha` of the way towards itself, so recent values count more than old ones.
//!
//! cargo run -p coro --example rank2_running_average

use coro::{Coroutine, Step};

/// Yields the EWMA of the values sent so far; `None` before the first one.
fn ewma(alpha: f64) -> Coroutine<Option<f64>, f64> {
    Coroutine::new(move |co| async move {
        let mut current: Option<f64> = None;
        loop {
            // Hand out the current average; whatever the caller sends next comes back here.
            let value = co.yield_(current).await?;
            current = Some(match current {
                None => value, // the first value is the whole history
                Some(old) => old + alpha * (value - old),
            });
        }
    })
}

fn main() {
    let mut load = ewma(0.5);
    // Priming runs the body to its first yield: there is no average of nothing yet.
    println!("prime       -> {:?}", load.prime());
    for value in [10.0, 30.0, 30.0, 0.0] {
        match load.send(value) {
            Ok(Step::Yielded(Some(a))) => println!("send({value:>4})  -> average {a:.3}"),
            other => println!("send({value:>4})  -> {other:?}"),
        }
    }
    // The body passes the close out with `?`: it unwinds, and there is nothing to return.
    println!(
        "close       -> {:?}, state {:?}",
        load.close(),
        load.state()
    );
    println!(
        "send(1.0)   -> {:?} (a finished coroutine cannot be resumed)",
        load.send(1.0)
    );
}
