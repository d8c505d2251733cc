//! A running average kept inside a coroutine: the state (total and count) lives in the body's
//! locals between sends, with no struct to declare.
//!
//! cargo run -p coro --example running_average

use coro::{Coroutine, Step};

fn averager() -> Coroutine<f64, f64> {
    Coroutine::new(|co| async move {
        let (mut total, mut count) = (0.0, 0u32);
        let mut average = 0.0;
        loop {
            // Hand out the current average; whatever the caller sends next comes back here.
            let value = co.yield_(average).await?;
            total += value;
            count += 1;
            average = total / f64::from(count);
        }
    })
}

fn main() {
    let mut avg = averager();
    // Priming runs the body to its first yield; the 0.0 it hands out is not an average yet.
    println!("prime      -> {:?}", avg.prime());
    for value in [10.0, 30.0, 5.0] {
        match avg.send(value) {
            Ok(Step::Yielded(a)) => println!("send({value:>4}) -> average {a:.3}"),
            other => println!("send({value:>4}) -> {other:?}"),
        }
    }
    println!("close      -> {:?}, state {:?}", avg.close(), avg.state());
    println!(
        "send(1.0)  -> {:?} (a finished coroutine cannot be resumed)",
        avg.send(1.0)
    );
}
