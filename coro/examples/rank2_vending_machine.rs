//! A vending machine as a coroutine: it is sent coins and selections, shows what its display
//! says at each yield, survives a jam thrown into it, and pays the credit back when closed.
//!
//! Run it with `cargo run -p coro --example rank2_vending_machine`.

use coro::{Coroutine, Interrupt};
use std::cell::RefCell;
use std::rc::Rc;

#[derive(Debug, Clone, Copy, PartialEq)]
enum Item {
    Water,
    Chips,
}

impl Item {
    fn price(self) -> u32 {
        match self {
            Item::Water => 100,
            Item::Chips => 150,
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq)]
enum Input {
    Coin(u32),
    Select(Item),
}

#[derive(Debug, PartialEq)]
enum Display {
    Credit(u32),
    Need(u32),
    Vend { item: Item, change: u32 },
    Jammed { refunded: u32 },
}

#[derive(Debug, PartialEq)]
struct Jam;

type Tray = Rc<RefCell<Vec<u32>>>;

fn pay_back(tray: &Tray, amount: u32) {
    if amount > 0 {
        println!("    (tray: {amount} paid back)");
        tray.borrow_mut().push(amount);
    }
}

/// Yields what the display shows, is sent `Input`s, returns the total of its sales when
/// closed, and can have a `Jam` thrown into it.
fn vending_machine(tray: Tray) -> Coroutine<Display, Input, u32, Jam> {
    Coroutine::new(move |co| async move {
        let mut credit = 0;
        let mut sales = 0;
        let mut display = Display::Credit(0);
        loop {
            display = match co.yield_(display).await {
                Ok(Input::Coin(value)) => {
                    credit += value;
                    Display::Credit(credit)
                }
                Ok(Input::Select(item)) if credit >= item.price() => {
                    let change = credit - item.price();
                    sales += item.price();
                    credit = 0;
                    pay_back(&tray, change);
                    Display::Vend { item, change }
                }
                Ok(Input::Select(item)) => Display::Need(item.price() - credit),
                Err(Interrupt::Throw(Jam)) => {
                    let refunded = std::mem::take(&mut credit);
                    pay_back(&tray, refunded);
                    Display::Jammed { refunded }
                }
                Err(Interrupt::Close) => {
                    println!("    (closing: paying back the credit)");
                    pay_back(&tray, credit);
                    return Ok(sales);
                }
            };
        }
    })
}

fn main() {
    let tray = Tray::default();
    let mut machine = vending_machine(tray.clone());
    println!("prime()               -> {:?}", machine.prime());

    let script = [
        Input::Coin(50),
        Input::Select(Item::Water),
        Input::Coin(100),
        Input::Select(Item::Water),
        Input::Coin(100),
    ];
    for input in script {
        let label = format!("send({input:?})");
        println!("{label:<21} -> {:?}", machine.send(input));
    }
    println!("throw(Jam)            -> {:?}", machine.throw(Jam));
    for input in [
        Input::Coin(200),
        Input::Select(Item::Chips),
        Input::Coin(20),
    ] {
        let label = format!("send({input:?})");
        println!("{label:<21} -> {:?}", machine.send(input));
    }
    println!(
        "close()               -> {:?}  (total sales)",
        machine.close()
    );
    println!("close() again         -> {:?}", machine.close());
    println!(
        "send(Coin(5))         -> {:?}",
        machine.send(Input::Coin(5))
    );
    println!("tray                  =  {:?}", tray.borrow());
}
