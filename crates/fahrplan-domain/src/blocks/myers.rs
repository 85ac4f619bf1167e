//! A longest common subsequence of two sequences of interned tokens, by Myers' O(ND) algorithm
//! in linear space (E. Myers, "An O(ND) Difference Algorithm and Its Variations", 1986, section
//! 4b: find the middle snake, then solve both halves). Work grows with the size of the
//! difference, not with the square of the length, so two 5,000-word texts that differ in a tenth
//! of their words compare quickly. The halves are kept on an explicit stack, so a long difference
//! cannot exhaust the call stack.

use std::collections::HashMap;

/// Numbers distinct strings, so that sequences of them compare as numbers.
#[derive(Default)]
pub(crate) struct Interner<'a>(HashMap<&'a str, u32>);

impl<'a> Interner<'a> {
    /// The number of `s`: the same for equal strings, different for different ones.
    pub(crate) fn key(&mut self, s: &'a str) -> u32 {
        let next = u32::try_from(self.0.len()).unwrap_or(u32::MAX);
        *self.0.entry(s).or_insert(next)
    }
}

/// The pairs `(i, j)` with `a[i] == b[j]` of a longest common subsequence, in ascending order.
pub(crate) fn common(a: &[u32], b: &[u32]) -> Vec<(usize, usize)> {
    let mut pairs = Vec::with_capacity(a.len().min(b.len()));
    let mut todo = vec![(0, a.len(), 0, b.len())];
    while let Some((mut a_lo, mut a_hi, mut b_lo, mut b_hi)) = todo.pop() {
        while a_lo < a_hi && b_lo < b_hi && a[a_lo] == b[b_lo] {
            pairs.push((a_lo, b_lo));
            a_lo += 1;
            b_lo += 1;
        }
        while a_lo < a_hi && b_lo < b_hi && a[a_hi - 1] == b[b_hi - 1] {
            a_hi -= 1;
            b_hi -= 1;
            pairs.push((a_hi, b_hi));
        }
        if a_lo == a_hi || b_lo == b_hi {
            continue;
        }
        let (x, y) = middle(&a[a_lo..a_hi], &b[b_lo..b_hi]);
        let (n, m) = (a_hi - a_lo, b_hi - b_lo);
        // A split at a corner would hand the same problem on; it cannot happen once the common
        // ends are stripped (the difference is then at least 2 and the paths meet half-way),
        // but the guard keeps the loop finite whatever happens.
        if (x, y) == (0, 0) || (x, y) == (n, m) {
            continue;
        }
        todo.push((a_lo, a_lo + x, b_lo, b_lo + y));
        todo.push((a_lo + x, a_hi, b_lo + y, b_hi));
    }
    pairs.sort_unstable();
    pairs
}

/// Where the forward and the reverse search for a shortest edit script meet: a point `(x, y)`
/// on a shortest path from `(0, 0)` to `(a.len(), b.len())`. Both inputs are non-empty and
/// differ at both ends. Returns `(0, 0)` when they have nothing in common.
fn middle(a: &[u32], b: &[u32]) -> (usize, usize) {
    let n = to_isize(a.len());
    let m = to_isize(b.len());
    let max_d = (n + m + 1) / 2;
    let offset = max_d;
    let width = 2 * max_d + 2;
    let mut forward = vec![-1isize; to_usize(width)];
    let mut reverse = vec![-1isize; to_usize(width)];
    forward[to_usize(offset + 1)] = 0;
    reverse[to_usize(offset + 1)] = 0;
    let delta = n - m;
    // With an odd delta the paths meet on a forward step, with an even one on a reverse step.
    let odd = delta % 2 != 0;
    let (mut k1_start, mut k1_end, mut k2_start, mut k2_end) = (0, 0, 0, 0);
    let at = |a: &[u32], i: isize| a[to_usize(i)];
    for d in 0..max_d {
        let mut k1 = -d + k1_start;
        while k1 <= d - k1_end {
            let i = to_usize(offset + k1);
            let mut x1 = if k1 == -d || (k1 != d && forward[i - 1] < forward[i + 1]) {
                forward[i + 1]
            } else {
                forward[i - 1] + 1
            };
            let mut y1 = x1 - k1;
            while x1 < n && y1 < m && at(a, x1) == at(b, y1) {
                x1 += 1;
                y1 += 1;
            }
            forward[i] = x1;
            if x1 > n {
                k1_end += 2;
            } else if y1 > m {
                k1_start += 2;
            } else if odd {
                let j = offset + delta - k1;
                if j >= 0
                    && j < width
                    && reverse[to_usize(j)] != -1
                    && x1 >= n - reverse[to_usize(j)]
                {
                    return (to_usize(x1), to_usize(y1));
                }
            }
            k1 += 2;
        }
        let mut k2 = -d + k2_start;
        while k2 <= d - k2_end {
            let i = to_usize(offset + k2);
            let mut x2 = if k2 == -d || (k2 != d && reverse[i - 1] < reverse[i + 1]) {
                reverse[i + 1]
            } else {
                reverse[i - 1] + 1
            };
            let mut y2 = x2 - k2;
            while x2 < n && y2 < m && at(a, n - x2 - 1) == at(b, m - y2 - 1) {
                x2 += 1;
                y2 += 1;
            }
            reverse[i] = x2;
            if x2 > n {
                k2_end += 2;
            } else if y2 > m {
                k2_start += 2;
            } else if !odd {
                let j = offset + delta - k2;
                if j >= 0 && j < width && forward[to_usize(j)] != -1 {
                    let x1 = forward[to_usize(j)];
                    let y1 = offset + x1 - j;
                    if x1 >= n - x2 {
                        return (to_usize(x1), to_usize(y1));
                    }
                }
            }
            k2 += 2;
        }
    }
    (0, 0)
}

fn to_isize(n: usize) -> isize {
    isize::try_from(n).unwrap_or(isize::MAX)
}

fn to_usize(n: isize) -> usize {
    usize::try_from(n).unwrap_or(0)
}
