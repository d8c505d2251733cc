// protocol_parser: event-driven parsing in straight-line code
//
// Network input arrives in chunks that split messages anywhere: in the middle of a line, of a
// header, of a body. A parser written as a callback must save where it was after every chunk.
// A coroutine does not: the parser is written as if the whole message were there ("read the
// request line, then headers until a blank line, then the body"), and whenever it needs a byte
// that has not arrived, it yields the events it has so far and waits for the next chunk.
//
// The protocol (a small HTTP): a request line `METHOD PATH\n`; header lines `Name: value\n`; a
// blank line; then, if a `Content-Length` header (any case) says n, a body of n bytes. Every
// message produces `Request`, one `Header` per header, `Body` (only if n > 0), then `End`.
//
// Python:                                  coro:
//   def message():                           async fn message(co, input) -> Result<(), ...> {
//       method, path = (yield from line())       let (at, request) = line(co, input).await?;
//       ...                                      ...
//
// What to do: write `message`, which parses one message with the helpers `data` (wait for the
// first byte of a message), `line` and `byte`.
// A request line that is not two words, or a header line without ':', is a `ParseError` whose
// offset is where that line starts in the stream (raise it with `Err(ParseError { .. })?`).
// While the message is being read, set `input.missing` to `Some(body bytes still missing)`
// (0 before the body), so that a close mid-message can say what was missing; set it back to
// `None` when the message is complete.

use std::collections::VecDeque;

use coro::{Co, Coroutine, Interrupt};

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Event {
    Request { method: String, path: String },
    Header { name: String, value: String },
    Body(Vec<u8>),
    End,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ParseError {
    /// Where the bad line starts, counted in bytes from the start of the stream.
    pub offset: usize,
}

/// What a close found.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Closed {
    /// Between messages: nothing lost.
    Clean,
    /// In the middle of a message; `needed` body bytes were still missing (0 if the body had not
    /// started).
    Incomplete { needed: usize },
}

type Handle = Co<Vec<Event>, Vec<u8>, ParseError>;

/// The bytes received and not yet parsed, the events not yet handed out, and where we are.
#[derive(Default)]
pub struct Input {
    buffer: VecDeque<u8>,
    /// Stream offset of the next byte `byte` will return.
    offset: usize,
    events: Vec<Event>,
    /// `Some(body bytes missing)` while inside a message, `None` between messages.
    missing: Option<usize>,
}

/// The next byte of the stream; when none is left, hands out the events so far and waits for
/// the next chunk.
async fn byte(co: &Handle, input: &mut Input) -> Result<u8, Interrupt<ParseError>> {
    data(co, input).await?;
    input.offset += 1;
    Ok(input.buffer.pop_front().expect("not empty"))
}

/// Waits until at least one byte is there, without taking it: the start of a message.
async fn data(co: &Handle, input: &mut Input) -> Result<(), Interrupt<ParseError>> {
    while input.buffer.is_empty() {
        let chunk = co.yield_(std::mem::take(&mut input.events)).await?;
        input.buffer.extend(chunk);
    }
    Ok(())
}

/// The next line, without its '\n', and the offset where it started.
async fn line(co: &Handle, input: &mut Input) -> Result<(usize, String), Interrupt<ParseError>> {
    let start = input.offset;
    let mut bytes = Vec::new();
    loop {
        match byte(co, input).await? {
            b'\n' => return Ok((start, String::from_utf8_lossy(&bytes).into_owned())),
            b => bytes.push(b),
        }
    }
}

/// Parses one message, pushing its events onto `input.events`.
async fn message(co: &Handle, input: &mut Input) -> Result<(), Interrupt<ParseError>> {
    // TODO: the request line, the headers up to a blank line, the body, then End.
    todo!("parse one message")
}

/// Chunks of bytes in, the events they complete out; close says whether a message was cut off.
fn parser() -> Coroutine<Vec<Event>, Vec<u8>, Closed, ParseError> {
    Coroutine::new(|co| async move {
        let mut input = Input::default();
        loop {
            match message(&co, &mut input).await {
                Ok(()) => {}
                Err(Interrupt::Close) => {
                    return Ok(match input.missing {
                        None => Closed::Clean,
                        Some(needed) => Closed::Incomplete { needed },
                    });
                }
                Err(error) => return Err(error),
            }
        }
    })
}

