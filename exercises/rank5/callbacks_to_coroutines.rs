// callbacks_to_coroutines: linear code on a callback API, and when each line runs (predict)
//
// Event loops offer I/O through callbacks: "read a line, and when it is there, call this". Code
// written that way is turned inside out: every step is a closure that registers the next one.
// A coroutine turns it right side out again. The conversation is written as a plain sequence
// ("write the question, read the answer, write the greeting"); each `yield_` hands an I/O request
// to a small driver, `step`, which registers a callback that resumes the coroutine with the
// result. The callback owns the coroutine (it is moved in), so nothing is shared.
// (Programming in Lua, 24.5: running asynchronous code as if it were synchronous.)
//
// Python (the same driver over a callback loop):
//   def step(loop, conn, conv, result=None):
//       try:
//           op = conv.send(result)            # the first send(None) primes it
//       except StopIteration:
//           return
//       if isinstance(op, Read):
//           loop.read_line(conn, lambda line: step(loop, conn, conv, line))
//       else:
//           loop.write_line(conn, op.text, lambda: step(loop, conn, conv))
//
// Everything below is given and correct. Predict what it does by filling in the three constants
// under "Your predictions"; the tests say which one is wrong, never what is right. Work them out
// from the code: what does `start` do at once, and what only when the loop turns?

use std::collections::{HashMap, VecDeque};

use coro::{Coroutine, Step};

pub type Conn = u32;

pub enum Op {
    Read,
    Write(String),
}

pub type Conversation = Coroutine<Op, Option<String>>;

type Callback = Box<dyn FnOnce(&mut EventLoop)>;

/// A fake event loop: I/O requests complete in the order they were made, one per turn.
#[derive(Default)]
pub struct EventLoop {
    queue: VecDeque<Callback>,
    inputs: HashMap<Conn, VecDeque<String>>,
    /// Everything written, as `conn: line`, and everything read, as `conn> line`.
    pub transcript: Vec<String>,
    /// How many callbacks `run` has called.
    pub turns: usize,
}

impl EventLoop {
    pub fn with_input(&mut self, conn: Conn, lines: &[&str]) {
        self.inputs
            .insert(conn, lines.iter().map(|l| l.to_string()).collect());
    }

    /// Reads the next line of `conn` and calls `done` with it (`None` at the end of input).
    pub fn read_line(
        &mut self,
        conn: Conn,
        done: impl FnOnce(&mut EventLoop, Option<String>) + 'static,
    ) {
        self.queue.push_back(Box::new(move |ev| {
            let line = ev.inputs.get_mut(&conn).and_then(VecDeque::pop_front);
            if let Some(l) = &line {
                ev.transcript.push(format!("{conn}> {l}"));
            }
            done(ev, line)
        }));
    }

    /// Writes `line` to `conn` and calls `done`.
    pub fn write_line(
        &mut self,
        conn: Conn,
        line: String,
        done: impl FnOnce(&mut EventLoop) + 'static,
    ) {
        self.queue.push_back(Box::new(move |ev| {
            ev.transcript.push(format!("{conn}: {line}"));
            done(ev)
        }));
    }

    /// Runs callbacks until none is left.
    pub fn run(&mut self) {
        while let Some(callback) = self.queue.pop_front() {
            self.turns += 1;
            callback(self);
        }
    }
}

/// Resumes `conversation` with `result` (or primes it, for `None`) and registers the callback
/// for the request it makes next.
fn step(
    ev: &mut EventLoop,
    conn: Conn,
    mut conversation: Conversation,
    result: Option<Option<String>>,
) {
    let next = match result {
        None => conversation.prime(),
        Some(value) => conversation.send(value),
    };
    match next {
        Ok(Step::Yielded(Op::Read)) => {
            ev.read_line(conn, move |ev, line| {
                step(ev, conn, conversation, Some(line))
            });
        }
        Ok(Step::Yielded(Op::Write(line))) => {
            ev.write_line(conn, line, move |ev| {
                step(ev, conn, conversation, Some(None))
            });
        }
        Ok(Step::Complete(())) | Err(_) => {}
    }
}

/// Starts a conversation on `conn`.
fn start(ev: &mut EventLoop, conn: Conn, conversation: Conversation) {
    step(ev, conn, conversation, None);
}

/// Asks for a name and greets it, until the input ends.
fn greeter() -> Conversation {
    Coroutine::new(|co| async move {
        loop {
            co.yield_(Op::Write("name?".into())).await?;
            let Some(name) = co.yield_(Op::Read).await? else {
                break;
            };
            co.yield_(Op::Write(format!("hello, {name}"))).await?;
        }
        co.yield_(Op::Write("bye".into())).await?;
        Ok(())
    })
}

// Your predictions.

/// How many lines has the transcript right after `start`, before the loop runs?
const LINES_BEFORE_RUN: usize = 99;
/// In the two-conversation run (see the tests), which line of the transcript (1 = first) is
/// "2: bye"?
const LINE_OF_2_BYE: usize = 0;
/// In the same run, how many callbacks does the loop call in all?
const TURNS: usize = 0;

fn main() {}

#[cfg(test)]
mod tests {
    use super::*;

    fn two_conversations() -> EventLoop {
        let mut ev = EventLoop::default();
        ev.with_input(1, &["ada", "bob"]);
        ev.with_input(2, &["cy"]);
        start(&mut ev, 1, greeter());
        start(&mut ev, 2, greeter());
        ev.run();
        ev
    }

    #[test]
    fn a_conversation_closed_anywhere_ends_at_once() {
        // Suspended at each of its requests: "name?", the read, "hello, ada", "name?", the read
        // that finds nothing, "bye".
        let answers: [Option<String>; 5] = [None, Some("ada".into()), None, None, None];
        for stop in 0..=answers.len() {
            let mut conversation = greeter();
            conversation.prime().unwrap();
            for answer in answers.iter().take(stop).cloned() {
                conversation.send(answer).unwrap();
            }
            assert!(
                conversation.close() == Ok(None),
                "the greeter passes a close on from request {stop}: it ends at once, returning nothing"
            );
        }
    }

    #[test]
    fn prediction_1_what_start_does_at_once() {
        let mut ev = EventLoop::default();
        ev.with_input(3, &["dee"]);
        start(&mut ev, 3, greeter());
        assert!(
            ev.transcript.len() == LINES_BEFORE_RUN,
            "LINES_BEFORE_RUN is wrong: start primes the conversation; what does its first \
             request do, and who carries it out?"
        );
    }

    #[test]
    fn prediction_2_where_the_second_bye_lands() {
        let ev = two_conversations();
        let line = ev
            .transcript
            .iter()
            .position(|l| l == "2: bye")
            .map(|i| i + 1);
        assert!(
            line == Some(LINE_OF_2_BYE),
            "LINE_OF_2_BYE is wrong: each request takes one turn of the loop, and the two \
             conversations take turns; a read that finds no input writes nothing"
        );
    }

    #[test]
    fn prediction_3_how_many_turns_the_loop_takes() {
        let ev = two_conversations();
        assert!(
            ev.turns == TURNS,
            "TURNS is wrong: count the requests each conversation makes, the last read \
             (which finds nothing) included"
        );
    }
}
