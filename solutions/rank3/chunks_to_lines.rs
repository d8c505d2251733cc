// chunks_to_lines: buffering input that arrives in pieces (solution)
//
// Why this works: the buffer is a local declared before the loop, so the part of a line that
// has no '\n' yet survives from one send to the next. Each chunk is appended, then every line
// whose '\n' is now in the buffer is cut from its front; whatever follows the last '\n' stays
// for the next chunk. So the lines that come out do not depend on where the chunks were cut.
// The input is untrusted: a peer that never sends '\n' must not make the buffer grow without
// end. A line longer than MAX_LINE bytes, finished or not, ends the coroutine with
// `StreamError::LineTooLong`; at exactly MAX_LINE bytes it is still a line. Both checks run
// within the send that brought the bytes: every line cut is measured, and so is what stays in
// the buffer after each chunk, whatever else the chunk held. The lines that chunk finished
// before the error are dropped with the body: the send answers with the error alone.
// The body matches on what `yield_` returned because the endings differ: a close means the
// input ended cleanly, so the tail (the last line, which had no '\n') is returned and
// `close()` hands it back; a thrown `StreamError` means it broke, so it is let out unchanged
// and the tail is dropped with the body.

use coro::{Coroutine, Interrupt};

/// The longest line accepted, in bytes, not counting its '\n'.
const MAX_LINE: usize = 64;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum StreamError {
    /// A line grew longer than MAX_LINE bytes.
    LineTooLong,
    /// The connection was reset (the caller throws this in).
    Reset,
}

/// Text chunks in, completed lines out; the unfinished tail comes back on close.
fn lines() -> Coroutine<Vec<String>, String, String, StreamError> {
    Coroutine::new(|co| async move {
        let mut buffer = String::new();
        let mut complete = Vec::new();
        loop {
            let chunk: String = match co.yield_(complete).await {
                Ok(chunk) => chunk,
                Err(Interrupt::Close) => return Ok(buffer),
                Err(thrown) => return Err(thrown),
            };
            buffer.push_str(&chunk);
            complete = Vec::new();
            while let Some(end) = buffer.find('\n') {
                if end > MAX_LINE {
                    Err(StreamError::LineTooLong)?;
                }
                complete.push(buffer[..end].to_string());
                buffer.drain(..=end);
            }
            if buffer.len() > MAX_LINE {
                Err(StreamError::LineTooLong)?;
            }
        }
    })
}

fn main() {}

#[cfg(test)]
mod tests {
    use super::*;
    use coro::{Error, State, Step};

    type Lines = Coroutine<Vec<String>, String, String, StreamError>;

    fn started() -> Lines {
        let mut c = lines();
        assert!(
            c.prime() == Ok(Step::Yielded(vec![])),
            "priming completes no line: it yields an empty Vec"
        );
        c
    }

    fn send(c: &mut Lines, chunk: &str) -> Vec<String> {
        match c.send(chunk.to_string()) {
            Ok(Step::Yielded(done)) => done,
            _ => panic!("sending {chunk:?} must be answered with the lines it completed"),
        }
    }

    fn tail(mut c: Lines) -> String {
        match c.close() {
            Ok(Some(tail)) => tail,
            _ => panic!("close must return the tail: catch the close and return the buffer"),
        }
    }

    /// Sends every chunk; returns the lines each one completed, and the tail from close.
    fn split(chunks: &[&str]) -> (Vec<Vec<String>>, String) {
        let mut c = started();
        let per_chunk = chunks.iter().map(|chunk| send(&mut c, chunk)).collect();
        (per_chunk, tail(c))
    }

    #[test]
    fn a_line_comes_out_only_once_its_newline_arrives() {
        let (per_chunk, tail) = split(&["hel", "lo\nwor", "ld\n", "!"]);
        assert_eq!(
            per_chunk,
            [
                vec![],
                vec!["hello".to_string()],
                vec!["world".to_string()],
                vec![]
            ],
            "each send yields exactly the lines its chunk completed, without their '\\n'"
        );
        assert_eq!(tail, "!", "what follows the last newline is the tail");
    }

    #[test]
    fn one_chunk_can_complete_several_lines_and_empty_lines_count() {
        let (per_chunk, tail) = split(&["a\n\nb\n"]);
        assert_eq!(
            per_chunk,
            [vec!["a".to_string(), String::new(), "b".to_string()]],
            "one chunk completes three lines, the middle one empty"
        );
        assert_eq!(tail, "", "a text ending in a newline has an empty tail");
    }

    #[test]
    fn every_split_point_gives_the_same_lines() {
        let text = "first line\nsecond\n\nfourth has no newline";
        let expected: Vec<String> = vec!["first line".into(), "second".into(), String::new()];
        for i in 0..=text.len() {
            for j in i..=text.len() {
                let (per_chunk, tail) = split(&[&text[..i], &text[i..j], &text[j..]]);
                let all: Vec<String> = per_chunk.into_iter().flatten().collect();
                assert_eq!(
                    all, expected,
                    "cutting the text at {i} and {j} must not change the lines"
                );
                assert_eq!(tail, "fourth has no newline", "cutting at {i} and {j}");
            }
        }
    }

