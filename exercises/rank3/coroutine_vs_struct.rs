// coroutine_vs_struct: the same machine, written twice
//
// Every coroutine is a state machine, and every state machine can be a coroutine. Below is a
// turnstile written as a struct with an explicit state. Write the same turnstile as a
// coroutine: its state is where the body is suspended plus its locals, so no enum is needed.
// Then add a rule the struct does not have: three pushes in a row against the locked arm sound
// the alarm. Adding a counter to a coroutine is one local; the struct would need a new field
// and every transition rechecked. (The struct still has uses: its state can be inspected,
// cloned and saved; a suspended coroutine's cannot.)
//
// Python:                                  coro:
//   def turnstile():                         Coroutine::new(|co| async move {
//       out = LOCKED                             let mut out = Output::Locked;
//       while True:                              loop {
//           event = yield out                        let event = co.yield_(out).await?;
//           ...                                      ...
//
// What to do: write `turnstile`. Priming yields `Output::Locked`; each send yields what the
// struct's `on` answers, except that the third `Push` in a row while locked yields `Alarm`
// (and so does every further one until a coin comes).

use coro::Coroutine;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Input {
    Coin,
    Push,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Output {
    /// The arm is locked (after a push through, or at the start).
    Locked,
    /// A coin unlocked the arm.
    Unlocked,
    /// A coin while already unlocked: given back.
    Refund,
    /// A push against the locked arm.
    Blocked,
    /// The third push in a row against the locked arm.
    Alarm,
}

/// The turnstile as a plain state machine, without the alarm rule.
#[derive(Debug, Clone, Default)]
pub struct Turnstile {
    unlocked: bool,
}

impl Turnstile {
    pub fn on(&mut self, input: Input) -> Output {
        match (self.unlocked, input) {
            (false, Input::Coin) => {
                self.unlocked = true;
                Output::Unlocked
            }
            (true, Input::Coin) => Output::Refund,
            (true, Input::Push) => {
                self.unlocked = false;
                Output::Locked
            }
            (false, Input::Push) => Output::Blocked,
        }
    }
}

/// The turnstile as a coroutine, with the alarm rule.
fn turnstile() -> Coroutine<Output, Input> {
    Coroutine::new(|co| async move {
        // TODO: yield Output::Locked first, then answer each input as Turnstile::on does,
        // with the alarm on the third push in a row against the locked arm.
        todo!("a loop that waits for inputs")
    })
}

fn main() {}

#[cfg(test)]
mod tests {
    use super::*;
    use Input::{Coin, Push};

    fn run_coroutine(script: &[Input]) -> Vec<Output> {
        let mut t = turnstile();
        assert_eq!(
            t.prime(),
            Ok(coro::Step::Yielded(Output::Locked)),
            "the turnstile starts locked"
        );
        script
            .iter()
            .map(|i| match t.send(*i) {
                Ok(coro::Step::Yielded(o)) => o,
                other => panic!("the turnstile never ends; sending {i:?} gave {other:?}"),
            })
            .collect()
    }

    fn run_struct(script: &[Input]) -> Vec<Output> {
        let mut t = Turnstile::default();
        script.iter().map(|i| t.on(*i)).collect()
    }

    #[test]
    fn without_three_blocked_pushes_both_versions_agree() {
        let scripts: [&[Input]; 4] = [
            &[Coin, Push, Coin, Push],
            &[Push, Coin, Coin, Push, Push],
            &[Coin, Coin, Coin, Push, Push, Coin],
            &[Push, Push, Coin, Push, Push, Push],
        ];
        for script in scripts {
            assert_eq!(
                run_coroutine(script),
                run_struct(script),
                "script {script:?}"
            );
        }
    }

    #[test]
    fn the_third_push_in_a_row_against_the_locked_arm_sounds_the_alarm() {
        assert_eq!(
            run_coroutine(&[Push, Push, Push, Push]),
            [
                Output::Blocked,
                Output::Blocked,
                Output::Alarm,
                Output::Alarm
            ]
        );
    }

    #[test]
    fn a_coin_resets_the_count_of_blocked_pushes() {
        assert_eq!(
            run_coroutine(&[Push, Push, Coin, Push, Push, Push]),
            [
                Output::Blocked,
                Output::Blocked,
                Output::Unlocked,
                Output::Locked,
                Output::Blocked,
                Output::Blocked
            ],
            "after a coin, the pushes against the arm are counted from zero"
        );
    }
}
