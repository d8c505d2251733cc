// quiz4_chat_hub: the rank 4 quiz
//
// Why this works: the hub is the only driver. It gives turns round-robin, skipping users whose
// coroutine has finished (`state()` is no longer Suspended), and a user's line is delivered
// to each listener by a send of its own, made after the speaker's send has returned: no user is
// ever resumed from inside another user's step. A user who leaves completes, and `Complete`
// carries its transcript out, once. The round loop stops after a silent round or when its
// budget of rounds is spent, whichever comes first. Finally `close()` resumes each user still in
// the chat with `Interrupt::Close`, and its Close arm returns its transcript: dropping the users
// instead would lose what they heard.

use std::cell::RefCell;
use std::rc::Rc;

use coro::{Coroutine, Interrupt, State, Step};

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

/// Runs the chat (see the rules in the exercise's header); returns each user's transcript, in the order
/// of `users`.
fn run_chat(mut users: Vec<(String, User)>, max_rounds: usize) -> Vec<Vec<String>> {
    let mut transcripts = vec![Vec::new(); users.len()];
    for (_, u) in &mut users {
        u.prime().expect("a fresh user starts");
    }
    for _ in 0..max_rounds {
        let mut anyone_spoke = false;
        for speaker in 0..users.len() {
            if users[speaker].1.state() != State::Suspended {
                continue;
            }
            match users[speaker].1.send(Input::Turn) {
                Ok(Step::Yielded(Some(text))) => {
                    anyone_spoke = true;
                    let from = users[speaker].0.clone();
                    for (listener, (_, u)) in users.iter_mut().enumerate() {
                        if listener != speaker && u.state() == State::Suspended {
                            let heard = Input::Heard {
                                from: from.clone(),
                                text: text.clone(),
                            };
                            u.send(heard).expect("a user in the chat listens");
                        }
                    }
                }
                Ok(Step::Yielded(None)) => {}
                Ok(Step::Complete(transcript)) => transcripts[speaker] = transcript,
                Err(e) => panic!("a user failed on its turn: {e}"),
            }
        }
        if !anyone_spoke {
            break;
        }
    }
    for (transcript, (_, u)) in transcripts.iter_mut().zip(&mut users) {
        if u.state() == State::Suspended {
            *transcript = u.close().ok().flatten().expect("a closed user hands back its transcript");
        }
    }
    transcripts
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
