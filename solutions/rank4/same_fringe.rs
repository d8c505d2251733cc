// same_fringe: comparing two trees lazily
//
// Why this works: `leaves` is a recursive generator. A leaf yields its value; a node delegates
// to the generator of its left subtree, then to that of its right subtree, so everything they
// yield goes straight out, left to right, and each node is entered only when the walk gets to
// it. `same_fringe` asks both walks for one leaf at a time and stops at the first pair that
// differs, where "one walk ended and the other did not" is a difference too: the walks never
// visit a node past that point. A close reaches the innermost delegated walk first and `?`
// unwinds every level, so a closed walk enters no further node.

use std::cell::Cell;
use std::rc::Rc;

use coro::Coroutine;

#[derive(Debug)]
pub enum Tree {
    Leaf(i32),
    Node(Rc<Tree>, Rc<Tree>),
}

/// The leaves of `tree`, left to right, counting each node entered.
fn leaves(tree: Rc<Tree>, visited: Rc<Cell<usize>>) -> Coroutine<i32> {
    Coroutine::new(move |co| async move {
        visited.set(visited.get() + 1);
        match &*tree {
            Tree::Leaf(v) => {
                co.yield_(*v).await?;
            }
            Tree::Node(left, right) => {
                co.delegate(leaves(left.clone(), visited.clone())).await?;
                co.delegate(leaves(right.clone(), visited)).await?;
            }
        }
        Ok(())
    })
}

/// Whether both trees have the same leaves in the same order; stops at the first difference.
fn same_fringe(a: Rc<Tree>, b: Rc<Tree>, visited: Rc<Cell<usize>>) -> bool {
    let (mut x, mut y) = (leaves(a, visited.clone()), leaves(b, visited));
    loop {
        match (x.next(), y.next()) {
            (None, None) => return true,
            (l, r) if l != r => return false,
            _ => {}
        }
    }
}

fn main() {}

#[cfg(test)]
mod tests {
    use super::*;
    use coro::State;

    fn leaf(v: i32) -> Rc<Tree> {
        Rc::new(Tree::Leaf(v))
    }

    fn node(l: Rc<Tree>, r: Rc<Tree>) -> Rc<Tree> {
        Rc::new(Tree::Node(l, r))
    }

    /// A balanced tree over the values first..first+count.
    fn balanced(first: i32, count: i32) -> Rc<Tree> {
        if count == 1 {
            leaf(first)
        } else {
            let half = count / 2;
            node(balanced(first, half), balanced(first + half, count - half))
        }
    }

    /// A small seeded generator (an LCG), so the generated cases are the same every run.
    fn lcg(seed: &mut u64) -> u64 {
        *seed = seed
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        *seed >> 33
    }

    /// A tree of some random shape whose leaves are `values`, in order.
    fn shaped(values: &[i32], seed: &mut u64) -> Rc<Tree> {
        if values.len() == 1 {
            return leaf(values[0]);
        }
        let split = 1 + lcg(seed) as usize % (values.len() - 1);
        node(shaped(&values[..split], seed), shaped(&values[split..], seed))
    }

    /// The nodes a pre-order walk enters up to and including the leaf number `k` (from 0), or
    /// the whole tree if it has no such leaf; and the number of leaves passed.
    fn entered_until(tree: &Tree, k: usize, leaves_seen: &mut usize) -> usize {
        if *leaves_seen > k {
            return 0;
        }
        match tree {
            Tree::Leaf(_) => {
                *leaves_seen += 1;
                1
            }
            Tree::Node(l, r) => {
                let left = entered_until(l, k, leaves_seen);
                1 + left + entered_until(r, k, leaves_seen)
            }
        }
    }

    fn entered(tree: &Tree, k: usize) -> usize {
        entered_until(tree, k, &mut 0)
    }

    fn check(a: Rc<Tree>, b: Rc<Tree>) -> (bool, usize) {
        let visited = Rc::new(Cell::new(0));
        (same_fringe(a, b, visited.clone()), visited.get())
    }

