// trampoline: deep recursion on a shallow stack, errors included (solution)
//
// Why this works. The driver keeps the chain of calls in a Vec, so the native stack holds one
// task's poll at a time whatever the depth. What the task on top produced is kept in `result`
// for the task below it: a return value is sent into it (as a return hands a value to the
// caller), and an error it let out is thrown into it, at the `.await` where it asked for the
// call. The failing task is popped first, as a frame is unwound; the task below may catch the
// error (`Or` does) or let it out in turn, and only an error that leaves the last task is the
// result of the whole run. Any other failure (a task that panicked or was closed) is a bug, so
// it is not turned into a value.

use std::rc::Rc;

use coro::{Coroutine, Error, Interrupt, Step};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum EvalError {
    DivisionByZero,
}

/// A request to the trampoline: run this task and send me its result.
pub struct Call(pub Task);

pub type Task = Coroutine<Call, i64, i64, EvalError>;

/// Expressions live in an arena and refer to each other by index, so that a 100,000-deep
/// expression is a flat Vec (dropping a deep Box tree would itself overflow the stack).
#[derive(Debug, Clone, Copy)]
pub enum Expr {
    Num(i64),
    Add(usize, usize),
    Div(usize, usize),
    /// The value of the first expression, or of the second if the first fails.
    Or(usize, usize),
}

/// Evaluates `arena[at]`, asking the trampoline for every sub-expression.
fn eval(arena: Rc<Vec<Expr>>, at: usize) -> Task {
    Coroutine::new(move |co| async move {
        let sub = |i: usize| Call(eval(arena.clone(), i));
        match arena[at] {
            Expr::Num(n) => Ok(n),
            Expr::Add(a, b) => {
                let x = co.yield_(sub(a)).await?;
                let y = co.yield_(sub(b)).await?;
                Ok(x + y)
            }
            Expr::Div(a, b) => {
                let x = co.yield_(sub(a)).await?;
                let y = co.yield_(sub(b)).await?;
                if y == 0 {
                    Err(EvalError::DivisionByZero)?
                }
                Ok(x / y)
            }
            Expr::Or(a, b) => match co.yield_(sub(a)).await {
                Ok(x) => Ok(x),
                Err(Interrupt::Throw(_)) => co.yield_(sub(b)).await,
                Err(close) => Err(close),
            },
        }
    })
}

/// Runs `main` and every task it calls, on an explicit stack; returns its result.
fn run(main: Task) -> Result<i64, EvalError> {
    let mut stack = vec![main];
    // What the task on top last produced, for the task below it; None: the top is new.
    let mut result: Option<Result<i64, EvalError>> = None;
    loop {
        let top = stack.last_mut().expect("the stack is never empty here");
        let step = match result.take() {
            None => top.prime(),
            Some(Ok(value)) => top.send(value),
            Some(Err(error)) => top.throw(error),
        };
        let produced = match step {
            Ok(Step::Yielded(Call(sub))) => {
                stack.push(sub);
                continue;
            }
            Ok(Step::Complete(value)) => Ok(value),
            Err(Error::Thrown(error)) => Err(error),
            Err(other) => panic!("a task misbehaved: {other}"),
        };
        stack.pop();
        if stack.is_empty() {
            return produced;
        }
        result = Some(produced);
    }
}

fn main() {}

#[cfg(test)]
mod tests {
    use super::*;

    fn evaluate(arena: Vec<Expr>) -> Result<i64, EvalError> {
        let root = arena.len() - 1;
        run(eval(Rc::new(arena), root))
    }

    /// The meaning of an expression, computed by plain recursion (only for shallow ones).
    fn reference(arena: &[Expr], at: usize) -> Result<i64, EvalError> {
        match arena[at] {
            Expr::Num(n) => Ok(n),
            Expr::Add(a, b) => Ok(reference(arena, a)? + reference(arena, b)?),
            Expr::Div(a, b) => {
                let (x, y) = (reference(arena, a)?, reference(arena, b)?);
                if y == 0 {
                    Err(EvalError::DivisionByZero)
                } else {
                    Ok(x / y)
                }
            }
            Expr::Or(a, b) => reference(arena, a).or_else(|_| reference(arena, b)),
        }
    }

    /// A random expression from a seeded LCG: small numbers (zeros included) and all four forms.
    fn generated(seed: u64, size: usize) -> Vec<Expr> {
        let mut x = seed;
        let mut next = move |n: u64| {
            x = x
                .wrapping_mul(6364136223846793005)
                .wrapping_add(1442695040888963407);
            (x >> 33) % n
        };
        let mut arena = vec![Expr::Num(0), Expr::Num(3)];
        for _ in 0..size {
            let len = arena.len() as u64;
            let (a, b) = (next(len) as usize, next(len) as usize);
            arena.push(match next(5) {
                0 => Expr::Num(next(4) as i64),
                1 | 2 => Expr::Add(a, b),
                3 => Expr::Div(a, b),
                _ => Expr::Or(a, b),
            });
        }
        arena
    }

