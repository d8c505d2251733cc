// quiz4_chat_hub: the rank 4 quiz
//
// Put the rank together: several coroutines, one driver that gives them turns, and messages
// passed between them through the driver, never from one coroutine into another.
//
// Each user is a coroutine (given below). Sent `Input::Turn`, it yields what it says next:
// `Some(text)`, or `None` once it has nothing more to say. Sent `Input::Heard { from, text }`, it
// records the line and yields `None`. Closed, it returns everything it heard.
//
// What to do: write `run_chat`. Prime every user. Then, round after round, give each user a
// turn in order; whatever a user says is delivered at once (as `Heard`) to every other user,
// in order. Stop after the first round in which nobody said anything. Finally close every user
// and return their transcripts, in the order of `users`.

use coro::{Coroutine, Interrupt, Step};

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Input {
    Turn,
    Heard { from: String, text: String },
}

pub type User = Coroutine<Option<String>, Input, Vec<String>>;

/// A user who says the lines of `script`, one per turn, and keeps a transcript of what it hears.
fn user(name: &'static str, script: &'static [&'static str]) -> User {
    Coroutine::new(move |co| async move {
        let mut heard = Vec::new();
        let mut said = script.iter();
        let mut out = None;
        loop {
            match co.yield_(out).await {
                Ok(Input::Turn) => out = said.next().map(|s| format!("{name}: {s}")),
                Ok(Input::Heard { from, text }) => {
                    heard.push(format!("[{from}] {text}"));
                    out = None;
                }
                Err(Interrupt::Close) => return Ok(heard),
                Err(other) => return Err(other),
            }
        }
    })
}

/// Runs the chat until a round passes in silence; returns each user's transcript.
fn run_chat(mut users: Vec<(String, User)>) -> Vec<Vec<String>> {
    for (_, u) in &mut users {
        u.prime().expect("a fresh user primes");
    }
    loop {
        let mut anyone_spoke = false;
        for speaker in 0..users.len() {
            let Ok(Step::Yielded(Some(text))) = users[speaker].1.send(Input::Turn) else {
                continue;
            };
            anyone_spoke = true;
            let from = users[speaker].0.clone();
            for (listener, (_, u)) in users.iter_mut().enumerate() {
                if listener != speaker {
                    let _ = u.send(Input::Heard {
                        from: from.clone(),
                        text: text.clone(),
                    });
                }
            }
        }
        if !anyone_spoke {
            break;
        }
    }
    users
        .iter_mut()
        .map(|(_, u)| u.close().ok().flatten().unwrap_or_default())
        .collect()
}

fn main() {}

#[cfg(test)]
mod tests {
    use super::*;

    fn chat() -> Vec<(String, User)> {
        vec![
            ("ada".to_string(), user("ada", &["hi", "how are you?"])),
            ("bob".to_string(), user("bob", &["hello"])),
            ("cy".to_string(), user("cy", &[])),
        ]
    }

    #[test]
    fn everyone_hears_everyone_else_in_turn_order() {
        let transcripts = run_chat(chat());
        assert_eq!(
            transcripts,
            [
                vec!["[bob] bob: hello".to_string()],
                vec![
                    "[ada] ada: hi".to_string(),
                    "[ada] ada: how are you?".to_string()
                ],
                vec![
                    "[ada] ada: hi".to_string(),
                    "[bob] bob: hello".to_string(),
                    "[ada] ada: how are you?".to_string()
                ],
            ],
            "round 1: ada, bob (cy is silent); round 2: ada; nobody hears their own lines"
        );
    }

    #[test]
    fn a_silent_chat_ends_after_one_round() {
        let transcripts = run_chat(vec![
            ("x".to_string(), user("x", &[])),
            ("y".to_string(), user("y", &[])),
        ]);
        assert_eq!(transcripts, [Vec::<String>::new(), Vec::new()]);
    }

    #[test]
    fn no_users_no_transcripts() {
        assert!(run_chat(vec![]).is_empty());
    }
}
