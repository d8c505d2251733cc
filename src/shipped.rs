//! The exercises as shipped, embedded in the binary when it was first built.

include!(concat!(env!("OUT_DIR"), "/shipped.rs"));

/// The shipped text of the exercise at `rel` (`exercises/rank1/x.rs`), if it was embedded.
pub fn exercise(rel: &std::path::Path) -> Option<&'static str> {
    let rel = rel.to_string_lossy().replace('\\', "/");
    SHIPPED
        .iter()
        .find(|(p, _)| *p == rel)
        .map(|(_, text)| *text)
}
