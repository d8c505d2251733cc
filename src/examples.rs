//! The runnable examples of the core (`coro/examples/*.rs`): which rank each belongs to (the
//! `rankN_` its name starts with) and what it shows (the first sentence of its `//!` comment).

use std::fs;
use std::path::{Path, PathBuf};

use anyhow::{Context, Result, bail};

/// Where the examples live, under the course root.
pub const DIR: &str = "coro/examples";

/// One runnable example.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Example {
    /// The file stem: `rank2_running_average`.
    pub name: String,
    pub rank: u32,
    /// What it shows, in one line.
    pub summary: String,
    /// Relative to the course root.
    pub path: PathBuf,
}

/// Every example under `root`, by rank and then name. A file whose name does not start with
/// `rankN_` is an error: the course must say where each example belongs.
pub fn find(root: &Path) -> Result<Vec<Example>> {
    let dir = root.join(DIR);
    let entries = match fs::read_dir(&dir) {
        Ok(entries) => entries,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(vec![]),
        Err(e) => return Err(e).with_context(|| format!("cannot read {}", dir.display())),
    };
    let mut examples = Vec::new();
    for entry in entries {
        let path = entry
            .with_context(|| format!("cannot read {}", dir.display()))?
            .path();
        if path.extension().is_none_or(|x| x != "rs") {
            continue;
        }
        let name = path
            .file_stem()
            .and_then(|s| s.to_str())
            .unwrap_or_default()
            .to_string();
        let Some(rank) = rank_of(&name) else {
            bail!(
                "{}: an example's name starts with its rank (rank1_ to rank5_), so that watch \
                 mode and `examples` can show it beside that rank; rename it",
                path.display()
            );
        };
        let text =
            fs::read_to_string(&path).with_context(|| format!("cannot read {}", path.display()))?;
        examples.push(Example {
            summary: summary(&text),
            rank,
            path: Path::new(DIR).join(format!("{name}.rs")),
            name,
        });
    }
    examples.sort_by(|a, b| (a.rank, &a.name).cmp(&(b.rank, &b.name)));
    Ok(examples)
}

/// The `N` of a name `rankN_...`.
fn rank_of(name: &str) -> Option<u32> {
    let rest = name.strip_prefix("rank")?;
    let (number, tail) = rest.split_once('_')?;
    (!tail.is_empty()).then_some(())?;
    number.parse().ok()
}

/// The first sentence of the file's `//!` comment (past a short lead-in such as `A
/// broadcast:`), on one line.
fn summary(text: &str) -> String {
    let mut words = String::new();
    for line in text.lines() {
        let Some(doc) = line.strip_prefix("//!") else {
            break;
        };
        let doc = doc.trim();
        if doc.is_empty() {
            if words.is_empty() {
                continue;
            }
            break;
        }
        if !words.is_empty() {
            words.push(' ');
        }
        words.push_str(doc);
    }
    // Up to the first ". " or ": " that leaves at least a few words.
    let end = words
        .match_indices(['.', ':'])
        .map(|(i, _)| i)
        .find(|&i| i >= 24 && words[i + 1..].starts_with(' '))
        .unwrap_or(words.len());
    words[..end].trim_end_matches('.').to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_rank_comes_from_the_name() {
        assert_eq!(rank_of("rank3_log_stats"), Some(3));
        assert_eq!(rank_of("rank3_"), None);
        assert_eq!(rank_of("broadcast"), None);
        assert_eq!(rank_of("rankx_a"), None);
    }

    #[test]
    fn the_summary_is_the_first_sentence_of_the_module_comment() {
        let text = "//! A generator is an `Iterator`. Adapters pull from it\n//! lazily.\n//!\n//! more\nuse x;\n";
        assert_eq!(summary(text), "A generator is an `Iterator`");
        let text = "//! A broadcast: one source, several sinks. The rest.\n";
        assert_eq!(summary(text), "A broadcast: one source, several sinks");
        let text = "//! Who runs when\n//! and why\n\nfn main() {}\n";
        assert_eq!(summary(text), "Who runs when and why");
    }

    #[test]
    fn the_shipped_examples_give_each_rank_at_least_two() {
        let root = Path::new(env!("CARGO_MANIFEST_DIR"));
        let examples = find(root).unwrap();
        for rank in 1..=5 {
            let count = examples.iter().filter(|e| e.rank == rank).count();
            assert!(count >= 2, "rank {rank} has {count} examples");
        }
    }

    #[test]
    fn an_example_without_a_rank_is_named_in_the_error() {
        let dir = tempfile::tempdir().unwrap();
        fs::create_dir_all(dir.path().join(DIR)).unwrap();
        fs::write(dir.path().join(DIR).join("stray.rs"), "fn main() {}\n").unwrap();
        let err = find(dir.path()).unwrap_err().to_string();
        assert!(err.contains("stray.rs") && err.contains("rank1_"), "{err}");
    }
}
