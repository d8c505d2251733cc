// running_average: state that lives between sends (solution)
//
// Why this works: the two sums and the last average are locals declared before the loop, so
// they are fields of the state machine the compiler builds from the body and survive every
// suspension at `yield_`. Each send resumes the body right after the `yield_`, which hands the
// sample in; the body folds it into the sums and goes round the loop to yield the new average,
// which is what that same send returns. A sample whose weight is not positive is left out
// before it touches the sums: `weight > 0.0` is false for 0, for negatives and for NaN, so
// `average` stays `None` until some weight has been counted, and never becomes 0/0.
// `co.yield_(..).await?` passes a close straight out, so closing unwinds the body.

use coro::Coroutine;

/// One measurement and how much it counts.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct Sample {
    pub value: f64,
    pub weight: f64,
}

/// Yields the weighted mean of every sample sent so far; `None` while no weight has counted.
fn weighted_average() -> Coroutine<Option<f64>, Sample> {
    Coroutine::new(|co| async move {
        let mut weighted_sum = 0.0;
        let mut total_weight = 0.0;
        let mut average = None;
        loop {
            let sample: Sample = co.yield_(average).await?;
            if sample.weight > 0.0 {
                weighted_sum += sample.value * sample.weight;
                total_weight += sample.weight;
                average = Some(weighted_sum / total_weight);
            }
        }
    })
}

fn main() {}

#[cfg(test)]
mod tests {
    use super::*;
    use coro::{Error, State, Step};

    fn s(value: f64, weight: f64) -> Sample {
        Sample { value, weight }
    }

    fn reply(c: &mut Coroutine<Option<f64>, Sample>, sample: Sample) -> Option<f64> {
        match c.send(sample) {
            Ok(Step::Yielded(average)) => average,
            _ => panic!("every send must be answered with a yield: the averager never ends"),
        }
    }

    fn close_to(got: Option<f64>, want: f64) -> bool {
        got.is_some_and(|g| (g - want).abs() < 1e-9)
    }

    /// A small seeded generator, so that the test is the same on every run.
    fn lcg(mut state: u64) -> impl FnMut(u64) -> u64 {
        move |bound| {
            state = state
                .wrapping_mul(6364136223846793005)
                .wrapping_add(1442695040888963407);
            (state >> 33) % bound
        }
    }

    #[test]
    fn priming_yields_none_because_nothing_has_been_averaged() {
        let mut avg = weighted_average();
        assert!(
            avg.prime() == Ok(Step::Yielded(None)),
            "the first yield comes before any sample: there is no average yet, so it is None"
        );
    }

    #[test]
    fn each_send_is_answered_with_the_weighted_mean_so_far() {
        let mut avg = weighted_average();
        avg.prime().unwrap();
        let got = reply(&mut avg, s(10.0, 1.0));
        assert!(
            close_to(got, 10.0),
            "after (10, weight 1) the mean is 10, not {got:?}"
        );
        let got = reply(&mut avg, s(30.0, 1.0));
        assert!(
            close_to(got, 20.0),
            "after (30, weight 1) the mean is 20, not {got:?}"
        );
        let got = reply(&mut avg, s(5.0, 2.0));
        assert!(
            close_to(got, 12.5),
            "(10*1 + 30*1 + 5*2) / 4 = 12.5: a weight of 2 counts twice, not {got:?}"
        );
    }

    #[test]
    fn weights_matter() {
        let mut avg = weighted_average();
        avg.prime().unwrap();
        reply(&mut avg, s(1.0, 3.0));
        let got = reply(&mut avg, s(5.0, 1.0));
        assert!(
            close_to(got, 2.0),
            "(1*3 + 5*1) / (3 + 1) = 2, not the plain mean 3: got {got:?}"
        );
        let got = reply(&mut avg, s(8.0, 0.5));
        assert!(
            close_to(got, 12.0 / 4.5),
            "(3 + 5 + 8*0.5) / 4.5: got {got:?}"
        );
    }

    #[test]
    fn generated_samples_give_the_weighted_mean() {
        for seed in 1..=20 {
            let mut next = lcg(seed);
            let mut avg = weighted_average();
            avg.prime().unwrap();
            let (mut sum, mut weights) = (0.0, 0.0);
            for step in 0..(5 + seed) {
                let value = next(200) as f64 - 100.0;
                let weight = next(4) as f64 * 0.5; // 0, 0.5, 1 or 1.5
                let got = reply(&mut avg, s(value, weight));
                if weight > 0.0 {
                    sum += value * weight;
                    weights += weight;
                }
                let ok = if weights > 0.0 {
                    close_to(got, sum / weights)
                } else {
                    got.is_none()
                };
                assert!(
                    ok,
                    "seed {seed}, sample {step}: the reply must be the weighted mean of every \
                     sample so far (None while no weight has counted), got {got:?}"
                );
            }
        }
    }

    #[test]
    fn samples_without_positive_weight_change_nothing() {
        let mut avg = weighted_average();
        avg.prime().unwrap();
        assert!(
            reply(&mut avg, s(7.0, 0.0)).is_none(),
            "a weight of 0 counts nothing: still no average (and never 0/0 = NaN)"
        );
        assert!(
            reply(&mut avg, s(7.0, -1.0)).is_none(),
            "a negative weight is ignored"
        );
        assert!(
            reply(&mut avg, s(7.0, f64::NAN)).is_none(),
            "a NaN weight is ignored"
        );
        let got = reply(&mut avg, s(4.0, 1e-9));
        assert!(
            close_to(got, 4.0),
            "the smallest positive weight counts: got {got:?}"
        );
        let got = reply(&mut avg, s(100.0, 0.0));
        assert!(
            close_to(got, 4.0),
            "a weight of 0 leaves the average as it was: got {got:?}"
        );
        let got = reply(&mut avg, s(100.0, -5.0));
        assert!(
            close_to(got, 4.0),
            "a negative weight leaves it as it was: got {got:?}"
        );
    }

    #[test]
    fn two_averagers_keep_separate_state() {
        let (mut a, mut b) = (weighted_average(), weighted_average());
        a.prime().unwrap();
        b.prime().unwrap();
        reply(&mut a, s(100.0, 1.0));
        let got = reply(&mut b, s(1.0, 1.0));
        assert!(close_to(got, 1.0), "b has seen only 1.0, but says {got:?}");
        let got = reply(&mut a, s(0.0, 1.0));
        assert!(
            close_to(got, 50.0),
            "a has seen 100 and 0, but says {got:?}"
        );
    }

    #[test]
    fn close_ends_the_averager() {
        let mut avg = weighted_average();
        avg.prime().unwrap();
        reply(&mut avg, s(3.0, 1.0));
        assert!(
            avg.close() == Ok(None),
            "close must unwind the body (let the close out with `?`): the averager has no \
             summary to return, and it must not yield again"
        );
        assert_eq!(
            avg.state(),
            State::Closed,
            "after close the averager is closed"
        );
        assert!(
            avg.send(s(1.0, 1.0)) == Err(Error::Closed),
            "a closed averager takes no more samples"
        );
    }
}
