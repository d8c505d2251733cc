// ask_and_answer: the value leaves before the reply arrives
//
// In `let g = co.yield_(x).await?`, `x` goes out first; then the body waits; then `g` arrives
// with the next `send`. So whatever the body yields next must be worked out from `g`, the
// value that just arrived, and not from something it held before.
//
// Python:                                  coro:
//   guess = yield hint                       let guess: u32 = co.yield_(hint).await?;
//   hint = "lower" if guess > secret ...     hint = match guess.cmp(&secret) { ... };
//
// Why it works: the hint is computed from the guess that was just sent, and the game returns
// the number of guesses as soon as one is right.

use coro::Coroutine;
use std::cmp::Ordering;

/// A guessing game: yields "guess" first, then "lower" or "higher" after each wrong guess,
/// and returns how many guesses it took when one is right.
fn guessing_game(secret: u32) -> Coroutine<&'static str, u32, u32> {
    Coroutine::new(move |co| async move {
        let mut hint = "guess";
        let mut guesses = 0;
        loop {
            let guess: u32 = co.yield_(hint).await?;
            guesses += 1;
            hint = match guess.cmp(&secret) {
                Ordering::Greater => "lower",
                Ordering::Less => "higher",
                Ordering::Equal => return Ok(guesses),
            };
        }
    })
}

fn main() {}

#[cfg(test)]
mod tests {
    use super::*;
    use coro::Step;

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
            "a right guess ends the game and returns the number of guesses, this one included"
        );
    }

    #[test]
    fn a_right_first_guess_ends_at_once() {
        let mut game = guessing_game(7);
        game.prime().unwrap();
        assert_eq!(game.send(7), Ok(Step::Complete(1)), "one guess, right away");
    }

    #[test]
    fn the_secret_can_be_zero() {
        let mut game = guessing_game(0);
        game.prime().unwrap();
        assert_eq!(game.send(3), Ok(Step::Yielded("lower")), "3 is above 0");
        assert_eq!(game.send(0), Ok(Step::Complete(2)), "then 0 is right");
    }
}