    #[test]
    fn generated_texts_in_generated_chunks() {
        let mut state = 11u64;
        let mut next = |bound: u64| {
            state = state
                .wrapping_mul(6364136223846793005)
                .wrapping_add(1442695040888963407);
            (state >> 33) % bound
        };
        for round in 0..30 {
            let mut text = String::new();
            for _ in 0..next(8) {
                let len = next(MAX_LINE as u64 + 1) as usize; // 0 ..= MAX_LINE
                text.extend((0..len).map(|k| (b'a' + (k % 26) as u8) as char));
                text.push('\n');
            }
            text.extend((0..next(5)).map(|_| 'z'));
            let (want_tail, want_lines) = match text.rsplit_once('\n') {
                Some((body, tail)) => (tail, body.split('\n').map(String::from).collect()),
                None => (text.as_str(), Vec::new()),
            };
            let mut c = started();
            let mut got = Vec::new();
            let mut rest = text.as_str();
            while !rest.is_empty() {
                let cut = (1 + next(20) as usize).min(rest.len());
                got.extend(send(&mut c, &rest[..cut]));
                rest = &rest[cut..];
            }
            assert_eq!(got, want_lines, "round {round}: the lines of {text:?}");
            assert_eq!(tail(c), want_tail, "round {round}: the tail of {text:?}");
        }
    }

    #[test]
    fn a_finished_line_may_be_max_line_bytes_and_no_longer() {
        for len in [MAX_LINE - 1, MAX_LINE] {
            let mut c = started();
            let line = "x".repeat(len);
            assert_eq!(
                send(&mut c, &format!("{line}\n")),
                [line],
                "a line of {len} bytes (MAX_LINE = {MAX_LINE}) is accepted"
            );
        }
        let mut c = started();
        assert_eq!(
            send(&mut c, &format!("{}\n", "x".repeat(64))).len(),
            1,
            "64 bytes is a line"
        );
        assert!(
            c.send(format!("{}\n", "x".repeat(65))).is_err(),
            "65 bytes is one more than MAX_LINE = 64"
        );
        let mut c = started();
        let too_long = format!("{}\n", "x".repeat(MAX_LINE + 1));
        assert!(
            c.send(too_long) == Err(Error::Thrown(StreamError::LineTooLong)),
            "a line of MAX_LINE + 1 bytes must end the coroutine with LineTooLong"
        );
        assert_eq!(
            c.state(),
            State::Closed,
            "after LineTooLong the splitter is finished"
        );
    }

    #[test]
    fn an_unfinished_line_may_not_grow_past_max_line() {
        let mut c = started();
        send(&mut c, &"y".repeat(MAX_LINE - 1));
        assert_eq!(
            send(&mut c, "y"),
            Vec::<String>::new(),
            "MAX_LINE bytes without '\\n' wait"
        );
        assert_eq!(tail(c), "y".repeat(MAX_LINE), "and come back as the tail");
        let mut c = started();
        send(&mut c, &"y".repeat(MAX_LINE));
        assert!(
            c.send("y".to_string()) == Err(Error::Thrown(StreamError::LineTooLong)),
            "one byte more than MAX_LINE without a '\\n' must end the coroutine: a peer that \
             never sends a newline must not make the buffer grow without end"
        );
        let mut c = started();
        send(&mut c, &format!("ok\n{}", "y".repeat(MAX_LINE - 2)));
        assert_eq!(
            send(&mut c, "yy\nnext"),
            ["y".repeat(MAX_LINE)],
            "a line cut in two is measured whole: MAX_LINE bytes is fine"
        );
    }

    #[test]
    fn a_chunk_that_finishes_a_line_may_leave_no_overlong_tail() {
        for extra in [0, 1, 2, 1000] {
            let long = "y".repeat(MAX_LINE - 1 + extra);
            let mut c = started();
            if extra <= 1 {
                assert_eq!(
                    send(&mut c, &format!("a\n{long}")),
                    ["a"],
                    "a tail of {} bytes after a finished line waits (MAX_LINE = {MAX_LINE})",
                    long.len()
                );
                assert_eq!(tail(c), long, "and comes back on close");
            } else {
                let reply = c.send(format!("a\n{long}"));
                assert!(
                    reply == Err(Error::Thrown(StreamError::LineTooLong)),
                    "a chunk that finishes a line and leaves {} bytes without '\\n' must end \
                     the coroutine with LineTooLong: the tail is measured after every chunk, \
                     whatever else the chunk held",
                    long.len()
                );
                assert_eq!(c.state(), State::Closed);
            }
        }
    }

    #[test]
    fn a_thrown_reset_is_let_out_and_the_tail_is_lost() {
        let mut c = started();
        send(&mut c, "half a li");
        assert!(
            c.throw(StreamError::Reset) == Err(Error::Thrown(StreamError::Reset)),
            "a Reset thrown in means the input broke: let it out, do not return the tail"
        );
        assert_eq!(c.state(), State::Closed);
        assert!(
            c.close() == Ok(None),
            "a finished splitter has nothing more to return"
        );
    }
}
