//! A generator (a coroutine that is sent nothing) is an `Iterator`: iterator adapters pull from
//! it one value at a time, and the body runs only as far as they pull.
//!
//! cargo run -p coro --example rank1_generator_iter

use std::cell::Cell;
use std::rc::Rc;

use coro::Coroutine;

/// Fibonacci numbers forever; `steps` counts how often the body ran.
fn fibonacci(steps: Rc<Cell<u32>>) -> Coroutine<u64> {
    Coroutine::new(move |co| async move {
        let (mut a, mut b) = (0u64, 1u64);
        loop {
            steps.set(steps.get() + 1);
            co.yield_(a).await?;
            (a, b) = (b, a + b);
        }
    })
}

fn main() {
    let steps = Rc::new(Cell::new(0));
    let even: Vec<u64> = fibonacci(steps.clone())
        .filter(|n| n % 2 == 0)
        .take(5)
        .collect();
    println!("first five even Fibonacci numbers: {even:?}");
    println!(
        "the body ran {} steps: only as far as take(5) pulled",
        steps.get()
    );

    let total: u64 = fibonacci(Rc::default()).take_while(|&n| n < 100).sum();
    println!("sum of Fibonacci numbers below 100: {total}");
}
