// coroutine_vs_struct: the same machine, written twice (solution)
//
// Why this works: the struct stores its state in a field and every call to `on` starts by
// asking "where am I?". The coroutine stores it in where the body is suspended: while it waits
// in the first inner loop the arm is locked, in the second it is unlocked, so the `match` on
// the state disappears. Each `while co.yield_(out).await? == ...` hands out the answer to the
// previous input and waits for the next; an input that does not match leaves that loop, which
// is the transition. The alarm rule is one more local, `blocked_pushes`: counted up in the
// locked loop, reset when a coin unlocks the arm, and compared with 3 so that the third push
// in a row is the first alarm. The struct would need a new field, and every arm of its match
// re-read to see which ones must reset it. A close leaves through `?` at whichever `yield_`
// the body is waiting in.

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
        let mut out = Output::Locked;
        let mut blocked_pushes = 0;
        loop {
            // Locked: wait for a coin, counting the pushes against the arm.
            while co.yield_(out).await? == Input::Push {
                blocked_pushes += 1;
                out = if blocked_pushes >= 3 {
                    Output::Alarm
                } else {
                    Output::Blocked
                };
            }
            blocked_pushes = 0;
            out = Output::Unlocked;
            // Unlocked: refund coins until someone pushes through.
            while co.yield_(out).await? == Input::Coin {
                out = Output::Refund;
            }
            out = Output::Locked;
        }
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