    #[test]
    fn different_shapes_with_the_same_leaves_have_the_same_fringe() {
        let left_leaning = node(node(leaf(1), leaf(2)), leaf(3));
        let right_leaning = node(leaf(1), node(leaf(2), leaf(3)));
        assert!(check(left_leaning, right_leaning).0);
    }

    #[test]
    fn a_different_first_leaf_is_found_without_walking_the_trees() {
        // Two trees of 1000 leaves each whose first leaves, right under the root, differ.
        let a = node(leaf(-1), balanced(1, 999));
        let b = node(leaf(0), balanced(1, 999));
        let (same, visited) = check(a, b);
        assert!(!same, "the first leaves differ");
        assert_eq!(
            visited, 4,
            "only each root and its first leaf are needed to see the difference"
        );
    }

    #[test]
    fn a_difference_deep_in_the_tree_is_found_on_the_path_to_it() {
        // 1024 leaves each; only the leftmost two differ, ten levels down.
        let b = balanced(0, 1024);
        let Tree::Node(_, right) = &*b else {
            unreachable!()
        };
        let a = node(node(leaf(-1), leaf(-2)), right.clone());
        let (same, visited) = check(a, b.clone());
        assert!(!same, "the first leaves differ");
        assert_eq!(
            visited,
            3 + 11,
            "only the path to the first leaf of each tree is needed"
        );
    }

    #[test]
    fn a_tree_whose_leaves_are_a_prefix_of_the_other_differs() {
        let short = node(leaf(1), leaf(2));
        let long = node(node(leaf(1), leaf(2)), leaf(3));
        assert!(!check(short.clone(), long.clone()).0, "one walk ended first");
        assert!(!check(long, short).0, "one walk ended first, whichever it is");
        assert!(check(leaf(7), leaf(7)).0, "a single leaf is a fringe too");
    }

    #[test]
    fn generated_trees_are_compared_leaf_by_leaf_and_no_further() {
        let mut seed = 3;
        for case in 0..60 {
            let len = 1 + lcg(&mut seed) as usize % 40;
            let values: Vec<i32> = (0..len).map(|_| (lcg(&mut seed) % 5) as i32).collect();
            let a = shaped(&values, &mut seed);
            let b = shaped(&values, &mut seed);
            let (same, visited) = check(a.clone(), b.clone());
            assert!(same, "case {case}: same leaves, different shapes");
            assert_eq!(
                visited,
                2 * (2 * len - 1),
                "case {case}: equal fringes are walked to the end, each node entered once"
            );
            // Change one leaf of a copy of the values: the walks stop at that leaf.
            let k = lcg(&mut seed) as usize % len;
            let mut changed = values.clone();
            changed[k] += 10;
            let c = shaped(&changed, &mut seed);
            let (same, visited) = check(a.clone(), c.clone());
            assert!(!same, "case {case}: leaf {k} differs");
            assert_eq!(
                visited,
                entered(&a, k) + entered(&c, k),
                "case {case}: the walks enter no node past the first leaf that differs"
            );
        }
    }

    #[test]
    fn equal_big_trees_have_the_same_fringe() {
        let (same, visited) = check(balanced(0, 1000), balanced(0, 1000));
        assert!(same);
        assert_eq!(visited, 2 * 1999, "every node of both trees is visited once");
    }

    #[test]
    fn a_closed_walk_enters_no_further_node() {
        // Close a walk after each number of leaves taken: in the left subtree, in the right one,
        // and a walk that is a single leaf.
        for (tree, leaves_count) in [(balanced(0, 8), 8), (leaf(7), 1)] {
            for taken in 1..=leaves_count {
                let visited = Rc::new(Cell::new(0));
                let mut walk = leaves(tree.clone(), visited.clone());
                for _ in 0..taken {
                    assert!(walk.next().is_some());
                }
                let before = visited.get();
                assert_eq!(
                    walk.close(),
                    Ok(None),
                    "a closed walk stops at the yield_ where it waits, at every level of \
                     delegation (closed after {taken} leaves)"
                );
                assert_eq!(walk.state(), State::Closed);
                assert_eq!(visited.get(), before, "closing enters no further node");
                assert_eq!(walk.next(), None, "a closed generator answers None");
            }
        }
    }
}