    #[test]
    fn small_expressions_are_exact() {
        use Expr::*;
        // (7 + 5) / 4
        assert_eq!(
            evaluate(vec![Num(7), Num(5), Add(0, 1), Num(4), Div(2, 3)]),
            Ok(3)
        );
    }

    #[test]
    fn an_error_reaches_the_top_when_nobody_catches_it() {
        use Expr::*;
        assert_eq!(
            evaluate(vec![Num(1), Num(0), Div(0, 1), Num(2), Add(2, 3)]),
            Err(EvalError::DivisionByZero)
        );
    }

    #[test]
    fn an_error_in_either_operand_of_a_division_passes_through_it() {
        use Expr::*;
        // (1 / 0) / 1 and 1 / (1 / 0): the outer division must not go on with a made-up value.
        for arena in [
            vec![Num(1), Num(0), Div(0, 1), Div(2, 0)],
            vec![Num(1), Num(0), Div(0, 1), Div(0, 2)],
        ] {
            assert!(
                evaluate(arena) == Err(EvalError::DivisionByZero),
                "an error a sub-task lets out passes through every caller that does not catch it"
            );
        }
    }

    #[test]
    fn a_parent_can_catch_its_childs_error() {
        use Expr::*;
        // ((1 / 0) or 42) + 1
        let result = evaluate(vec![
            Num(1),
            Num(0),
            Div(0, 1),
            Num(42),
            Or(2, 3),
            Num(1),
            Add(4, 5),
        ]);
        assert!(
            result == Ok(43),
            "an error a task lets out goes to the task that called it, which may catch it (Or does): \
             it must not skip its caller and end the whole run"
        );
    }

    #[test]
    fn generated_expressions_mean_what_plain_recursion_says() {
        for seed in 1..=40 {
            let arena = generated(seed, 12);
            let root = arena.len() - 1;
            let expected = reference(&arena, root);
            assert!(
                evaluate(arena) == expected,
                "generated expression {seed}: the trampoline must give what nested calls give, \
                 errors caught by the nearest Or above them"
            );
        }
    }

    #[test]
    fn a_hundred_thousand_levels_run_on_a_256_kib_stack() {
        // ((((1 + 1) + 1) + 1) ...), 100,000 additions deep.
        let handle = std::thread::Builder::new()
            .stack_size(256 * 1024)
            .spawn(|| {
                let mut arena = vec![Expr::Num(1), Expr::Num(1)];
                let mut top = 0;
                for _ in 0..100_000 {
                    arena.push(Expr::Add(top, 1));
                    top = arena.len() - 1;
                }
                evaluate(arena)
            })
            .unwrap();
        assert_eq!(
            handle
                .join()
                .expect("the evaluation must not overflow the stack"),
            Ok(100_001)
        );
    }

    #[test]
    fn an_error_100_000_levels_down_is_caught_at_the_top() {
        // ((((1 / 0) + 1) + 1) ... + 1) or 7: the error climbs through every level to the Or.
        let handle = std::thread::Builder::new()
            .stack_size(256 * 1024)
            .spawn(|| {
                let mut arena = vec![Expr::Num(1), Expr::Num(0), Expr::Div(0, 1)];
                let mut top = 2;
                for _ in 0..100_000 {
                    arena.push(Expr::Add(top, 0));
                    top = arena.len() - 1;
                }
                arena.push(Expr::Num(7));
                arena.push(Expr::Or(top, arena.len() - 1));
                evaluate(arena)
            })
            .unwrap();
        let result = handle
            .join()
            .expect("the evaluation must not overflow the stack");
        assert!(
            result == Ok(7),
            "an error passes up through every caller that does not catch it, one level at a time, \
             until the Or catches it"
        );
    }

    #[test]
    fn an_error_climbs_several_callers_to_the_nearest_or() {
        use Expr::*;
        // ((1 / 0) + 1 + ... + 1) or 7, with 1 to 5 additions between the error and the Or, and
        // (1 / (1 / 0)) or 5: every caller in between lets the error out in turn.
        for depth in 1..=5 {
            let mut arena = vec![Num(1), Num(0), Div(0, 1)];
            for _ in 0..depth {
                arena.push(Add(arena.len() - 1, 0));
            }
            arena.push(Num(7));
            arena.push(Or(arena.len() - 2, arena.len() - 1));
            assert!(
                evaluate(arena) == Ok(7),
                "{depth} addition(s) between an error and an Or: it passes up through each of them, \
                 one caller at a time, until the Or catches it"
            );
        }
        assert!(
            evaluate(vec![Num(1), Num(0), Div(0, 1), Div(0, 2), Num(5), Or(3, 4)]) == Ok(5),
            "(1 / (1 / 0)) or 5: the inner division's error passes through the outer one to the Or"
        );
        assert!(
            evaluate(vec![Num(1), Num(0), Div(0, 1), Add(0, 2), Num(5), Or(3, 4)]) == Ok(5),
            "(1 + (1 / 0)) or 5: an error in the second operand of an addition passes through it too"
        );
    }
}
