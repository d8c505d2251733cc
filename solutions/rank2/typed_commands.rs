// typed_commands: Coroutine<Y, S, R, E>, in that order
//
// The type of a coroutine names everything that crosses its boundary, in the order of Python's
// `typing.Generator[Y, S, R]`: what it yields (`Y`), what it is sent (`S`), what it returns
// (`R`), and, fourth, what can be thrown into it (`E`, `Infallible` by default). With a type
// of your own for each, the compiler checks every message both ways.
//
// Python:                                          coro:
//   def machine() -> Generator[Reply, Command,       fn stack_machine()
//                              Summary]:                 -> Coroutine<Reply, Command, Summary>
//
// Why it works: the body yields `Reply`s, receives `Command`s, returns a `Summary` and
// handles a thrown `Clear`, so those are Y, S, R and E, in that order.

use coro::{Coroutine, Interrupt};

/// What the caller sends.
#[derive(Debug, Clone, Copy, PartialEq)]
enum Command {
    Push(i64),
    Pop,
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

/// Thrown in to empty the stack.
#[derive(Debug, PartialEq)]
struct Clear;

/// What the machine returns when it is closed.
#[derive(Debug, PartialEq)]
struct Summary {
    commands: usize,
    left: Vec<i64>,
}

/// A stack machine: sent commands, it yields replies; a thrown `Clear` empties it; closed, it
/// returns a summary.
fn stack_machine() -> Coroutine<Reply, Command, Summary, Clear> {
    Coroutine::new(|co| async move {
        let mut stack = Vec::new();
        let mut commands = 0;
        let mut reply = Reply::Ready;
        loop {
            reply = match co.yield_(reply).await {
                Ok(command) => {
                    commands += 1;
                    match command {
                        Command::Push(v) => {
                            stack.push(v);
                            Reply::Pushed { depth: stack.len() }
                        }
                        Command::Pop => stack.pop().map_or(Reply::Empty, Reply::Value),
                        Command::Peek => stack.last().copied().map_or(Reply::Empty, Reply::Value),
                    }
                }
                Err(Interrupt::Throw(Clear)) => {
                    stack.clear();
                    Reply::Cleared
                }
                Err(Interrupt::Close) => {
                    return Ok(Summary {
                        commands,
                        left: stack,
                    });
                }
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
}
