//! The stock keeper inside a vending machine, as a coroutine: it is sent sales and restocks,
//! answers each one, has an `Audit` thrown into it (handled: it reports and carries on), and
//! returns its sales log when it is closed.
//!
//! Run it with `cargo run -p coro --example rank2_vending_machine`.

use coro::{Coroutine, Error, Interrupt, Step};

/// What the machine tells its stock keeper.
#[derive(Debug, Clone, Copy)]
enum Event {
    /// A customer bought from this slot.
    Sold(usize),
    /// The operator put `count` items into this slot.
    Restocked { slot: usize, count: u32 },
}

/// What the stock keeper answers.
#[derive(Debug)]
enum Stock {
    Ready,
    Left {
        slot: usize,
        count: u32,
    },
    /// A sale from an empty slot: the machine must refund it.
    SoldOut(usize),
    NoSuchSlot(usize),
    /// The answer to a thrown `Audit`: every slot's count.
    Report(Vec<u32>),
}

/// Thrown in by the operator to see every slot.
#[derive(Debug)]
struct Audit;

/// Yields `Stock`, is sent `Event`s, returns the slots of every sale, can be thrown an `Audit`.
fn stock_keeper(slots: usize) -> Coroutine<Stock, Event, Vec<usize>, Audit> {
    Coroutine::new(move |co| async move {
        let mut counts = vec![0; slots];
        let mut sales = Vec::new();
        let mut answer = Stock::Ready;
        loop {
            answer = match co.yield_(answer).await {
                Ok(Event::Sold(slot)) | Ok(Event::Restocked { slot, .. }) if slot >= slots => {
                    Stock::NoSuchSlot(slot)
                }
                Ok(Event::Sold(slot)) if counts[slot] == 0 => Stock::SoldOut(slot),
                Ok(Event::Sold(slot)) => {
                    counts[slot] -= 1;
                    sales.push(slot);
                    Stock::Left {
                        slot,
                        count: counts[slot],
                    }
                }
                Ok(Event::Restocked { slot, count }) => {
                    counts[slot] = counts[slot].saturating_add(count);
                    Stock::Left {
                        slot,
                        count: counts[slot],
                    }
                }
                Err(Interrupt::Throw(Audit)) => Stock::Report(counts.clone()),
                Err(Interrupt::Close) => return Ok(sales),
            };
        }
    })
}

/// What the machine's service display shows for an answer.
fn describe(answer: &Stock) -> String {
    match answer {
        Stock::Ready => "ready".to_string(),
        Stock::Left { slot, count } => format!("slot {slot}: {count} left"),
        Stock::SoldOut(slot) => format!("slot {slot} is empty: refund the customer"),
        Stock::NoSuchSlot(slot) => format!("there is no slot {slot}"),
        Stock::Report(counts) => format!("audit: {counts:?}"),
    }
}

/// Prints what one call on the stock keeper gave.
fn show(call: &str, result: Result<Step<Stock, Vec<usize>>, Error<Event, Audit>>) {
    match result {
        Ok(Step::Yielded(answer)) => println!("{call:<38} -> {}", describe(&answer)),
        other => println!("{call:<38} -> {other:?}"),
    }
}

fn main() {
    let mut keeper = stock_keeper(2);
    show("prime()", keeper.prime());
    for event in [
        Event::Restocked { slot: 0, count: 2 },
        Event::Sold(0),
        Event::Sold(1),
        Event::Sold(0),
        Event::Sold(0),
        Event::Sold(5),
        Event::Restocked { slot: 1, count: 1 },
    ] {
        show(&format!("send({event:?})"), keeper.send(event));
    }
    show("throw(Audit)", keeper.throw(Audit));
    show("send(Sold(1))", keeper.send(Event::Sold(1)));
    println!(
        "{:<38} -> {:?}  (the slot of every sale)",
        "close()",
        keeper.close()
    );
    println!("{:<38} -> {:?}", "close() again", keeper.close());
}
