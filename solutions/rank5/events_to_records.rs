// events_to_records: from a stream of parse events to records
//
// A streaming XML parser (SAX, expat) does not build a tree: it reports events as it reads, such
// as "start of <bus>", "text 22", "end of </route>". A coroutine turns them back into records: it
// waits for the start of a record, collects its fields, and sends the finished record down the
// pipeline, where filters and sinks take over. Nothing is ever held but the record in progress.
// (David Beazley's bus example: a pipeline of coroutines over XML events.)
//
// Python:                                  coro:
//   while True:                              loop {
//       event, value = (yield)                   match co.yield_(()).await? {
//       if event == 'start' and value == 'bus':      Event::Start(tag) if tag == "bus" => ...
//           record = {}                              ...
//           ...
//           target.send(record)                  target.send(record)
//
// What to do: write `records`. On `Start("bus")` begin a record; inside a record, `Start(field)`
// names the current field, `Text(t)` is its value, and `End(field)` stores it; on `End("bus")`
// send the record to `target`. When closed, close `target` and return what it returned.

use std::collections::BTreeMap;

use coro::{Coroutine, Interrupt};

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Event {
    Start(String),
    Text(String),
    End(String),
}

pub type Record = BTreeMap<String, String>;
pub type Stage<I> = Coroutine<(), I, Vec<Record>>;

/// Turns events into records and sends each finished record to `target`.
fn records(mut target: Stage<Record>) -> Stage<Event> {
    Coroutine::primed(move |co| async move {
        let mut record: Option<Record> = None;
        let mut field = String::new();
        let mut text = String::new();
        loop {
            match co.yield_(()).await {
                Ok(Event::Start(tag)) if tag == "bus" => record = Some(Record::new()),
                Ok(Event::Start(tag)) => {
                    field = tag;
                    text.clear();
                }
                Ok(Event::Text(t)) => text.push_str(&t),
                Ok(Event::End(tag)) if tag == "bus" => {
                    if let Some(done) = record.take() {
                        let _ = target.send(done);
                    }
                }
                Ok(Event::End(tag)) => {
                    if let (Some(r), true) = (record.as_mut(), tag == field) {
                        r.insert(field.clone(), text.trim().to_string());
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

/// Passes on the records whose `field` is `value`.
fn filter_on_field(
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
fn collect() -> Stage<Record> {
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

    /// The events of an XML document with three buses.
    fn events() -> Vec<Event> {
        let buses = [
            [
                ("id", "7574"),
                ("route", "147"),
                ("direction", "North"),
                ("latitude", "41.92"),
            ],
            [
                ("id", "7584"),
                ("route", "22"),
                ("direction", "North"),
                ("latitude", "41.94"),
            ],
            [
                ("id", "7654"),
                ("route", "22"),
                ("direction", "South"),
                ("latitude", "41.88"),
            ],
        ];
        let mut out = vec![Event::Start("buses".into())];
        for bus in buses {
            out.push(Event::Start("bus".into()));
            for (field, value) in bus {
                out.push(Event::Start(field.into()));
                // Parsers may split text: the record must join it.
                let (a, b) = value.split_at(value.len() / 2);
                out.push(Event::Text(a.into()));
                out.push(Event::Text(b.into()));
                out.push(Event::End(field.into()));
            }
            out.push(Event::End("bus".into()));
        }
        out.push(Event::End("buses".into()));
        out
    }

    fn run(mut head: Stage<Event>) -> Vec<Record> {
        for e in events() {
            head.send(e).unwrap();
        }
        head.close()
            .unwrap()
            .expect("closing the pipeline returns what reached the sink")
    }

    #[test]
    fn every_bus_becomes_one_record_with_all_its_fields() {
        let all = run(records(collect()));
        assert_eq!(all.len(), 3);
        assert_eq!(all[1]["id"], "7584");
        assert_eq!(all[1]["latitude"], "41.94", "split text is joined");
        assert_eq!(all[2].len(), 4, "four fields per record");
    }

    #[test]
    fn filters_downstream_see_whole_records() {
        let found = run(records(filter_on_field(
            "route",
            "22",
            filter_on_field("direction", "North", collect()),
        )));
        assert_eq!(found.len(), 1, "one bus on route 22 goes north: {found:?}");
        let expected: Record = [
            ("id", "7584"),
            ("route", "22"),
            ("direction", "North"),
            ("latitude", "41.94"),
        ]
        .into_iter()
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .collect();
        assert_eq!(found[0], expected);
    }
}
