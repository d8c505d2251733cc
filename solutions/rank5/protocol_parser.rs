// protocol_parser: event-driven parsing in straight-line code (solution)
//
// Why this works. `message` reads like the grammar: request line, headers up to a blank line,
// body. Its position in the message is its position in the code, so nothing has to be saved
// between chunks: when `byte` runs out of input it yields the events so far from deep inside
// `line`, and the next chunk resumes it right there. `data` waits for a message to start before
// `missing` becomes Some(0), so a close between messages is Clean and a close anywhere after the
// first byte is Incomplete; the body loop keeps `missing` equal to what is still to come. Every
// `.await?` passes a close or a thrown error straight up to `parser`, which turns the close into
// its answer. The request line is checked exactly as specified (one space, two non-empty parts),
// and Content-Length is parsed and capped before anything is allocated from it, so a peer cannot
// make the parser reserve memory it chooses.

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

pub type Handle = Co<Vec<Event>, Vec<u8>, ParseError>;

/// The largest body a Content-Length may announce.
pub const MAX_BODY: usize = 1024;

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
pub async fn byte(co: &Handle, input: &mut Input) -> Result<u8, Interrupt<ParseError>> {
    data(co, input).await?;
    input.offset += 1;
    Ok(input.buffer.pop_front().expect("not empty"))
}

/// Waits until at least one byte is there, without taking it: the start of a message.
pub async fn data(co: &Handle, input: &mut Input) -> Result<(), Interrupt<ParseError>> {
    while input.buffer.is_empty() {
        let chunk = co.yield_(std::mem::take(&mut input.events)).await?;
        input.buffer.extend(chunk);
    }
    Ok(())
}

