// same_fringe: comparing two trees lazily
//
// The classic problem that coroutines solve and recursion alone does not: do two binary trees
// have the same leaves, left to right, whatever their shapes? Walking both trees in lockstep
// needs two walks paused in the middle at once. A recursive generator per tree, compared one leaf
// at a time, stops at the first difference without visiting the rest of either tree.
//
// Python:                                  coro:
//   def leaves(t):                           fn leaves(t) -> Coroutine<i32> {
//       if t.is_leaf: yield t.value              match t { Leaf(v) => co.yield_(v), Node(l, r) => {
//       else:                                        co.delegate(leaves(l)).await?;
//           yield from leaves(t.left)                co.delegate(leaves(r)).await?; } }
//           yield from leaves(t.right)
//   all(a == b for a, b in zip_longest(leaves(x), leaves(y)))
//
// What to do: write `leaves` (recursive, with delegate) and `same_fringe` (lazy: it must stop at
// the first difference). `leaves` counts every node it enters in `visited`.

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
        assert!(
            visited <= 4,
            "only each root and its first leaf are needed, but {visited} nodes were visited"
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
        assert!(
            visited <= 3 + 11,
            "only the path to the first leaf of each tree is needed, but {visited} nodes were visited"
        );
    }

    #[test]
    fn a_tree_whose_leaves_are_a_prefix_of_the_other_differs() {
        let short = node(leaf(1), leaf(2));
        let long = node(node(leaf(1), leaf(2)), leaf(3));
        assert!(!check(short.clone(), long.clone()).0);
        assert!(!check(long, short).0);
    }

    #[test]
    fn equal_big_trees_have_the_same_fringe() {
        let (same, visited) = check(balanced(0, 1000), balanced(0, 1000));
        assert!(same);
        assert_eq!(
            visited,
            2 * 1999,
            "every node of both trees is visited once"
        );
    }
}
