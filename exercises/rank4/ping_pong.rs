// ping_pong: the driver as a go-between
//
// Two coroutines cannot resume each other: a coroutine only yields back to whoever resumed it.
// So when two of them talk, a driver carries every message: it takes what one yields and sends
// it to the other. That is how coroutines coordinate: symmetric on paper, but always through
// whoever drives them.
//
// Python:                                  coro:
//   ball = ping.send("serve")                let mut ball = ping.send("serve".into())...;
//   while hits < 6:                          while log.len() < hits {
//       ball = pong.send(ball)                   ball = pong.send(ball)...;
//       ping, pong = pong, ping                  std::mem::swap(&mut ping, &mut pong);
//
// What to do: write `rally`: prime both players, serve by sending "serve" to ping, then
// forward every hit to the other player until `hits` hits have been made; return them in order.

use coro::{Coroutine, Step};

/// Hits back whatever it receives, saying what it answered.
fn player(name: &'static str) -> Coroutine<String, String> {
    Coroutine::new(move |co| async move {
        let mut hit = String::new();
        let mut n = 0;
        loop {
            let incoming: String = co.yield_(hit).await?;
            n += 1;
            hit = if incoming == "serve" {
                format!("{name} {n} (serves)")
            } else {
                format!(
                    "{name} {n} (returns {})",
                    incoming.split(" (").next().unwrap_or("")
                )
            };
        }
    })
}

/// The first `hits` hits of a rally between ping and pong, ping serving.
fn rally(hits: usize) -> Vec<String> {
    let (mut ping, mut pong) = (player("ping"), player("pong"));
    // TODO: prime both, serve, then forward each hit to the other player.
    todo!("the driver loop")
}

fn main() {}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_hit_is_forwarded_to_the_other_player() {
        assert_eq!(
            rally(6),
            [
                "ping 1 (serves)",
                "pong 1 (returns ping 1)",
                "ping 2 (returns pong 1)",
                "pong 2 (returns ping 2)",
                "ping 3 (returns pong 2)",
                "pong 3 (returns ping 3)",
            ],
            "each player answers exactly the hit the other one made"
        );
    }

    #[test]
    fn the_rally_stops_after_the_requested_hits() {
        assert_eq!(rally(1), ["ping 1 (serves)"]);
        assert!(rally(0).is_empty());
    }
}