/// The next line, without its '\n', and the offset where it started.
pub async fn line(
    co: &Handle,
    input: &mut Input,
) -> Result<(usize, String), Interrupt<ParseError>> {
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
pub async fn message(co: &Handle, input: &mut Input) -> Result<(), Interrupt<ParseError>> {
    data(co, input).await?;
    input.missing = Some(0);
    let (at, request) = line(co, input).await?;
    let Some((method, path)) = request
        .split_once(' ')
        .filter(|(m, p)| !m.is_empty() && !p.is_empty() && !p.contains(' '))
    else {
        Err(ParseError { offset: at })?
    };
    input.events.push(Event::Request {
        method: method.to_string(),
        path: path.to_string(),
    });
    let mut length = 0;
    loop {
        let (at, header) = line(co, input).await?;
        if header.is_empty() {
            break;
        }
        let Some((name, value)) = header.split_once(':') else {
            Err(ParseError { offset: at })?
        };
        let (name, value) = (name.trim().to_string(), value.trim().to_string());
        if name.eq_ignore_ascii_case("content-length") {
            length = value
                .parse()
                .ok()
                .filter(|&n| n <= MAX_BODY)
                .ok_or(ParseError { offset: at })?;
        }
        input.events.push(Event::Header { name, value });
    }
    let mut body = Vec::with_capacity(length);
    while body.len() < length {
        input.missing = Some(length - body.len());
        body.push(byte(co, input).await?);
    }
    if !body.is_empty() {
        input.events.push(Event::Body(body));
    }
    input.events.push(Event::End);
    input.missing = None;
    Ok(())
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

    type Outcome = Result<Option<Closed>, Error<Vec<u8>, ParseError>>;

    /// Sends the chunks; returns all events and what close said.
    fn feed(chunks: &[&[u8]]) -> (Vec<Event>, Outcome) {
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

    /// A small seeded generator (an LCG).
    struct Lcg(u64);
    impl Lcg {
        fn next(&mut self, n: usize) -> usize {
            self.0 = self
                .0
                .wrapping_mul(6364136223846793005)
                .wrapping_add(1442695040888963407);
            ((self.0 >> 33) as usize) % n
        }
    }

    /// A random well-formed message and the events it must give.
    fn generated(rng: &mut Lcg) -> (Vec<u8>, Vec<Event>) {
        let method = ["GET", "PUT", "POST"][rng.next(3)];
        let path = format!("/p{}", rng.next(100));
        let mut text = format!("{method} {path}\n");
        let mut events = vec![Event::Request {
            method: method.into(),
            path,
        }];
        for i in 0..rng.next(3) {
            let (name, value) = (format!("X-{i}"), format!("v{}", rng.next(50)));
            text.push_str(&format!("{name}: {value}\n"));
            events.push(Event::Header { name, value });
        }
        let n = rng.next(12);
        let body: Vec<u8> = (0..n).map(|_| b'a' + rng.next(26) as u8).collect();
        text.push_str(&format!("content-length: {n}\n\n"));
        events.push(Event::Header {
            name: "content-length".into(),
            value: n.to_string(),
        });
        let mut bytes = text.into_bytes();
        bytes.extend(&body);
        if n > 0 {
            events.push(Event::Body(body));
        }
        events.push(Event::End);
        (bytes, events)
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
    fn generated_streams_split_at_random_give_their_events() {
        let mut rng = Lcg(2024);
        for round in 0..30 {
            let mut stream = Vec::new();
            let mut want = Vec::new();
            for _ in 0..1 + rng.next(3) {
                let (bytes, events) = generated(&mut rng);
                stream.extend(bytes);
                want.extend(events);
            }
            let mut chunks = Vec::new();
            let mut rest = &stream[..];
            while !rest.is_empty() {
                let (a, b) = rest.split_at(1 + rng.next(rest.len().min(9)));
                chunks.push(a);
                rest = b;
            }
            let (events, closed) = feed(&chunks);
            assert_eq!(events, want, "generated stream {round}");
            assert_eq!(closed, Ok(Some(Closed::Clean)), "generated stream {round}");
        }
    }

    #[test]
    fn pipelined_messages_each_end() {
        let two = [MESSAGE, b"GET /\n\n"].concat();
        let (events, closed) = feed(&[&two]);
        let mut want = expected();
        want.push(Event::Request {
            method: "GET".into(),
            path: "/".into(),
        });
        want.push(Event::End);
        assert_eq!(events, want, "a message without a body has no Body event");
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
        let (_, result) = feed(&[b"GET /\nA: 1\n  \n\n"]);
        assert_eq!(
            result,
            Err(Error::Thrown(ParseError { offset: 11 })),
            "a line of spaces is not the blank line: it is a header without ':'"
        );
    }

    #[test]
    fn header_names_and_values_are_trimmed() {
        let (events, _) = feed(&[b"GET /\n  Host :  example  \n\n"]);
        assert_eq!(
            events[1],
            Event::Header {
                name: "Host".into(),
                value: "example".into()
            }
        );
    }

    #[test]
    fn a_bad_request_line_is_an_error_at_its_offset() {
        for bad in [
            &b"GET / \n\n"[..],
            b"GET  /\n\n",
            b"GET\n\n",
            b"GET \n\n",
            b" /\n\n",
            b"GET /a b\n\n",
        ] {
            let (_, result) = feed(&[bad]);
            assert_eq!(
                result,
                Err(Error::Thrown(ParseError { offset: 0 })),
                "a request line is METHOD, one space, PATH: {:?}",
                String::from_utf8_lossy(bad)
            );
        }
        let (_, result) = feed(&[b"GET /\n\n", b"oops\n"]);
        assert_eq!(
            result,
            Err(Error::Thrown(ParseError { offset: 7 })),
            "offsets count from the start of the stream"
        );
    }

    #[test]
    fn content_length_is_a_number_no_bigger_than_max_body() {
        let message = |n: &str| format!("PUT /x\nContent-Length: {n}\n\n").into_bytes();
        for bad in [
            "ten",
            "-1",
            &(MAX_BODY + 1).to_string(),
            "99999999999999999999999",
        ] {
            let (_, result) = feed(&[&message(bad)]);
            assert_eq!(
                result,
                Err(Error::Thrown(ParseError { offset: 7 })),
                "Content-Length {bad} is refused at its line, before any body is read"
            );
        }
        for n in [MAX_BODY - 1, MAX_BODY] {
            let mut bytes = message(&n.to_string());
            bytes.extend(vec![b'z'; n]);
            let (events, closed) = feed(&[&bytes]);
            assert_eq!(
                events.iter().find(|e| matches!(e, Event::Body(_))),
                Some(&Event::Body(vec![b'z'; n])),
                "a body of {n} bytes is allowed (MAX_BODY is {MAX_BODY})"
            );
            assert_eq!(closed, Ok(Some(Closed::Clean)));
        }
    }

    #[test]
    fn closing_mid_body_says_how_much_was_missing() {
        for cut in 1..=5 {
            let (events, closed) = feed(&[&MESSAGE[..MESSAGE.len() - cut]]);
            assert_eq!(
                closed,
                Ok(Some(Closed::Incomplete { needed: cut })),
                "cut {cut} bytes before the end of the body"
            );
            assert!(!events.contains(&Event::End));
        }
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
        let (_, closed) = feed(&[MESSAGE, b"GET /\n\n"]);
        assert_eq!(closed, Ok(Some(Closed::Clean)), "closed between messages");
    }

    #[test]
    fn an_error_thrown_in_reaches_the_caller() {
        for stream in [
            &b""[..],
            b"GET /",
            b"GET /\nA: b\n",
            &MESSAGE[..MESSAGE.len() - 1],
        ] {
            let mut p = parser();
            p.prime().unwrap();
            p.send(stream.to_vec()).unwrap();
            assert_eq!(
                p.throw(ParseError { offset: 99 }),
                Err(Error::Thrown(ParseError { offset: 99 })),
                "a thrown error is passed on, not swallowed"
            );
        }
    }
}
