// taxi_fleet: a discrete-event simulation
//
// Each taxi is a coroutine that tells its shift as a straight line of code: leave the garage,
// pick up and drop off passengers, go home. It yields an event, and is sent the time at which
// its next event happens. The simulation is the driver: it keeps every taxi's next event in a
// priority queue, always handles the earliest one, and sends that taxi the time of its next
// event. Time jumps from event to event: nothing sleeps, and the run is the same every time.
// (Fluent Python's taxi_sim.py, with fixed trip times instead of random ones.)
//
// Python's tools, and their Rust counterparts:
//   heapq.heappush(q, item) / heappop(q)    std::collections::BinaryHeap: push / pop, but it
//                                           pops the LARGEST item; std::cmp::Reverse(item)
//                                           turns the order around
//   (time, taxi_id, action) tuples compare  `Event` derives Ord: by time, then taxi, then action
//   field by field
//   next_time = time + duration(action)     `duration` below
//
// What to do: write `simulate`. Prime every taxi and queue its first event (remember which taxi
// it came from). Then handle events in order: log the event, send its taxi the time of its next
// event (`event.time + duration(event.action)`), and queue what it yields; a taxi that returns
// has gone home. Stop at the first event at or after `end_time`, without handling it. Finally
// close every taxi that has not gone home, in fleet order, and report what each close returned.
// The tests watch which taxi is resumed when: a taxi must never run ahead of the clock.

use std::cell::RefCell;
use std::rc::Rc;

use coro::{Coroutine, Interrupt};

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

/// The events taxis were resumed after, in the order they were resumed (shared with the tests).
pub type Resumed = Rc<RefCell<Vec<Event>>>;

/// One taxi's shift: yields its events, is sent the time of the next one. Returns the trips it
/// completed, when it goes home or when it is closed.
fn taxi(id: u32, trips: u32, start: u32, resumed: Resumed) -> Coroutine<Event, u32, u32> {
    Coroutine::new(move |co| async move {
        let mut done = 0;
        let shift = async {
            let mut event = Event {
                time: start,
                taxi: id,
                action: Action::LeaveGarage,
            };
            let next = |time, action, event: &mut Event| {
                resumed.borrow_mut().push(*event);
                *event = Event {
                    time,
                    taxi: id,
                    action,
                };
            };
            let mut time = co.yield_(event).await?;
            for _ in 0..trips {
                next(time, Action::PickUp, &mut event);
                time = co.yield_(event).await?;
                next(time, Action::DropOff, &mut event);
                time = co.yield_(event).await?;
                done += 1;
            }
            next(time, Action::GoHome, &mut event);
            co.yield_(event).await?;
            resumed.borrow_mut().push(event);
            Ok(())
        };
        match shift.await {
            Ok(()) | Err(Interrupt::Close) => Ok(done),
            Err(other) => Err(other),
        }
    })
}

/// What a run produced.
#[derive(Debug, PartialEq)]
pub struct Report {
    /// The events handled, in order.
    pub log: Vec<Event>,
    /// For each taxi that had not gone home when the run stopped, in fleet order, the trips it
    /// completed (what its close returned).
    pub stranded: Vec<u32>,
}

/// Runs the fleet until its first event at or after `end_time`, then closes the taxis still out.
fn simulate(_taxis: Vec<Coroutine<Event, u32, u32>>, _end_time: u32) -> Report {
    // TODO: the event loop, then close the taxis still out.
    todo!("the simulation")
}

fn main() {}

#[cfg(test)]
mod tests {
    use super::*;
    use Action::*;

    fn ev(time: u32, taxi: u32, action: Action) -> Event {
        Event { time, taxi, action }
    }

    /// Makes the fleet (id, trips, start), runs it, and checks that the taxis were resumed in
    /// the order the events were handled.
    fn run(fleet: &[(u32, u32, u32)], end_time: u32) -> Report {
        let resumed = Resumed::default();
        let taxis = fleet
            .iter()
            .map(|&(id, trips, start)| taxi(id, trips, start, resumed.clone()))
            .collect();
        let report = simulate(taxis, end_time);
        assert!(
            *resumed.borrow() == report.log,
            "each handled event resumes its taxi at once, in time order: a taxi must not run \
             ahead of the simulated clock"
        );
        report
    }