fn main() {}

#[cfg(test)]
mod tests {
    use super::*;
    use coro::{Error, Step};

    const MESSAGE: &[u8] = b"POST /notes\nHost: example\nContent-Length: 5\n\nhello";

    fn expected() -> Vec<Event> {
        vec![
            Event::Request {
                method: "POST".into(),
                path: "/notes".into(),
            },
            Event::Header {
                name: "Host".into(),
                value: "example".into(),
            },
            Event::Header {
                name: "Content-Length".into(),
                value: "5".into(),
            },
            Event::Body(b"hello".to_vec()),
            Event::End,
        ]
    }

    /// Sends the chunks; returns all events and what close said.
    fn feed(
        chunks: &[&[u8]],
    ) -> (
        Vec<Event>,
        Result<Option<Closed>, Error<Vec<u8>, ParseError>>,
    ) {
        let mut p = parser();
        assert_eq!(
            p.prime(),
            Ok(Step::Yielded(vec![])),
            "priming produces no event"
        );
        let mut events = Vec::new();
        for chunk in chunks {
            match p.send(chunk.to_vec()) {
                Ok(Step::Yielded(e)) => events.extend(e),
                Err(e) => return (events, Err(e)),
                Ok(Step::Complete(c)) => panic!("the parser never completes by itself, got {c:?}"),
            }
        }
        (events, p.close())
    }

    #[test]
    fn a_message_in_one_chunk_gives_all_its_events() {
        assert_eq!(feed(&[MESSAGE]), (expected(), Ok(Some(Closed::Clean))));
    }

    #[test]
    fn every_split_point_gives_the_same_events() {
        for i in 0..=MESSAGE.len() {
            let (events, closed) = feed(&[&MESSAGE[..i], &MESSAGE[i..]]);
            assert_eq!(events, expected(), "split at byte {i}");
            assert_eq!(closed, Ok(Some(Closed::Clean)), "split at byte {i}");
        }
    }

    #[test]
    fn one_byte_at_a_time_works_too() {
        let chunks: Vec<&[u8]> = MESSAGE.chunks(1).collect();
        assert_eq!(feed(&chunks).0, expected());
    }

    #[test]
    fn pipelined_messages_each_end() {
        let two = [MESSAGE, b"GET /\n\n"].concat();
        let (events, closed) = feed(&[&two]);
        assert_eq!(
            events.iter().filter(|e| **e == Event::End).count(),
            2,
            "{events:?}"
        );
        assert_eq!(events.last(), Some(&Event::End));
        assert!(events.contains(&Event::Request {
            method: "GET".into(),
            path: "/".into()
        }));
        assert_eq!(closed, Ok(Some(Closed::Clean)));
    }

    #[test]
    fn a_header_without_a_colon_is_an_error_at_its_offset() {
        let (_, result) = feed(&[b"GET /\nHost example\n\n"]);
        assert_eq!(
            result,
            Err(Error::Thrown(ParseError { offset: 6 })),
            "the bad line starts at byte 6"
        );
    }

    #[test]
    fn a_bad_request_line_is_an_error_at_its_offset() {
        let (_, result) = feed(&[b"GET / \n\nnonsense\n"]);
        assert_eq!(result, Err(Error::Thrown(ParseError { offset: 0 })));
        let (_, result) = feed(&[b"GET /\n\n", b"oops\n"]);
        assert_eq!(
            result,
            Err(Error::Thrown(ParseError { offset: 7 })),
            "offsets count from the start of the stream"
        );
    }

    #[test]
    fn closing_mid_body_says_how_much_was_missing() {
        let (events, closed) = feed(&[&MESSAGE[..MESSAGE.len() - 2]]);
        assert_eq!(closed, Ok(Some(Closed::Incomplete { needed: 2 })));
        assert!(!events.contains(&Event::End));
        let (_, closed) = feed(&[b"GET /x\nHost: a\n"]);
        assert_eq!(
            closed,
            Ok(Some(Closed::Incomplete { needed: 0 })),
            "cut off before the body"
        );
        let (_, closed) = feed(&[MESSAGE, b"GE"]);
        assert_eq!(
            closed,
            Ok(Some(Closed::Incomplete { needed: 0 })),
            "cut off in a request line"
        );
    }
}
