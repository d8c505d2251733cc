// trampoline: deep recursion on a shallow stack
//
// `co.delegate(sub)` is convenient, but every level of delegation is one more nested `poll` on
// the native stack: a recursion 100,000 levels deep overflows a small thread stack. A trampoline
// flattens it. A task does not run its sub-task itself: it yields a request, `Call(sub)`, to a
// driver that keeps an explicit stack of tasks (on the heap). The driver pushes the sub-task,
// runs it, and when it returns, pops it and sends its result to the task below. An error the
// sub-task lets out is thrown into the task below, which may catch it. The native stack stays
// one task deep whatever the depth. (PEP 342's trampoline example, Beazley's pyos8.)
//
// Python:                                  coro:
//   def eval(e):                             fn eval(..) -> Task { Coroutine::new(.. async move {
//       a = yield Call(eval(left))               let a = co.yield_(Call(eval(left))).await?;
//       b = yield Call(eval(right))              let b = co.yield_(Call(eval(right))).await?;
//       return a + b                             Ok(a + b) }) }
//
// What to do: write `run`, the trampoline. The evaluator is given.

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
    // TODO: a Vec of tasks; prime the top one, or send it the result of the task it called, or
    // throw the error that task let out; push on Call, pop on return or error.
    todo!("the trampoline")
}

fn main() {}

#[cfg(test)]
mod tests {
    use super::*;

    fn evaluate(arena: Vec<Expr>) -> Result<i64, EvalError> {
        let root = arena.len() - 1;
        run(eval(Rc::new(arena), root))
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
    fn a_parent_can_catch_its_childs_error() {
        use Expr::*;
        // (1 / 0) or 42, plus 1
        assert_eq!(
            evaluate(vec![
                Num(1),
                Num(0),
                Div(0, 1),
                Num(42),
                Or(2, 3),
                Num(1),
                Add(4, 5)
            ]),
            Ok(43)
        );
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
}
