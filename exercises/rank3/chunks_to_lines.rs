// chunks_to_lines: buffering input that arrives in pieces
//
// Data from a socket or a pipe arrives in chunks that do not respect line boundaries: one chunk
// may hold half a line, another the end of one line and the start of the next. A coroutine
// keeps a buffer between sends and hands out a line only once its '\n' has arrived. What is
// left when the input ends (close) is the tail: the last line, which had no '\n'.
//
// Python:                                  coro:
//   buffer = ""                              let mut buffer = String::new();
//   while True:                              loop {
//       buffer += yield lines                    let chunk: String = co.yield_(lines).await?;
//       *lines, buffer = buffer.split("\n")      ... // Interrupt::Close: return the tail
//
// What to do: write the body. Priming yields an empty Vec; each send yields the lines that
// chunk completed (without their '\n', possibly none, possibly several); close returns the
// tail. (`let chunk: String = ...` names the type so that string methods resolve.)

use coro::{Coroutine, Interrupt};

/// Text chunks in, completed lines out; the unfinished tail comes back on close.
fn lines() -> Coroutine<Vec<String>, String, String> {
    Coroutine::new(|co| async move {
        // TODO: keep a buffer between sends; split off every line that has its '\n'.
        todo!("yield the completed lines, return the tail on close")
    })
}

fn main() {}

#[cfg(test)]
mod tests {
    use super::*;
    use coro::Step;

    /// Sends every chunk; returns the lines each one completed, and the tail from close.
    fn split(chunks: &[&str]) -> (Vec<Vec<String>>, String) {
        let mut c = lines();
        assert_eq!(
            c.prime(),
            Ok(Step::Yielded(vec![])),
            "priming completes no line"
        );
        let per_chunk = chunks
            .iter()
            .map(|chunk| match c.send(chunk.to_string()) {
                Ok(Step::Yielded(done)) => done,
                other => panic!("sending {chunk:?} must yield the completed lines, got {other:?}"),
            })
            .collect();
        let tail = match c.close() {
            Ok(Some(tail)) => tail,
            other => panic!("close must return the tail, got {other:?}"),
        };
        (per_chunk, tail)
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
            "each send yields exactly the lines its chunk completed"
        );
        assert_eq!(tail, "!", "what follows the last newline is the tail");
    }

    #[test]
    fn one_chunk_can_complete_several_lines_and_empty_lines_count() {
        let (per_chunk, tail) = split(&["a\n\nb\n"]);
        assert_eq!(
            per_chunk,
            [vec!["a".to_string(), String::new(), "b".to_string()]]
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
                    "splitting at {i} and {j} must not change the lines"
                );
                assert_eq!(tail, "fourth has no newline", "splitting at {i} and {j}");
            }
        }
    }
}
