//! The words and number format of the page's language that the charts write: passed in by the
//! page layer, so a chart holds no message of its own and reads the same in German and English.

use fahrplan_domain::monitoring::period::Period;

/// The words and number format of the page's language, which the page layer passes in.
#[derive(Debug, Clone)]
pub struct ChartLabels {
    /// Decimal separator: ',' in German, '.' in English.
    pub decimal: char,
    /// Thousands separator: '.' in German, ',' in English.
    pub thousands: char,
    /// How a period reads: "2. Quartal 2023" or "Q2 2023".
    pub period: fn(&Period) -> String,
    /// "Quelle".
    pub source: String,
    /// "Stand".
    pub as_of: String,
    /// Head of the period column: "Zeitraum".
    pub period_head: String,
    /// Head of the column saying what a value is: "Art".
    pub kind: String,
    /// "Wert".
    pub value: String,
    /// An observed value: "Messwert".
    pub observed: String,
    /// "Ausgangswert".
    pub baseline: String,
    /// "Ziel".
    pub target: String,
    /// The straight line from baseline to target: "Zielpfad".
    pub trajectory: String,
    /// A reference line such as an EU target: "Referenz".
    pub reference: String,
    /// "Letzter Wert".
    pub latest: String,
    /// "Bereich".
    pub area: String,
    /// "Summe".
    pub total: String,
    /// The statuses in the order of `ShownStatus::ALL`: "geplant", "in Umsetzung", …
    pub statuses: [String; 6],
    /// "Schlüssel" (the official regional key).
    pub region_key: String,
    /// "Kreis oder Stadt".
    pub region_name: String,
    /// "keine Daten".
    pub no_data: String,
    /// Between the ends of the last class: "bis".
    pub up_to: String,
    /// Between the ends of the other classes: "bis unter".
    pub up_to_below: String,
    /// "höchster Wert".
    pub highest: String,
    /// "niedrigster Wert".
    pub lowest: String,
}

impl ChartLabels {
    /// The German words, numbers with a decimal comma.
    pub fn german() -> Self {
        let s = |t: &str| t.to_owned();
        Self {
            decimal: ',',
            thousands: '.',
            period: Period::german,
            source: s("Quelle"),
            as_of: s("Stand"),
            period_head: s("Zeitraum"),
            kind: s("Art"),
            value: s("Wert"),
            observed: s("Messwert"),
            baseline: s("Ausgangswert"),
            target: s("Ziel"),
            trajectory: s("Zielpfad"),
            reference: s("Referenz"),
            latest: s("Letzter Wert"),
            area: s("Bereich"),
            total: s("Summe"),
            statuses: [
                s("geplant"),
                s("in Umsetzung"),
                s("umgesetzt"),
                s("verzögert"),
                s("eingestellt"),
                s("Stand nicht aktuell"),
            ],
            region_key: s("Schlüssel"),
            region_name: s("Kreis oder Stadt"),
            no_data: s("keine Daten"),
            up_to: s("bis"),
            up_to_below: s("bis unter"),
            highest: s("höchster Wert"),
            lowest: s("niedrigster Wert"),
        }
    }

    /// The English words, numbers with a decimal point.
    pub fn english() -> Self {
        let s = |t: &str| t.to_owned();
        Self {
            decimal: '.',
            thousands: ',',
            period: Period::english,
            source: s("Source"),
            as_of: s("As of"),
            period_head: s("Period"),
            kind: s("Kind"),
            value: s("Value"),
            observed: s("Observed value"),
            baseline: s("Baseline"),
            target: s("Target"),
            trajectory: s("Path to target"),
            reference: s("Reference"),
            latest: s("Latest value"),
            area: s("Area"),
            total: s("Total"),
            statuses: [
                s("planned"),
                s("in progress"),
                s("done"),
                s("delayed"),
                s("stopped"),
                s("Status out of date"),
            ],
            region_key: s("Key"),
            region_name: s("District or city"),
            no_data: s("no data"),
            up_to: s("to"),
            up_to_below: s("to under"),
            highest: s("highest value"),
            lowest: s("lowest value"),
        }
    }

    /// A value as the page's readers write it, at most two decimals, trailing zeros dropped,
    /// thousands grouped and a real minus sign: "71,5", "1.234", "−3".
    pub fn number(&self, value: f64) -> String {
        let r = round2(value);
        let digits = format!("{:.2}", r.abs());
        let (int, frac) = digits.split_once('.').unwrap_or((&digits, ""));
        let frac = frac.trim_end_matches('0');
        let mut out = String::new();
        if r < 0.0 {
            out.push('\u{2212}');
        }
        let len = int.len();
        for (i, c) in int.chars().enumerate() {
            if i > 0 && len >= 4 && (len - i) % 3 == 0 {
                out.push(self.thousands);
            }
            out.push(c);
        }
        if !frac.is_empty() {
            out.push(self.decimal);
            out.push_str(frac);
        }
        out
    }

    /// A value followed by its unit, if it has one: "71,5 %".
    pub(super) fn with_unit(&self, value: f64, unit: &str) -> String {
        if unit.is_empty() {
            self.number(value)
        } else {
            format!("{} {unit}", self.number(value))
        }
    }

    /// A column head naming the unit: "Wert (%)".
    pub(super) fn value_head(&self, unit: &str) -> String {
        if unit.is_empty() {
            self.value.clone()
        } else {
            format!("{} ({unit})", self.value)
        }
    }
}

/// A value rounded to the two decimals a chart shows (never minus zero).
pub(super) fn round2(value: f64) -> f64 {
    let r = (value * 100.0).round() / 100.0;
    if r == 0.0 { 0.0 } else { r }
}

/// A value as a `data-value` attribute holds it: rounded as shown, with a decimal point.
pub(super) fn machine(value: f64) -> String {
    round2(value).to_string()
}
