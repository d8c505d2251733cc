// typed_commands: the type is the protocol
//
// Python's `typing.Generator[Y, S, R]` names what a generator yields, what it is sent and
// what it returns. A type checker such as mypy then checks every `yield` and every `send`:
//
//   def stack_machine() -> Generator[Reply, Command, Summary]: ...
//
// coro's `Coroutine<Y, S, R, E>` names the same three in the same order, and a fourth: `E`,
// what can be thrown in with `throw(e)`. Here the compiler, not an optional checker, holds the
// body to it: every `co.yield_(..)` must hand out a `Y`, every value that arrives is an `S`,
// the body's `Ok(..)` carries an `R`, and the errors that arrive are `Interrupt<E>`.
//
// What to do: `stack_machine`'s signature and the types it names are the specification.
// Read them (with the doc comments), then write the body. The tests run scripts of commands
// against it.

use coro::Coroutine;

/// What the caller sends.
#[derive(Debug, Clone, Copy, PartialEq)]
enum Command {
    /// Put a value on the stack.
    Push(i64),
    /// Take the top value off.
    Pop,
    /// Look at the top value, leaving it there.
    Peek,
}

/// What the machine yields back.
#[derive(Debug, PartialEq)]
enum Reply {
    /// The first yield: ready for commands.
    Ready,
    /// Pushed; the stack now holds `depth` values.
    Pushed { depth: usize },
    /// The value popped or peeked.
    Value(i64),
    /// Pop or Peek on an empty stack.
    Empty,
    /// The stack was cleared by a thrown `Clear`.
    Cleared,
}

/// Thrown in to empty the stack. It is handled: the machine replies `Cleared` and carries on.
#[derive(Debug, PartialEq)]
struct Clear;

/// What the machine returns when it is closed.
#[derive(Debug, PartialEq)]
struct Summary {
    /// How many commands it was sent (a thrown `Clear` is not a command).
    commands: usize,
    /// What is left on the stack, bottom first.
    left: Vec<i64>,
}

/// A stack machine: sent commands, it yields replies; a thrown `Clear` empties it; closed, it
/// returns a summary.
fn stack_machine() -> Coroutine<Reply, Command, Summary, Clear> {
    // TODO: write the body. Its type says what it yields, receives, returns and has thrown in.
    todo!()
}

fn main() {}

#[cfg(test)]
mod tests {
    use super::*;
    use coro::{Error, State, Step};

    #[test]
    fn a_script_of_commands_gets_its_replies() {
        let mut m = stack_machine();
        assert_eq!(
            m.prime(),
            Ok(Step::Yielded(Reply::Ready)),
            "first it is ready"
        );
        let script = [
            (Command::Push(1), Reply::Pushed { depth: 1 }),
            (Command::Push(2), Reply::Pushed { depth: 2 }),
            (Command::Peek, Reply::Value(2)),
            (Command::Pop, Reply::Value(2)),
            (Command::Pop, Reply::Value(1)),
            (Command::Pop, Reply::Empty),
            (Command::Peek, Reply::Empty),
            (Command::Push(7), Reply::Pushed { depth: 1 }),
        ];
        for (command, reply) in script {
            assert_eq!(
                m.send(command),
                Ok(Step::Yielded(reply)),
                "the reply to {command:?}"
            );
        }
        assert_eq!(
            m.close(),
            Ok(Some(Summary {
                commands: 8,
                left: vec![7],
            })),
            "closing returns the summary: commands handled and what is left on the stack"
        );
        assert_eq!(m.state(), State::Closed);
        assert_eq!(
            m.send(Command::Pop),
            Err(Error::Closed),
            "a closed machine takes nothing"
        );
    }

    #[test]
    fn a_thrown_clear_empties_the_stack_and_it_carries_on() {
        let mut m = stack_machine();
        m.prime().unwrap();
        m.send(Command::Push(1)).unwrap();
        m.send(Command::Push(2)).unwrap();
        assert_eq!(
            m.throw(Clear),
            Ok(Step::Yielded(Reply::Cleared)),
            "a thrown Clear is handled inside the body: the stack is emptied"
        );
        assert_eq!(m.send(Command::Peek), Ok(Step::Yielded(Reply::Empty)));
        assert_eq!(
            m.send(Command::Push(3)),
            Ok(Step::Yielded(Reply::Pushed { depth: 1 }))
        );
        assert_eq!(
            m.close(),
            Ok(Some(Summary {
                commands: 4,
                left: vec![3],
            })),
            "a throw is not a command: four commands were sent"
        );
    }

    #[test]
    fn generated_scripts_match_a_plain_stack() {
        // A small seeded generator (an LCG) writes each script; a Vec is the model.
        for seed in 1..=6 {
            let mut state: u32 = seed;
            let mut m = stack_machine();
            m.prime().unwrap();
            let (mut model, mut commands) = (Vec::new(), 0);
            for step in 0..30 {
                state = state.wrapping_mul(1_103_515_245).wrapping_add(12_345);
                let r = (state >> 16) % 100;
                let (got, want) = match r % 5 {
                    0 | 1 => {
                        let v = i64::from(r) - 50;
                        model.push(v);
                        commands += 1;
                        (
                            m.send(Command::Push(v)),
                            Reply::Pushed { depth: model.len() },
                        )
                    }
                    2 => {
                        commands += 1;
                        let want = model.pop().map_or(Reply::Empty, Reply::Value);
                        (m.send(Command::Pop), want)
                    }
                    3 => {
                        commands += 1;
                        let want = model.last().copied().map_or(Reply::Empty, Reply::Value);
                        (m.send(Command::Peek), want)
                    }
                    _ if r < 20 => {
                        model.clear();
                        (m.throw(Clear), Reply::Cleared)
                    }
                    _ => {
                        commands += 1;
                        let want = model.pop().map_or(Reply::Empty, Reply::Value);
                        (m.send(Command::Pop), want)
                    }
                };
                assert_eq!(got, Ok(Step::Yielded(want)), "seed {seed}, step {step}");
            }
            assert_eq!(
                m.close(),
                Ok(Some(Summary {
                    commands,
                    left: model,
                })),
                "seed {seed}: the summary on close"
            );
        }
    }

    #[test]
    fn closing_at_once_returns_an_empty_summary() {
        let mut m = stack_machine();
        m.prime().unwrap();
        assert_eq!(
            m.close(),
            Ok(Some(Summary {
                commands: 0,
                left: vec![],
            }))
        );
        assert_eq!(m.close(), Ok(None), "closing twice is a no-op");
    }
}
