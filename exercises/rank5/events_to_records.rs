// events_to_records: from a stream of parse events to records, in straight-line code
//
// A streaming XML parser (SAX, expat) does not build a tree: it reports events as it reads, such
// as "start of <bus>", "text 22", "end of </route>". A coroutine turns them back into records and
// sends each finished one down the pipeline, where filters and sinks take over. Nothing is held
// but the record in progress. (David Beazley's bus example: a pipeline of coroutines over XML
// events.) The point of this exercise is the shape of the code: not a flat state machine over
// every event, but code that reads like the document: "wait for a <bus>; then, until </bus>,
// read one field after another", with a helper for each part, as `text` below.
//
// The events of one record: `Start("bus")`, then for each field `Start(name)`, its text in one
// or more `Text` pieces (a parser may split text anywhere: join them, then trim the result), and
// `End(name)`; then `End("bus")`. Anything else outside a field (the enclosing `Start("buses")`,
// whitespace `Text` between tags, an `End` of some other tag) is ignored: only `End("bus")`
// finishes a record.
//
// Python (the helper below, as a generator used with `yield from`):
//   def text(name):
//       pieces = []
//       while True:
//           event, value = (yield)
//           if event == 'text':
//               pieces.append(value)
//           elif event == 'end' and value == name:
//               return ''.join(pieces).strip()
//
// What to do: write `record`, which waits for the next `<bus>` and returns its fields, and
// `records`, the stage: it sends each record to `target`, and when it is closed it closes
// `target` and returns what that returned. A close can come at any moment, even in the middle of
// a record: every helper passes it up with `?`, so the one place that decides what a close does
// is the loop in `records`.

use std::collections::BTreeMap;
use std::convert::Infallible;

use coro::{Co, Coroutine, Interrupt};

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Event {
    Start(String),
    Text(String),
    End(String),
}

pub type Record = BTreeMap<String, String>;
pub type Stage<I> = Coroutine<(), I, Vec<Record>>;
pub type Handle = Co<(), Event>;

/// The text of the field `name`, whose `Start` has just been read: its pieces joined and
/// trimmed, up to its `End`.
pub async fn text(co: &Handle, name: &str) -> Result<String, Interrupt<Infallible>> {
    let mut pieces = String::new();
    loop {
        match co.yield_(()).await? {
            Event::Text(piece) => pieces.push_str(&piece),
            Event::End(tag) if tag == name => return Ok(pieces.trim().to_string()),
            _ => {}
        }
    }
}

/// Skips to the next `Start("bus")` and reads its fields up to `End("bus")`.
pub async fn record(_co: &Handle) -> Result<Record, Interrupt<Infallible>> {
    // TODO: wait for a <bus>; then, until </bus>, read each field with `text`.
    todo!("one record")
}

/// Sends each record to `target`; closed, closes `target` and returns what it returned.
pub fn records(target: Stage<Record>) -> Stage<Event> {
    Coroutine::primed(move |_co| async move {
        let _ = target;
        // TODO: send record after record; decide here what a close does.
        todo!("the stage")
    })
}

/// Passes on the records whose `field` is `value`.
pub fn filter_on_field(
    field: &'static str,
    value: &'static str,
    mut target: Stage<Record>,
) -> Stage<Record> {
    Coroutine::primed(move |co| async move {
        loop {
            match co.yield_(()).await {
                Ok(record) => {
                    let record: Record = record;
                    if record.get(field).map(String::as_str) == Some(value) {
                        let _ = target.send(record);
                    }
                }
                Err(Interrupt::Close) => {
                    return Ok(target.close().ok().flatten().unwrap_or_default());
                }
                Err(other) => return Err(other),
            }
        }
    })
}

/// Collects the records it is sent; returns them when closed.
pub fn collect() -> Stage<Record> {
    Coroutine::primed(|co| async move {
        let mut all = Vec::new();
        loop {
            match co.yield_(()).await {
                Ok(record) => all.push(record),
                Err(Interrupt::Close) => return Ok(all),
                Err(other) => return Err(other),
            }
        }
    })
}

fn main() {}

#[cfg(test)]
mod tests {
    use super::*;

    fn to_record(fields: &[(&str, &str)]) -> Record {
        fields
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect()
    }

