// quiz4_chat_hub: the rank 4 quiz
//
// A chat room run by a hub. Each user is a coroutine (given below): sent `Input::Turn`, it
// yields `Some(line)` to say something or `None` to stay silent, or it leaves by returning its
// transcript; sent `Input::Heard { from, text }`, it records the line and yields `None`; closed,
// it returns its transcript.
//
// The rules of the room:
// - Every user is in the room from the start: the hub starts (primes) each one before the first
//   round, even when `max_rounds` is 0, so that each can be closed and hand back a transcript.
// - Users take turns in the order of `users`, round after round. A user who has left gets no
//   more turns.
// - A line is heard by every other user still in the room, in the order of `users`, before
//   anyone else takes a turn. Nobody hears their own lines.
// - The chat ends after a round in which nobody said anything (leaving is not saying), or after
//   `max_rounds` rounds, whichever comes first.
// - When it ends, every user still in the room is closed, so that it hands back its transcript.
// - `run_chat` returns every user's transcript, in the order of `users`.

use std::cell::RefCell;
use std::rc::Rc;

use coro::{Coroutine, Interrupt};

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Input {
    Turn,
    Heard { from: String, text: String },
}

pub type User = Coroutine<Option<String>, Input, Vec<String>>;

/// What the users did, in the order they did it (shared with the tests).
pub type Trace = Rc<RefCell<Vec<String>>>;

