//! Who runs when: a coroutine and its caller take turns, and this example prints both sides.
//!
//! Lines starting with `caller` are the caller's; lines starting with `  body` are printed by the
//! coroutine's body while `prime`, `send` or `close` runs it. Read the trace with the code beside
//! it: the body only ever runs inside one of the caller's calls, and only up to its next yield.
//!
//! Run it with `cargo run -p coro --example rank1_lifecycle`.

use coro::{Coroutine, State};

/// A kettle: it heats water in steps of 30 degrees from `start`, yielding each temperature, and
/// returns how many steps it took to boil.
fn kettle(start: u32) -> Coroutine<u32, (), u32> {
    Coroutine::new(move |co| async move {
        println!("  body: switched on at {start} degrees");
        let mut temperature = start;
        let mut steps = 0;
        while temperature < 100 {
            temperature = (temperature + 30).min(100);
            steps += 1;
            println!("  body: heated to {temperature}, handing it out");
            co.yield_(temperature).await?;
            println!("  body: resumed at {temperature}");
        }
        println!("  body: boiling, returning {steps}");
        Ok(steps)
    })
}

/// Prints the caller's action, what it got back, and the state it left.
fn report<T: std::fmt::Debug>(action: &str, result: T, state: State) {
    println!("caller: {action} -> {result:?}, now {state:?}");
}

fn main() {
    println!("== driven to its end ==");
    let mut k = kettle(20);
    println!(
        "caller: made the kettle, now {:?} (the body printed nothing)",
        k.state()
    );
    let step = k.prime();
    report("prime()", step, k.state());
    while k.state() == State::Suspended {
        let step = k.send(());
        report("send(())", step, k.state());
    }
    let step = k.send(());
    report("send(()) after the end", step, k.state());

    println!();
    println!("== closed half-way ==");
    let mut k = kettle(50);
    let step = k.prime();
    report("prime()", step, k.state());
    let closed = k.close();
    report("close()", closed, k.state());
    println!("caller: (the body never printed \"resumed\": close ended it at its yield)");
    let closed = k.close();
    report("close() again", closed, k.state());
}
