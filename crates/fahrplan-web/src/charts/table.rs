//! A chart's numbers as a table: the `<table>` beside the chart and the CSV download, both from
//! the rows the chart was drawn from. Knows nothing of the charts themselves.

use super::escape;
use std::fmt::Write as _;

/// The numbers of a chart as rows and columns, for the `<table>` beside it and the CSV download.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Table {
    /// What the table shows: the chart's title.
    pub caption: String,
    /// The column heads.
    pub head: Vec<String>,
    /// The rows, each as long as `head`; the first cell heads its row.
    pub rows: Vec<Vec<String>>,
    /// How the rows are sorted, if the reader can choose.
    pub sorting: Option<Sorting>,
}

/// How a sortable table is sorted: the heads link to `<base>/<key>` (no script needed). The
/// choice is a path segment, not a query string, so the page cache keeps every sorted page.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Sorting {
    /// The address the keys are appended to, language prefix included
    /// (`/umsetzung/regionen/breitband/sortiert`).
    pub base: String,
    /// The path segment of each column.
    pub keys: Vec<&'static str>,
    /// The column the rows are sorted by.
    pub by: usize,
    /// Whether that column runs from the largest down.
    pub descending: bool,
}

impl Table {
    /// The table as HTML in a scrollable, labelled region like the site's other tables. Heads
    /// are `<th scope="col">`, the first cell of a row `<th scope="row">` (WCAG 1.3.1). A table
    /// the reader cannot sort stacks its rows on phones; a sortable one scrolls instead, so its
    /// links in the head stay visible when they take the focus (WCAG 2.4.7).
    pub fn html(&self) -> String {
        let caption = escape(&self.caption);
        let stacking = if self.sorting.is_some() {
            ""
        } else {
            " stacking"
        };
        let mut out = format!(
            "<div class=\"table-wrap\" role=\"region\" tabindex=\"0\" aria-label=\"{caption}\"><table class=\"chart-table{stacking}\"><caption>{caption}</caption><thead><tr>"
        );
        for (i, head) in self.head.iter().enumerate() {
            let head = escape(head);
            match &self.sorting {
                Some(s) => {
                    let key = s.keys.get(i).copied().unwrap_or_default();
                    let (sort, arrow) = match (i == s.by, s.descending) {
                        (false, _) => (String::new(), ""),
                        (true, false) => (" aria-sort=\"ascending\"".to_owned(), " ↑"),
                        (true, true) => (" aria-sort=\"descending\"".to_owned(), " ↓"),
                    };
                    let _ = write!(
                        out,
                        "<th scope=\"col\"{sort}><a href=\"{}/{}\">{head}<span aria-hidden=\"true\">{arrow}</span></a></th>",
                        escape(s.base.trim_end_matches('/')),
                        escape(key)
                    );
                }
                None => {
                    let _ = write!(out, "<th scope=\"col\">{head}</th>");
                }
            }
        }
        out.push_str("</tr></thead><tbody>");
        for row in &self.rows {
            out.push_str("<tr>");
            for (i, cell) in row.iter().enumerate() {
                let cell = escape(cell);
                if i == 0 {
                    let _ = write!(out, "<th scope=\"row\">{cell}</th>");
                } else {
                    let label = self.head.get(i).map(|h| escape(h)).unwrap_or_default();
                    let _ = write!(out, "<td data-label=\"{label}\">{cell}</td>");
                }
            }
            out.push_str("</tr>");
        }
        out.push_str("</tbody></table></div>");
        out
    }
}
