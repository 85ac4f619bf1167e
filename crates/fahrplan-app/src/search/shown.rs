//! The status a measure's search hit shows on a given day, the same as its page shows.

use fahrplan_domain::MeasureStatus;
use fahrplan_domain::standing::is_final;

/// The status a measure shows once its planned end has passed without a final status
/// ("Stand nicht aktuell"): a value of the search's `status` facet, not a measure status.
pub const OUT_OF_DATE: &str = "out_of_date";

/// The hidden facet of a measure's search document that holds the last day of its planned end
/// ("2024-12-31"): not counted or offered as a filter, read by [`shown_status`].
pub const ENDS: &str = "ends";

/// The status a search hit shows on `today`: the recorded status (its `status` facet), or
/// `out_of_date` once the planned end (its [`ENDS`] facet) has passed without a final status,
/// as the measure's own page says ("Stand nicht aktuell"). `None` for a hit without a status.
/// A status facet that already says `out_of_date` (indexed on a day after the planned end)
/// stays so.
pub fn shown_status(facets: &[(String, String)], today: (i32, u8, u8)) -> Option<&'static str> {
    let value = |dim: &str| {
        facets
            .iter()
            .find(|(d, _)| d == dim)
            .map(|(_, v)| v.as_str())
    };
    let recorded = value("status")?;
    if recorded == OUT_OF_DATE {
        return Some(OUT_OF_DATE);
    }
    let status = MeasureStatus::parse(recorded)?;
    let today = format!("{:04}-{:02}-{:02}", today.0, today.1, today.2);
    let ended = value(ENDS).is_some_and(|end| end < today.as_str());
    Some(if ended && !is_final(status) {
        OUT_OF_DATE
    } else {
        status.as_str()
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn facets(status: &str, ends: Option<&str>) -> Vec<(String, String)> {
        let mut f = vec![("status".to_owned(), status.to_owned())];
        if let Some(e) = ends {
            f.push((ENDS.to_owned(), e.to_owned()));
        }
        f
    }

    #[test]
    fn a_hit_past_its_planned_end_without_a_final_status_is_out_of_date() {
        let day = (2026, 12, 7);
        let f = facets("in_progress", Some("2024-12-31"));
        assert_eq!(shown_status(&f, day), Some("out_of_date"));
        // The last day of the planned end still counts as in time.
        assert_eq!(shown_status(&f, (2024, 12, 31)), Some("in_progress"));
        // A final status stays, and so does a status without a planned end.
        let done = facets("done", Some("2024-12-31"));
        assert_eq!(shown_status(&done, day), Some("done"));
        let open = facets("in_progress", None);
        assert_eq!(shown_status(&open, day), Some("in_progress"));
        assert_eq!(shown_status(&[], day), None);
        // As indexed on a day after the planned end.
        let indexed = facets(OUT_OF_DATE, Some("2024-12-31"));
        assert_eq!(shown_status(&indexed, day), Some(OUT_OF_DATE));
    }
}