/// A user who follows `script`, one entry per turn: a line to say, "" to stay silent, or
/// "/quit" to leave (then it returns its transcript). Once the script is over it stays silent.
/// It keeps a transcript of what it hears; closed, it returns that transcript.
fn user(name: &'static str, script: &'static [&'static str], trace: Trace) -> User {
    Coroutine::new(move |co| async move {
        let mut heard = Vec::new();
        let mut lines = script.iter();
        let mut out = None;
        loop {
            match co.yield_(out).await {
                Ok(Input::Turn) => {
                    trace.borrow_mut().push(format!("{name}: turn"));
                    out = match lines.next() {
                        Some(&"/quit") => {
                            trace.borrow_mut().push(format!("{name}: leaves"));
                            return Ok(heard);
                        }
                        Some(&"") | None => None,
                        Some(line) => Some(line.to_string()),
                    };
                }
                Ok(Input::Heard { from, text }) => {
                    trace.borrow_mut().push(format!("{name}: hears {from}"));
                    heard.push(format!("[{from}] {text}"));
                    out = None;
                }
                Err(Interrupt::Close) => {
                    trace.borrow_mut().push(format!("{name}: closed"));
                    return Ok(heard);
                }
                Err(other) => return Err(other),
            }
        }
    })
}

/// Runs the chat (see the rules above); returns each user's transcript, in the order of `users`.
fn run_chat(_users: Vec<(String, User)>, _max_rounds: usize) -> Vec<Vec<String>> {
    todo!("the hub")
}

fn main() {}

#[cfg(test)]
mod tests {
    use super::*;

    const NAMES: [&str; 5] = ["ada", "bob", "cy", "dee", "eve"];

    fn chat(scripts: &[&'static [&'static str]], max_rounds: usize) -> (Vec<Vec<String>>, Vec<String>) {
        let trace = Trace::default();
        let users = scripts
            .iter()
            .zip(NAMES)
            .map(|(&s, name)| (name.to_string(), user(name, s, trace.clone())))
            .collect();
        let transcripts = run_chat(users, max_rounds);
        let trace = trace.borrow().clone();
        (transcripts, trace)
    }

    fn strings(v: &[&str]) -> Vec<String> {
        v.iter().map(|s| s.to_string()).collect()
    }

    #[test]
    fn everyone_hears_everyone_else_in_turn_order() {
        let (transcripts, trace) = chat(&[&["hi", "how are you?"], &["hello"], &[]], 10);
        assert_eq!(
            transcripts,
            [
                strings(&["[bob] hello"]),
                strings(&["[ada] hi", "[ada] how are you?"]),
                strings(&["[ada] hi", "[bob] hello", "[ada] how are you?"]),
            ],
            "round 1: ada, bob (cy is silent); round 2: ada; nobody hears their own lines"
        );
        assert_eq!(
            trace,
            [
                "ada: turn", "bob: hears ada", "cy: hears ada",
                "bob: turn", "ada: hears bob", "cy: hears bob",
                "cy: turn",
                "ada: turn", "bob: hears ada", "cy: hears ada",
                "bob: turn", "cy: turn",
                "ada: turn", "bob: turn", "cy: turn",
                "ada: closed", "bob: closed", "cy: closed",
            ],
            "a line is delivered to the others before the next user's turn; the chat ends \
             after a silent round, and then every user is closed (not dropped)"
        );
    }

    #[test]
    fn a_silent_chat_ends_after_one_round() {
        let (transcripts, trace) = chat(&[&[], &[""]], 10);
        assert_eq!(transcripts, [Vec::<String>::new(), Vec::new()]);
        assert_eq!(trace, ["ada: turn", "bob: turn", "ada: closed", "bob: closed"]);
    }

    #[test]
    fn no_users_no_transcripts() {
        assert!(chat(&[], 10).0.is_empty());
    }

    #[test]
    fn a_user_who_leaves_gets_no_more_turns_and_hears_nothing_more() {
        let (transcripts, trace) = chat(&[&["a1", "a2", "a3"], &["b1", "/quit"], &["", "c2"]], 10);
        assert_eq!(
            transcripts,
            [
                strings(&["[bob] b1", "[cy] c2"]),
                strings(&["[ada] a1", "[ada] a2"]),
                strings(&["[ada] a1", "[bob] b1", "[ada] a2", "[ada] a3"]),
            ],
            "bob's transcript is what bob returned when it left"
        );
        assert_eq!(
            trace.iter().filter(|t| t.starts_with("bob")).count(),
            5,
            "bob: two turns, two lines heard, and it leaves; never closed: it had finished"
        );
    }

    #[test]
    fn the_round_budget_is_exact() {
        // Three lines each: three talking rounds, then a silent fourth one ends the chat.
        let scripts: [&'static [&'static str]; 2] = [&["a", "b", "c"], &["x", "y", "z"]];
        for (max_rounds, turns_each, heard_each) in [(5, 4, 3), (4, 4, 3), (3, 3, 3), (2, 2, 2), (0, 0, 0)] {
            let (transcripts, trace) = chat(&scripts, max_rounds);
            assert_eq!(
                trace.iter().filter(|t| t.ends_with("turn")).count(),
                2 * turns_each,
                "with at most {max_rounds} rounds, each user gets {turns_each} turns"
            );
            assert!(
                transcripts.iter().all(|t| t.len() == heard_each),
                "with at most {max_rounds} rounds, each user hears {heard_each} lines"
            );
            assert_eq!(
                trace.iter().filter(|t| t.ends_with("closed")).count(),
                2,
                "whatever ended the chat, every user still in it is closed"
            );
        }
    }

    /// A small seeded generator (an LCG), so the generated cases are the same every run.
    fn lcg(seed: &mut u64) -> u64 {
        *seed = seed
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        *seed >> 33
    }

    #[test]
    fn generated_chats_keep_every_rule() {
        const ENTRIES: [&str; 6] = ["one", "two", "", "three", "", "/quit"];
        let mut seed = 41;
        for case in 0..60 {
            let n = lcg(&mut seed) as usize % 5 + 1;
            let scripts: Vec<&'static [&'static str]> = (0..n)
                .map(|_| {
                    let len = lcg(&mut seed) as usize % 5;
                    let script: Vec<&'static str> =
                        (0..len).map(|_| ENTRIES[lcg(&mut seed) as usize % ENTRIES.len()]).collect();
                    &*Box::leak(script.into_boxed_slice())
                })
                .collect();
            let max_rounds = lcg(&mut seed) as usize % 6;
            let (transcripts, trace) = chat(&scripts, max_rounds);

            // The rules, replayed on the scripts alone.
            let mut want_trace = Vec::new();
            let mut want = vec![Vec::new(); n];
            let mut present = vec![true; n];
            for round in 0..max_rounds {
                let mut spoke = false;
                for s in 0..n {
                    if !present[s] {
                        continue;
                    }
                    want_trace.push(format!("{}: turn", NAMES[s]));
                    match scripts[s].get(round).copied().unwrap_or("") {
                        "" => {}
                        "/quit" => {
                            want_trace.push(format!("{}: leaves", NAMES[s]));
                            present[s] = false;
                        }
                        line => {
                            spoke = true;
                            for l in (0..n).filter(|&l| l != s && present[l]) {
                                want_trace.push(format!("{}: hears {}", NAMES[l], NAMES[s]));
                                want[l].push(format!("[{}] {line}", NAMES[s]));
                            }
                        }
                    }
                }
                if !spoke {
                    break;
                }
            }
            for s in (0..n).filter(|&s| present[s]) {
                want_trace.push(format!("{}: closed", NAMES[s]));
            }
            assert_eq!(trace, want_trace, "case {case}: turns, deliveries and closes in order");
            assert_eq!(transcripts, want, "case {case}: each user's transcript");
        }
    }
}
