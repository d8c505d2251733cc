// callbacks_to_coroutines: linear code on top of a callback API
//
// Event loops offer I/O through callbacks: "read a line, and when it is there, call this". Code
// written that way is turned inside out: every step is a closure that registers the next one.
// A coroutine turns it right side out again. The conversation is written as a plain sequence
// ("write the question, read the answer, write the greeting"); each `yield_` hands an I/O request
// to a small driver, which registers a callback that resumes the coroutine with the result.
// (Programming in Lua, 24.5: running asynchronous code as if it were synchronous.)
//
// Python:                                  coro:
//   def conversation():                      Coroutine::new(|co| async move {
//       yield Write("name?")                     co.yield_(Op::Write("name?".into())).await?;
//       name = yield Read()                      let name = co.yield_(Op::Read).await?;
//   # the driver: on each request,           // the driver: step() registers a callback that
//   # register a callback that sends         // calls step() again with the result
//   # the result back in
//
// What to do: write `step`, the driver. It resumes the conversation (priming it the first time),
// and for the request it yields registers the matching callback, which calls `step` again with
// the result: the line read (`Some(line)`, or `None` at the end of input) for a `Read`, and
// `None` for a `Write`. When the conversation ends, nothing more is registered.

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

fn main() {}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_conversation_runs_in_order() {
        let mut ev = EventLoop::default();
        ev.with_input(1, &["ada"]);
        start(&mut ev, 1, greeter());
        ev.run();
        assert_eq!(
            ev.transcript,
            ["1: name?", "1> ada", "1: hello, ada", "1: name?", "1: bye"]
        );
    }

    #[test]
    fn two_conversations_interleave_on_one_loop_and_the_loop_stops_when_both_end() {
        let mut ev = EventLoop::default();
        ev.with_input(1, &["ada", "bob"]);
        ev.with_input(2, &["cy"]);
        start(&mut ev, 1, greeter());
        start(&mut ev, 2, greeter());
        ev.run();
        assert_eq!(
            ev.transcript,
            [
                "1: name?",
                "2: name?",
                "1> ada",
                "2> cy",
                "1: hello, ada",
                "2: hello, cy",
                "1: name?",
                "2: name?",
                "1> bob",
                "1: hello, bob",
                "2: bye",
                "1: name?",
                "1: bye",
            ],
            "each request takes one turn of the loop, so the two conversations alternate \
             (conn 2's last read finds no input and writes nothing)"
        );
    }

    #[test]
    fn starting_a_conversation_does_its_first_request_only_when_the_loop_runs() {
        let mut ev = EventLoop::default();
        start(&mut ev, 3, greeter());
        assert!(
            ev.transcript.is_empty(),
            "start only registers the first callback"
        );
        ev.run();
        assert_eq!(ev.transcript, ["3: name?", "3: bye"]);
    }
}
