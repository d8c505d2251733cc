// quiz2_vending_machine: rank 2 quiz
//
// Everything from rank 2 at once: a coroutine that is sent typed inputs and yields what its
// display shows, handles an error thrown into it and carries on, and cleans up when closed.
//
// Python:                                  coro:
//   display = yield display                  match co.yield_(display).await {
//   except Jam: refund(credit)                   Err(Interrupt::Throw(Jam)) => ...,
//   except GeneratorExit: refund(credit)         Err(Interrupt::Close) => ...,
//
// What to do: write the body of `vending_machine` as its doc comment describes. The tests
// are the full specification.

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

/// A vending machine. It shows `Credit(0)` first. A coin adds to the credit. A selection with
/// enough credit vends the item, pays the change into the tray and resets the credit; without
/// enough it shows what is missing. A `Jam` thrown in pays the credit back and carries on.
/// Closing pays the credit back and returns the total of the sales.
fn vending_machine(tray: Tray) -> Coroutine<Display, Input, u32, Jam> {
    // TODO: write the body. Keep the credit and the sales between yields, and match on what
    // each yield_ brings: Ok(Input::Coin(..)), Ok(Input::Select(..)), Err(Interrupt::Throw(Jam))
    // and Err(Interrupt::Close). `pay_back` pays into the tray.
    todo!("a vending machine paying back into {tray:?}")
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
    fn exact_money_pays_nothing_back() {
        let tray = Tray::default();
        let mut m = machine(&tray);
        m.send(Input::Coin(150)).unwrap();
        assert_eq!(
            m.send(Input::Select(Item::Chips)),
            shows(Display::Vend {
                item: Item::Chips,
                change: 0
            })
        );
        assert!(tray.borrow().is_empty(), "no zero amounts in the tray");
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
        assert_eq!(*tray.borrow(), [100, 50]);
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
}
