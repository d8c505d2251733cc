// ask_and_answer: which guess is this hint about?
//
// In `guess = yield hint`, the hint goes out first; then the generator waits; then the guess
// arrives with the next `send`. A hint computed after that line can only be about a guess
// that has already arrived.
//
// In Python the same game is a loop around one `guess = yield hint`: the generator stops
// there with a hint out, and resumes with a guess in. Read a body like that as a timeline:
// which value does each name hold at the moment a hint is computed?
//
// What to do: the game below gives wrong hints: with the secret 42, after the guess
// 50 it says "higher", and it never notices a right guess on time. Find which guess each hint
// is really about, and fix the body so that every hint is about the guess just sent.

use coro::Coroutine;
use std::cmp::Ordering;

/// A guessing game: yields "guess" first, then "lower" or "higher" after each wrong guess,
/// and returns how many guesses it took when one is right.
fn guessing_game(secret: u32) -> Coroutine<&'static str, u32, u32> {
    Coroutine::new(move |co| async move {
        let mut hint = "guess";
        let mut guesses = 0;
        let mut guess = 0;
        loop {
            let sent: u32 = co.yield_(hint).await?;
            guesses += 1;
            hint = match guess.cmp(&secret) {
                Ordering::Greater => "lower",
                Ordering::Less => "higher",
                Ordering::Equal => return Ok(guesses),
            };
            guess = sent;
        }
    })
}

fn main() {}

#[cfg(test)]
mod tests {
    use super::*;
    use coro::{Error, State, Step};

    #[test]
    fn each_hint_is_about_the_guess_just_sent() {
        let mut game = guessing_game(42);
        assert_eq!(
            game.prime(),
            Ok(Step::Yielded("guess")),
            "the game opens with \"guess\""
        );
        assert_eq!(
            game.send(50),
            Ok(Step::Yielded("lower")),
            "50 is above 42: the hint must be about the guess that was just sent"
        );
        assert_eq!(game.send(25), Ok(Step::Yielded("higher")), "25 is below 42");
        assert_eq!(
            game.send(42),
            Ok(Step::Complete(3)),
            "a right guess ends the game at once and returns the number of guesses, \
             this one included"
        );
    }

    #[test]
    fn a_right_first_guess_ends_at_once() {
        for secret in [0, 7] {
            let mut game = guessing_game(secret);
            game.prime().unwrap();
            assert_eq!(
                game.send(secret),
                Ok(Step::Complete(1)),
                "guessing {secret} right away: one guess"
            );
        }
    }

    #[test]
    fn a_bisecting_player_is_guided_to_every_secret() {
        // Secrets from a small seeded generator (an LCG), so that no fixed script can pass.
        let mut state: u32 = 2024;
        for _ in 0..40 {
            state = state.wrapping_mul(1_103_515_245).wrapping_add(12_345);
            let secret = (state >> 16) % 1000;
            let mut game = guessing_game(secret);
            game.prime().unwrap();
            let (mut low, mut high, mut guesses) = (0, 999, 0);
            loop {
                let guess = (low + high) / 2;
                guesses += 1;
                match game.send(guess) {
                    Ok(Step::Yielded("lower")) if guess > secret => high = guess - 1,
                    Ok(Step::Yielded("higher")) if guess < secret => low = guess + 1,
                    Ok(Step::Complete(n)) if guess == secret => {
                        assert_eq!(n, guesses, "secret {secret}: the count of guesses");
                        break;
                    }
                    other => panic!(
                        "secret {secret}, guess {guess}: got {other:?}; each hint must be \
                         about the guess just sent, and a right guess ends the game"
                    ),
                }
            }
        }
    }

    #[test]
    fn closing_ends_the_game() {
        let mut game = guessing_game(5);
        game.prime().unwrap();
        game.send(9).unwrap();
        assert_eq!(game.close(), Ok(None), "closing a game in progress ends it");
        assert_eq!(game.state(), State::Closed);
        assert_eq!(
            game.send(5),
            Err(Error::Closed),
            "a closed game takes no guesses"
        );
    }
}
