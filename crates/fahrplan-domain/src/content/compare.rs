//! Two editions compared as data (issue 16, "History"): following the succession links of the
//! earlier edition's areas, which areas continued, split, merged, were regrouped, dropped or
//! added. Areas that only group others (a parent of areas) are left out: they carry no content
//! of their own to follow.

/// What became of a group of areas between two editions.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AreaShift {
    /// One area became one area.
    Continued,
    /// One area became several.
    Split,
    /// Several areas became one.
    Merged,
    /// Several areas became several others, crosswise.
    Regrouped,
    /// An earlier area with no successor.
    Dropped,
    /// A later area that no earlier one leads to.
    Added,
}

impl AreaShift {
    /// The wire value.
    pub fn as_str(self) -> &'static str {
        match self {
            AreaShift::Continued => "continued",
            AreaShift::Split => "split",
            AreaShift::Merged => "merged",
            AreaShift::Regrouped => "regrouped",
            AreaShift::Dropped => "dropped",
            AreaShift::Added => "added",
        }
    }
}

/// One connected group of areas and what became of it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EditionChange {
    /// What happened.
    pub shift: AreaShift,
    /// Slugs of the earlier edition's areas, in their order.
    pub from: Vec<String>,
    /// Slugs of the later edition's areas, in their order.
    pub to: Vec<String>,
}

fn find(parent: &mut [usize], mut i: usize) -> usize {
    while parent[i] != i {
        parent[i] = parent[parent[i]];
        i = parent[i];
    }
    i
}

/// Compares `old` and `new` (area slugs in edition order, grouping areas left out by the
/// caller) along `links` (earlier slug → later slug; links to or from areas not listed are
/// ignored). Groups come in the order of their first earlier area, added areas last in the
/// later edition's order.
pub fn compare_editions(old: &[&str], new: &[&str], links: &[(&str, &str)]) -> Vec<EditionChange> {
    let n = old.len() + new.len();
    let mut parent: Vec<usize> = (0..n).collect();
    let pos_old = |s: &str| old.iter().position(|o| *o == s);
    let pos_new = |s: &str| new.iter().position(|o| *o == s).map(|i| i + old.len());
    let mut linked = vec![false; n];
    for (a, b) in links {
        if let (Some(i), Some(j)) = (pos_old(a), pos_new(b)) {
            linked[i] = true;
            linked[j] = true;
            let (ri, rj) = (find(&mut parent, i), find(&mut parent, j));
            parent[ri] = rj;
        }
    }
    let mut out: Vec<EditionChange> = Vec::new();
    let mut seen_roots: Vec<usize> = Vec::new();
    for i in 0..old.len() {
        if !linked[i] {
            out.push(EditionChange {
                shift: AreaShift::Dropped,
                from: vec![old[i].to_owned()],
                to: Vec::new(),
            });
            continue;
        }
        let root = find(&mut parent, i);
        if seen_roots.contains(&root) {
            continue;
        }
        seen_roots.push(root);
        let mut from = Vec::new();
        let mut to = Vec::new();
        for k in 0..n {
            if linked[k] && find(&mut parent, k) == root {
                if k < old.len() {
                    from.push(old[k].to_owned());
                } else {
                    to.push(new[k - old.len()].to_owned());
                }
            }
        }
        let shift = match (from.len(), to.len()) {
            (1, 1) => AreaShift::Continued,
            (1, _) => AreaShift::Split,
            (_, 1) => AreaShift::Merged,
            _ => AreaShift::Regrouped,
        };
        out.push(EditionChange { shift, from, to });
    }
    for (j, slug) in new.iter().enumerate() {
        if !linked[j + old.len()] {
            out.push(EditionChange {
                shift: AreaShift::Added,
                from: Vec::new(),
                to: vec![(*slug).to_owned()],
            });
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn shifts(c: &[EditionChange]) -> Vec<(AreaShift, String, String)> {
        c.iter()
            .map(|e| (e.shift, e.from.join(","), e.to.join(",")))
            .collect()
    }

    #[test]
    fn each_kind_of_succession_is_named_and_nothing_is_left_out() {
        let old = ["a", "b", "c", "d", "e", "f", "g"];
        let new = ["x", "y", "z", "u", "v", "w", "neu"];
        let links = [
            ("a", "x"),
            ("b", "y"),
            ("b", "z"),
            ("c", "u"),
            ("d", "u"),
            ("e", "v"),
            ("f", "v"),
            ("f", "w"),
            ("zzz", "x"),
        ];
        let got = shifts(&compare_editions(&old, &new, &links));
        assert_eq!(
            got,
            vec![
                (AreaShift::Continued, "a".into(), "x".into()),
                (AreaShift::Split, "b".into(), "y,z".into()),
                (AreaShift::Merged, "c,d".into(), "u".into()),
                (AreaShift::Regrouped, "e,f".into(), "v,w".into()),
                (AreaShift::Dropped, "g".into(), String::new()),
                (AreaShift::Added, String::new(), "neu".into()),
            ]
        );
    }

    #[test]
    fn editions_without_links_show_every_area_as_dropped_or_added() {
        let got = compare_editions(&["a"], &["b"], &[]);
        assert_eq!(got.len(), 2);
        assert_eq!(got[0].shift, AreaShift::Dropped);
        assert_eq!(got[1].shift, AreaShift::Added);
        assert!(compare_editions(&[], &[], &[]).is_empty());
    }
}
