// quiz2_vending_machine: rank 2 quiz
//
// Everything from rank 2 at once: a coroutine that is sent typed inputs and answers each one,
// has an error thrown into it and carries on, and is closed with something left to do.
//
// Why it works: the credit and the sales are locals of the body, so they survive every
// yield. One match on what each `yield_` brings covers every case the type allows: a coin
// (taken only up to the cap, so the credit can never overflow), a selection with or without
// enough credit, a thrown `Jam` (handled: refund, and the loop yields the display), and a
// close (refund, then return the sales, which `close()` hands back).

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

/// The most credit the machine holds.
const MAX_CREDIT: u32 = 500;

/// What a customer does.
#[derive(Debug, Clone, Copy, PartialEq)]
enum Input {
    Coin(u32),
    Select(Item),
}

/// What the display shows.
#[derive(Debug, PartialEq)]
enum Display {
    /// The credit inserted so far.
    Credit(u32),
    /// Not enough credit for the selection: this much more is needed.
    Need(u32),
    /// The item was dispensed and `change` went to the tray.
    Vend { item: Item, change: u32 },
    /// The machine jammed; `refunded` went to the tray.
    Jammed { refunded: u32 },
}

/// Thrown in when the machine jams.
#[derive(Debug, PartialEq)]
struct Jam;

/// The coin tray: every amount paid back to the customer, in order.
type Tray = Rc<RefCell<Vec<u32>>>;

/// Pays `amount` into the tray; nothing is paid for zero.
fn pay_back(tray: &Tray, amount: u32) {
    if amount > 0 {
        tray.borrow_mut().push(amount);
    }
}

/// A vending machine. It shows `Credit(0)` first.
/// - A coin adds to the credit and shows it; a coin that would take the credit above
///   `MAX_CREDIT` is not taken: it goes straight to the tray, and the display shows the credit
///   as it was.
/// - A selection with enough credit vends the item, pays the change into the tray and sets the
///   credit back to 0; without enough, it shows how much more is needed.
/// - A `Jam` thrown in pays the whole credit back, shows it, and the machine carries on from a
///   credit of 0.
/// - Closing pays the credit back and returns the total of the sales.
fn vending_machine(tray: Tray) -> Coroutine<Display, Input, u32, Jam> {
    Coroutine::new(move |co| async move {
        let mut credit = 0;
        let mut sales = 0;
        let mut display = Display::Credit(0);
        loop {
            display = match co.yield_(display).await {
                Ok(Input::Coin(value)) => {
                    if value <= MAX_CREDIT - credit {
                        credit += value;
                    } else {
                        pay_back(&tray, value);
                    }
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
                    pay_back(&tray, credit);
                    return Ok(sales);
                }
            };
        }
    })
}

fn main() {}

#[cfg(test)]
mod tests {
    use super::*;
    use coro::{Error, State, Step};

    fn shows(d: Display) -> Result<Step<Display, u32>, Error<Input, Jam>> {
        Ok(Step::Yielded(d))
    }

    fn machine(tray: &Tray) -> Coroutine<Display, Input, u32, Jam> {
        let mut m = vending_machine(tray.clone());
        assert_eq!(
            m.prime(),
            shows(Display::Credit(0)),
            "the machine starts at Credit(0)"
        );
        m
    }

    #[test]
    fn pay_back_pays_nothing_for_zero() {
        let tray = Tray::default();
        pay_back(&tray, 0);
        pay_back(&tray, 5);
        assert_eq!(
            *tray.borrow(),
            [5],
            "the helper you can use: zero is never paid"
        );
    }

    #[test]
    fn a_purchase_with_change() {
        let tray = Tray::default();
        let mut m = machine(&tray);
        assert_eq!(m.send(Input::Coin(50)), shows(Display::Credit(50)));
        assert_eq!(
            m.send(Input::Select(Item::Water)),
            shows(Display::Need(50)),
            "water costs 100; with 50 inserted, 50 more are needed"
        );
        assert_eq!(
            m.send(Input::Coin(100)),
            shows(Display::Credit(150)),
            "credit adds up"
        );
        assert_eq!(
            m.send(Input::Select(Item::Water)),
            shows(Display::Vend {
                item: Item::Water,
                change: 50
            }),
            "150 for a 100 item: vend it, 50 change"
        );
        assert_eq!(*tray.borrow(), [50], "the change goes to the tray");
        assert_eq!(
            m.send(Input::Select(Item::Chips)),
            shows(Display::Need(150)),
            "after a vend the credit is back to 0"
        );
    }

    #[test]
    fn the_price_is_enough_one_less_is_not() {
        for item in [Item::Water, Item::Chips] {
            let p = item.price();
            for (credit, want) in [
                (p - 1, Display::Need(1)),
                (p, Display::Vend { item, change: 0 }),
                (p + 1, Display::Vend { item, change: 1 }),
            ] {
                let tray = Tray::default();
                let mut m = machine(&tray);
                m.send(Input::Coin(credit)).unwrap();
                assert_eq!(
                    m.send(Input::Select(item)),
                    shows(want),
                    "{credit} for {item:?}"
                );
                let paid: u32 = tray.borrow().iter().sum();
                assert_eq!(
                    paid,
                    credit.saturating_sub(p),
                    "the change for {credit}, and only it"
                );
            }
        }
    }

