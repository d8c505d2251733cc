// taxi_fleet: a discrete-event simulation
//
// Each taxi is a coroutine that describes its shift as a straight line of code: leave the
// garage, pick up and drop off passengers, go home. It yields an event, and is sent the time at
// which its next event happens. The simulation keeps every taxi's next event in a priority
// queue, always handles the earliest one, and sends the taxi the time of its next event. Time
// jumps from event to event: nothing sleeps, and the run is the same every time.
// (Fluent Python's taxi_sim.py, with fixed trip times instead of random ones.)
//
// Python:                                  coro:
//   while sim_time < end_time:               while let Some(Reverse((event, i))) = queue.pop() {
//       current = events.get()                   if event.time >= end_time { ... break }
//       next_time = ... duration ...             match taxis[i].send(event.time + duration(..))
//       next_event = taxis[id].send(next_time)       Yielded(next) => queue.push(Reverse((next, i))),
//       events.put(next_event)                       Complete => {} // the taxi went home
//
// What to do: write `simulate`. Prime every taxi and queue its first event; then handle events
// in order of (time, taxi id): log it, send its taxi `event.time + duration(event.action)`, and
// queue what it yields next. Stop at the first event at or after `end_time`; return the log and
// how many events were still queued then (that one included).

use std::cmp::Reverse;
use std::collections::BinaryHeap;

use coro::{Coroutine, Step};

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Action {
    LeaveGarage,
    PickUp,
    DropOff,
    GoHome,
}

/// Ordered by time, then taxi id, then action: the queue's order.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct Event {
    pub time: u32,
    pub taxi: u32,
    pub action: Action,
}

/// How long after an action the taxi's next event comes.
pub fn duration(action: Action) -> u32 {
    match action {
        Action::LeaveGarage => 3,
        Action::PickUp => 5,
        Action::DropOff => 2,
        Action::GoHome => 0,
    }
}

/// One taxi's shift: yields its events, is sent the time of the next one.
fn taxi(id: u32, trips: u32, start: u32) -> Coroutine<Event, u32> {
    Coroutine::new(move |co| async move {
        let event = |time, action| Event {
            time,
            taxi: id,
            action,
        };
        let mut time = co.yield_(event(start, Action::LeaveGarage)).await?;
        for _ in 0..trips {
            time = co.yield_(event(time, Action::PickUp)).await?;
            time = co.yield_(event(time, Action::DropOff)).await?;
        }
        co.yield_(event(time, Action::GoHome)).await?;
        Ok(())
    })
}

/// Runs the fleet until `end_time`; returns the events handled and how many were still queued.
fn simulate(mut taxis: Vec<Coroutine<Event, u32>>, end_time: u32) -> (Vec<Event>, usize) {
    // TODO: a BinaryHeap of Reverse((Event, index)) holds each taxi's next event.
    todo!("the event loop")
}

fn main() {}

#[cfg(test)]
mod tests {
    use super::*;
    use Action::*;

    fn ev(time: u32, taxi: u32, action: Action) -> Event {
        Event { time, taxi, action }
    }

    #[test]
    fn two_taxis_interleave_by_time() {
        let (log, pending) = simulate(vec![taxi(0, 1, 0), taxi(1, 1, 1)], 100);
        assert_eq!(
            log,
            [
                ev(0, 0, LeaveGarage),
                ev(1, 1, LeaveGarage),
                ev(3, 0, PickUp),
                ev(4, 1, PickUp),
                ev(8, 0, DropOff),
                ev(9, 1, DropOff),
                ev(10, 0, GoHome),
                ev(11, 1, GoHome),
            ],
            "events come out in time order, each taxi's next time set by its last action"
        );
        assert_eq!(pending, 0, "both taxis went home");
    }

    #[test]
    fn the_end_time_leaves_later_events_pending() {
        let (log, pending) = simulate(vec![taxi(0, 1, 0), taxi(1, 1, 1)], 5);
        assert_eq!(
            log.len(),
            4,
            "only events before time 5 are handled: {log:?}"
        );
        assert_eq!(pending, 2, "each taxi still has its drop-off queued");
    }

    #[test]
    fn an_event_at_the_end_time_is_not_handled() {
        let (log, pending) = simulate(vec![taxi(0, 1, 0), taxi(1, 1, 1)], 8);
        assert_eq!(
            log.last(),
            Some(&ev(4, 1, PickUp)),
            "the simulation stops at the first event at or after the end time"
        );
        assert_eq!(pending, 2, "the drop-off at time 8 is still pending");
    }

    #[test]
    fn ties_in_time_go_to_the_lower_taxi_id() {
        let (log, _) = simulate(vec![taxi(7, 0, 0), taxi(2, 0, 0)], 100);
        assert_eq!(
            log,
            [
                ev(0, 2, LeaveGarage),
                ev(0, 7, LeaveGarage),
                ev(3, 2, GoHome),
                ev(3, 7, GoHome)
            ]
        );
    }

    #[test]
    fn more_trips_mean_more_events() {
        let (log, _) = simulate(vec![taxi(0, 3, 0)], 1000);
        assert_eq!(
            log.len(),
            2 + 2 * 3,
            "leave, three pick-ups and drop-offs, home"
        );
        assert_eq!(log.last(), Some(&ev(3 + 3 * 7 - 2 + 2, 0, GoHome)));
    }
}
