// echo: a yield that receives
//
// `co.yield_(v).await?` works both ways: it hands `v` out, and when the caller resumes the body
// with `send(msg)`, it evaluates to `msg`. So one line both answers the last message and waits
// for the next one.
//
// Python:                                  coro:
//   reply = "> "                             let mut reply = String::from("> ");
//   while True:                              loop {
//       msg = yield reply                        let msg = co.yield_(reply).await?;
//       reply = f"echo: {msg}"                   reply = format!("echo: {msg}");
//                                            }
//
// Why it works: `reply` leaves at the yield, and `msg` is what the caller sends next; the new
// reply is built from that message and leaves at the following yield.

use coro::Coroutine;

/// Yields "> " first, then "echo: MSG" for every MSG it is sent.
fn echo() -> Coroutine<String, &'static str> {
    Coroutine::new(|co| async move {
        let mut reply = String::from("> ");
        loop {
            let msg = co.yield_(reply).await?;
            reply = format!("echo: {msg}");
        }
    })
}

fn main() {}

#[cfg(test)]
mod tests {
    use super::*;
    use coro::Step;

    fn yielded(
        s: &str,
    ) -> Result<Step<String, ()>, coro::Error<&'static str, std::convert::Infallible>> {
        Ok(Step::Yielded(s.to_string()))
    }

    #[test]
    fn priming_shows_the_prompt() {
        let mut e = echo();
        assert_eq!(
            e.prime(),
            yielded("> "),
            "the first yield is the prompt \"> \""
        );
    }

    #[test]
    fn each_message_is_echoed_back() {
        let mut e = echo();
        e.prime().unwrap();
        assert_eq!(
            e.send("hi"),
            yielded("echo: hi"),
            "the value of yield_(..).await is what the caller sent, and the reply is built from it"
        );
        assert_eq!(
            e.send("there"),
            yielded("echo: there"),
            "each reply answers the message just sent, not the one before"
        );
    }

    #[test]
    fn an_empty_message_is_echoed_too() {
        let mut e = echo();
        e.prime().unwrap();
        assert_eq!(
            e.send(""),
            yielded("echo: "),
            "an empty message gives \"echo: \""
        );
        assert_eq!(e.send("x"), yielded("echo: x"), "and the echo carries on");
    }
}