    #[test]
    fn the_credit_is_capped() {
        for coin in [MAX_CREDIT - 1, MAX_CREDIT, MAX_CREDIT + 1] {
            let tray = Tray::default();
            let mut m = machine(&tray);
            let taken = coin <= MAX_CREDIT;
            assert_eq!(
                m.send(Input::Coin(coin)),
                shows(Display::Credit(if taken { coin } else { 0 })),
                "a coin of {coin} on a credit of 0 (the cap is {MAX_CREDIT})"
            );
            let back: &[u32] = if taken { &[] } else { &[coin] };
            assert_eq!(
                *tray.borrow(),
                back,
                "a coin that is not taken goes to the tray"
            );
        }
        let tray = Tray::default();
        let mut m = machine(&tray);
        m.send(Input::Coin(300)).unwrap();
        assert_eq!(
            m.send(Input::Coin(201)),
            shows(Display::Credit(300)),
            "300 + 201 > 500"
        );
        assert_eq!(
            m.send(Input::Coin(200)),
            shows(Display::Credit(500)),
            "300 + 200 = 500"
        );
        assert_eq!(
            m.send(Input::Coin(u32::MAX)),
            shows(Display::Credit(500)),
            "no overflow"
        );
        assert_eq!(
            *tray.borrow(),
            [201, u32::MAX],
            "the refused coins, in order"
        );
    }

    #[test]
    fn a_jam_refunds_and_the_machine_carries_on() {
        let tray = Tray::default();
        let mut m = machine(&tray);
        m.send(Input::Coin(100)).unwrap();
        assert_eq!(
            m.throw(Jam),
            shows(Display::Jammed { refunded: 100 }),
            "a jam is handled inside the machine: it pays back the credit"
        );
        assert_eq!(*tray.borrow(), [100], "the credit goes to the tray");
        assert_eq!(
            m.state(),
            State::Suspended,
            "a jam does not end the machine"
        );
        assert_eq!(
            m.send(Input::Coin(200)),
            shows(Display::Credit(200)),
            "after a jam the credit starts from 0"
        );
        assert_eq!(
            m.send(Input::Select(Item::Chips)),
            shows(Display::Vend {
                item: Item::Chips,
                change: 50
            })
        );
        assert_eq!(
            m.throw(Jam),
            shows(Display::Jammed { refunded: 0 }),
            "nothing to refund"
        );
        assert_eq!(*tray.borrow(), [100, 50], "no zero amounts in the tray");
    }

    #[test]
    fn closing_refunds_the_credit_and_returns_the_sales() {
        let tray = Tray::default();
        let mut m = machine(&tray);
        for input in [
            Input::Coin(100),
            Input::Select(Item::Water),
            Input::Coin(200),
            Input::Select(Item::Chips),
            Input::Coin(20),
            Input::Coin(30),
        ] {
            m.send(input).unwrap();
        }
        assert_eq!(
            m.close(),
            Ok(Some(250)),
            "closing returns the total of the sales (100 + 150)"
        );
        assert_eq!(
            *tray.borrow(),
            [50, 50],
            "change 50, then the credit 50 on close"
        );
        assert_eq!(m.close(), Ok(None), "closing twice is a no-op");
        assert_eq!(
            m.send(Input::Coin(1)),
            Err(Error::Closed),
            "a closed machine takes nothing"
        );
        assert_eq!(*tray.borrow(), [50, 50], "nothing is paid back twice");
    }

    #[test]
    fn closing_with_no_credit_pays_nothing() {
        let tray = Tray::default();
        let mut m = machine(&tray);
        assert_eq!(m.close(), Ok(Some(0)), "no sales");
        assert!(tray.borrow().is_empty(), "no zero amounts in the tray");
    }

    #[test]
    fn generated_sessions() {
        // A small seeded generator (an LCG) plays each session; the test keeps its own books.
        for seed in 1..=8 {
            let mut state: u32 = seed;
            let tray = Tray::default();
            let mut m = machine(&tray);
            let (mut credit, mut sales, mut paid) = (0, 0, Vec::new());
            for step in 0..40 {
                state = state.wrapping_mul(1_103_515_245).wrapping_add(12_345);
                let r = (state >> 16) % 1000;
                let (got, want) = match r % 7 {
                    0..=3 => {
                        let coin = [10, 20, 50, 100, 200][(r / 7) as usize % 5];
                        if credit + coin <= MAX_CREDIT {
                            credit += coin;
                        } else {
                            paid.push(coin);
                        }
                        (m.send(Input::Coin(coin)), Display::Credit(credit))
                    }
                    4 | 5 => {
                        let item = if r % 2 == 0 { Item::Water } else { Item::Chips };
                        let want = if credit >= item.price() {
                            let change = credit - item.price();
                            sales += item.price();
                            credit = 0;
                            if change > 0 {
                                paid.push(change);
                            }
                            Display::Vend { item, change }
                        } else {
                            Display::Need(item.price() - credit)
                        };
                        (m.send(Input::Select(item)), want)
                    }
                    _ => {
                        let refunded = std::mem::take(&mut credit);
                        if refunded > 0 {
                            paid.push(refunded);
                        }
                        (m.throw(Jam), Display::Jammed { refunded })
                    }
                };
                assert_eq!(got, shows(want), "seed {seed}, step {step}");
                assert_eq!(*tray.borrow(), paid, "seed {seed}, step {step}: the tray");
            }
            assert_eq!(
                m.close(),
                Ok(Some(sales)),
                "seed {seed}: the sales, on close"
            );
            if credit > 0 {
                paid.push(credit);
            }
            assert_eq!(
                *tray.borrow(),
                paid,
                "seed {seed}: the credit is paid back on close"
            );
        }
    }
}