    /// The events of a document holding `buses`, each field's text split in `split(len)` places,
    /// with whitespace text between the tags.
    fn document(buses: &[Record], mut split: impl FnMut(usize) -> usize) -> Vec<Event> {
        let mut out = vec![Event::Start("buses".into()), Event::Text("\n  ".into())];
        for bus in buses {
            out.push(Event::Start("bus".into()));
            for (field, value) in bus {
                out.push(Event::Text("\n    ".into()));
                out.push(Event::Start(field.clone()));
                let padded = format!(" {value} ");
                let at = split(padded.len());
                out.push(Event::Text(padded[..at].into()));
                out.push(Event::Text(padded[at..].into()));
                out.push(Event::End(field.clone()));
            }
            out.push(Event::Text("\n  ".into()));
            out.push(Event::End("bus".into()));
        }
        out.push(Event::End("buses".into()));
        out
    }

    fn buses() -> Vec<Record> {
        vec![
            to_record(&[
                ("id", "7574"),
                ("route", "147"),
                ("direction", "North"),
                ("latitude", "41.92"),
            ]),
            to_record(&[
                ("id", "7584"),
                ("route", "22"),
                ("direction", "North"),
                ("latitude", "41.94"),
            ]),
            to_record(&[
                ("id", "7654"),
                ("route", "22"),
                ("direction", "South"),
                ("latitude", "41.88"),
            ]),
        ]
    }

    fn run(mut head: Stage<Event>, events: &[Event]) -> Vec<Record> {
        for e in events {
            head.send(e.clone()).unwrap();
        }
        head.close()
            .unwrap()
            .expect("closing the stage closes its target and returns what the target returned")
    }

    #[test]
    fn every_bus_becomes_one_record_with_its_text_joined_and_trimmed() {
        let all = run(records(collect()), &document(&buses(), |len| len / 2));
        assert_eq!(all, buses());
    }

    #[test]
    fn generated_documents_give_their_records() {
        let mut x = 99u64;
        let mut next = move |n: usize| {
            x = x
                .wrapping_mul(6364136223846793005)
                .wrapping_add(1442695040888963407);
            ((x >> 33) as usize) % n
        };
        for round in 0..20 {
            let buses: Vec<Record> = (0..next(5))
                .map(|_| {
                    (0..1 + next(4))
                        .map(|f| (format!("f{f}"), format!("v{}", next(1000))))
                        .collect()
                })
                .collect();
            let events = document(&buses, |len| next(len + 1));
            assert_eq!(
                run(records(collect()), &events),
                buses,
                "generated document {round}"
            );
        }
    }

    #[test]
    fn filters_downstream_see_whole_records() {
        let found = run(
            records(filter_on_field(
                "route",
                "22",
                filter_on_field("direction", "North", collect()),
            )),
            &document(&buses(), |len| len / 2),
        );
        assert_eq!(
            found,
            [buses()[1].clone()],
            "one bus on route 22 goes north"
        );
    }

    #[test]
    fn a_close_in_the_middle_of_a_record_closes_the_target_and_drops_the_half_record() {
        let events = document(&buses(), |len| len / 2);
        let second_bus = events
            .iter()
            .enumerate()
            .filter(|(_, e)| **e == Event::Start("bus".into()))
            .nth(1)
            .map(|(i, _)| i)
            .unwrap();
        for cut in [
            second_bus + 1,
            second_bus + 3,
            second_bus + 4,
            events.len() - 2,
        ] {
            let mut head = records(collect());
            for e in &events[..cut] {
                head.send(e.clone()).unwrap();
            }
            let closed = head.close().unwrap();
            let complete = if cut == events.len() - 2 { 2 } else { 1 };
            assert_eq!(
                closed,
                Some(buses()[..complete].to_vec()),
                "a close mid-document still closes the target (which returns the records so far); \
                 a record not finished by End(\"bus\") is never sent"
            );
        }
    }

    #[test]
    fn a_stray_end_inside_a_bus_does_not_finish_the_record() {
        for stray in ["x", "buses", "route"] {
            let mut events = Vec::new();
            for e in document(&buses(), |len| len / 2) {
                let ends_a_field = matches!(&e, Event::End(tag) if tag != "bus" && tag != "buses");
                events.push(e);
                if ends_a_field {
                    events.push(Event::End(stray.into()));
                }
            }
            assert_eq!(
                run(records(collect()), &events),
                buses(),
                "only End(\"bus\") finishes a record: a stray End({stray:?}) between fields is ignored"
            );
        }
    }
}
