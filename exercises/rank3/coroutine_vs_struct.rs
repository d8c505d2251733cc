// coroutine_vs_struct: the same machine, written twice
//
// Every coroutine is a state machine, and every state machine can be a coroutine. Below is a
// turnstile written as a struct with an explicit state: each call to `on` first asks "am I
// locked?". Written as a coroutine, that question disappears: the state is *where the body is
// waiting*. A body waiting in one loop is locked; waiting in another, it is unlocked; leaving
// one loop for the other is the transition. The same idea in Python:
//
//     def door():                        # a door that a key opens and a push closes
//         out = "closed"
//         while True:
//             while (yield out) != "key":      # closed: wait for the key
//                 out = "still closed"
//             out = "open"
//             while (yield out) != "push":     # open: wait for a push
//                 out = "still open"
//             out = "closed"
//
// Then add a rule the struct does not have: the third push in a row against the locked arm
// sounds the alarm. In a coroutine that is one more local; the struct would need a new field
// and every arm of its match rechecked. (The struct still has its uses: its state can be
// inspected, cloned and saved; a suspended coroutine's cannot.)
//
// What to do: write `turnstile`.
// - Priming yields `Output::Locked`.
// - Each input is answered as `Turnstile::on` answers it, except that the third `Push` in a
//   row against the locked arm answers `Alarm`, and so does every further one until a coin
//   unlocks the arm.
// - Closing ends it; it has nothing to return.

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
    Coroutine::new(|_co| async move {
        // TODO: one place to wait while locked, one while unlocked, and a count of the
        // pushes against the locked arm.
        todo!("answer every input as the turnstile does, with the alarm rule")
    })
}

fn main() {}

#[cfg(test)]
mod tests {
    use super::*;
    use Input::{Coin, Push};
    use coro::{Error, State, Step};

    fn run_coroutine(script: &[Input]) -> Vec<Output> {
        let mut t = turnstile();
        assert!(
            t.prime() == Ok(Step::Yielded(Output::Locked)),
            "priming yields Output::Locked: the turnstile starts locked"
        );
        script
            .iter()
            .map(|i| match t.send(*i) {
                Ok(Step::Yielded(o)) => o,
                _ => panic!("the turnstile never ends: every input is answered with a yield"),
            })
            .collect()
    }

    /// The struct plus the alarm rule: what the coroutine must answer.
    fn reference(script: &[Input]) -> Vec<Output> {
        let mut t = Turnstile::default();
        let mut blocked = 0;
        script
            .iter()
            .map(|i| match t.on(*i) {
                Output::Blocked => {
                    blocked += 1;
                    if blocked >= 3 {
                        Output::Alarm
                    } else {
                        Output::Blocked
                    }
                }
                Output::Unlocked => {
                    blocked = 0;
                    Output::Unlocked
                }
                other => other,
            })
            .collect()
    }

    #[test]
    fn without_three_blocked_pushes_it_answers_as_the_struct_does() {
        let scripts: [&[Input]; 4] = [
            &[Coin, Push, Coin, Push],
            &[Push, Coin, Coin, Push, Push],
            &[Coin, Coin, Coin, Push, Push, Coin],
            &[Push, Push, Coin, Push, Push, Push],
        ];
        for script in scripts {
            let mut t = Turnstile::default();
            let from_struct: Vec<Output> = script.iter().map(|i| t.on(*i)).collect();
            assert_eq!(
                run_coroutine(script),
                from_struct,
                "the coroutine answers {script:?} as Turnstile::on does"
            );
        }
    }

    #[test]
    fn the_alarm_sounds_from_the_third_push_in_a_row() {
        for pushes in 1..=5 {
            let got = run_coroutine(&vec![Push; pushes]);
            let alarms = got.iter().filter(|o| **o == Output::Alarm).count();
            assert_eq!(
                alarms,
                pushes.saturating_sub(2),
                "{pushes} pushes against the locked arm: the first two are Blocked, the third \
                 and every later one sound the Alarm"
            );
            assert!(
                got.iter().take(2).all(|o| *o == Output::Blocked),
                "{pushes} pushes: the first two are Blocked"
            );
        }
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
        assert_eq!(
            run_coroutine(&[Push, Push, Push, Coin, Coin, Push, Push]),
            [
                Output::Blocked,
                Output::Blocked,
                Output::Alarm,
                Output::Unlocked,
                Output::Refund,
                Output::Locked,
                Output::Blocked
            ],
            "a coin stops the alarm; a push goes through, and counting starts again"
        );
    }

    #[test]
    fn generated_scripts_follow_the_struct_and_the_alarm_rule() {
        let mut state = 3u64;
        for len in 0..60 {
            let script: Vec<Input> = (0..len)
                .map(|_| {
                    state = state
                        .wrapping_mul(6364136223846793005)
                        .wrapping_add(1442695040888963407);
                    // Pushes twice as often as coins, so that alarms happen.
                    if (state >> 33) % 3 == 0 { Coin } else { Push }
                })
                .collect();
            assert_eq!(
                run_coroutine(&script),
                reference(&script),
                "script {script:?}"
            );
        }
    }

    #[test]
    fn close_ends_the_turnstile_in_either_state() {
        for script in [&[][..], &[Coin][..], &[Push, Push, Push][..]] {
            let mut t = turnstile();
            t.prime().unwrap();
            for i in script {
                t.send(*i).unwrap();
            }
            assert!(
                t.close() == Ok(None),
                "after {script:?}, close must unwind the body: it must not yield again"
            );
            assert_eq!(t.state(), State::Closed);
            assert!(
                t.send(Coin) == Err(Error::Closed),
                "a closed turnstile takes no input"
            );
        }
    }
}