    /// One taxi's events on its own: they do not depend on the other taxis.
    fn shift(id: u32, trips: u32, start: u32) -> Vec<Event> {
        let mut events = vec![ev(start, id, LeaveGarage)];
        let mut time = start + 3;
        for _ in 0..trips {
            events.push(ev(time, id, PickUp));
            events.push(ev(time + 5, id, DropOff));
            time += 7;
        }
        events.push(ev(time, id, GoHome));
        events
    }

    /// A small seeded generator (an LCG), so the generated cases are the same every run.
    fn lcg(seed: &mut u64) -> u64 {
        *seed = seed
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        *seed >> 33
    }

    #[test]
    fn two_taxis_interleave_by_time() {
        let report = run(&[(0, 1, 0), (1, 1, 1)], 100);
        assert_eq!(
            report.log,
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
        assert!(report.stranded.is_empty(), "both taxis went home");
    }

    #[test]
    fn the_end_time_leaves_taxis_out_and_they_are_closed() {
        let report = run(&[(0, 1, 0), (1, 1, 1)], 5);
        assert_eq!(report.log.len(), 4, "only events before time 5 are handled");
        assert_eq!(
            report.stranded,
            [0, 0],
            "both taxis are closed on their way to a drop-off: no trip completed yet"
        );
    }

    #[test]
    fn an_event_at_the_end_time_is_not_handled() {
        // Taxi 0 drops off at 8; taxi 1 at 9.
        let report = run(&[(0, 1, 0), (1, 1, 1)], 8);
        assert_eq!(report.log.last(), Some(&ev(4, 1, PickUp)), "the run stops before time 8");
        assert_eq!(report.stranded, [0, 0]);
        let report = run(&[(0, 1, 0), (1, 1, 1)], 9);
        assert_eq!(report.log.last(), Some(&ev(8, 0, DropOff)), "time 8 is before 9");
        assert_eq!(report.stranded, [1, 0], "taxi 0 completed its trip at 8");
        let report = run(&[(0, 1, 0), (1, 1, 1)], 7);
        assert_eq!(report.log.last(), Some(&ev(4, 1, PickUp)));
    }

    #[test]
    fn ties_in_time_go_to_the_lower_taxi_id() {
        let report = run(&[(7, 0, 0), (2, 0, 0)], 100);
        assert_eq!(
            report.log,
            [
                ev(0, 2, LeaveGarage),
                ev(0, 7, LeaveGarage),
                ev(3, 2, GoHome),
                ev(3, 7, GoHome)
            ],
            "at equal times the lower taxi id goes first, whatever the fleet order"
        );
    }

    #[test]
    fn a_taxi_that_never_left_is_closed_too() {
        let report = run(&[(0, 2, 0), (1, 1, 50)], 16);
        assert_eq!(
            report.stranded,
            [2, 0],
            "taxi 0 is on its way home after two trips; taxi 1 never left the garage, and is closed as well"
        );
    }

    #[test]
    fn generated_fleets_follow_simulated_time() {
        let mut seed = 23;
        for case in 0..50 {
            let count = 1 + lcg(&mut seed) % 5;
            let fleet: Vec<(u32, u32, u32)> = (0..count as u32)
                .map(|i| (10 - i, lcg(&mut seed) as u32 % 4, lcg(&mut seed) as u32 % 12))
                .collect();
            let end_time = lcg(&mut seed) as u32 % 40;
            let report = run(&fleet, end_time);
            let mut want: Vec<Event> = fleet
                .iter()
                .flat_map(|&(id, trips, start)| shift(id, trips, start))
                .filter(|e| e.time < end_time)
                .collect();
            want.sort();
            assert_eq!(report.log, want, "case {case}: every event before the end, in order");
            let stranded: Vec<u32> = fleet
                .iter()
                .filter(|&&(id, trips, start)| shift(id, trips, start).last().unwrap().time >= end_time)
                .map(|&(id, trips, start)| {
                    let s = shift(id, trips, start);
                    s.iter().filter(|e| e.action == DropOff && e.time < end_time).count() as u32
                })
                .collect();
            assert_eq!(
                report.stranded, stranded,
                "case {case}: every taxi still out is closed, and reports the trips it completed"
            );
        }
    }
}
