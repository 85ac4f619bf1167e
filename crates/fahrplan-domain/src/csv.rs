//! CSV files as fahrplan writes them for download (docs/CONTRACTS.md, "CSV downloads"), and the
//! reading of RFC 4180 records that the imports share.
//!
//! Written files are UTF-8 with a byte order mark, separated by `;` (German spreadsheets open
//! them as columns), quoted by RFC 4180 where a field needs it, with CRLF line ends. A field that
//! starts with `=`, `+`, `-` or `@` gets a leading `'`, so a spreadsheet shows it as text instead
//! of running it as a formula. Numbers use a decimal point (write them with [`number`]), dates ISO
//! 8601, and every enum column is written as its wire value with a German label column beside it.

/// The byte order mark that starts every file.
pub const BOM: &str = "\u{feff}";
/// The separator of written files.
pub const SEPARATOR: char = ';';

/// A CSV file being written: the header first, then rows of the same length.
#[derive(Debug, Clone)]
pub struct CsvWriter {
    out: String,
    columns: usize,
}

impl CsvWriter {
    /// A file with this header row.
    pub fn new(header: &[&str]) -> Self {
        let mut w = CsvWriter {
            out: BOM.to_owned(),
            columns: header.len(),
        };
        w.push(header);
        w
    }

    /// Appends one row (missing fields are written empty, extra ones are an error of the
    /// caller and are cut off, so every row has the header's length).
    pub fn row<S: AsRef<str>>(&mut self, fields: &[S]) {
        let mut padded: Vec<&str> = fields
            .iter()
            .map(AsRef::as_ref)
            .take(self.columns)
            .collect();
        padded.resize(self.columns, "");
        self.push(&padded);
    }

    fn push(&mut self, fields: &[&str]) {
        for (i, f) in fields.iter().enumerate() {
            if i > 0 {
                self.out.push(SEPARATOR);
            }
            self.out.push_str(&field(f));
        }
        self.out.push_str("\r\n");
    }

    /// The whole file.
    pub fn finish(self) -> String {
        self.out
    }
}

/// Whether a text is a plain number as [`number`] writes it ("-3.25"): no formula can hide in it.
fn plain_number(value: &str) -> bool {
    let digits = value.strip_prefix('-').unwrap_or(value);
    let mut parts = digits.splitn(2, '.');
    let whole = parts.next().unwrap_or("");
    let all_digits = |s: &str| !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit());
    all_digits(whole) && parts.next().is_none_or(all_digits)
}

/// One field as written: neutralised against formulas (a plain number stays a number), then
/// quoted if it holds the separator, a quote, a line break, or leading or trailing space.
pub fn field(value: &str) -> String {
    let safe = if value.starts_with(['=', '+', '-', '@']) && !plain_number(value) {
        format!("'{value}")
    } else {
        value.to_owned()
    };
    let needs_quotes = safe.contains([SEPARATOR, '"', '\n', '\r'])
        || safe.starts_with(char::is_whitespace)
        || safe.ends_with(char::is_whitespace);
    if needs_quotes {
        format!("\"{}\"", safe.replace('"', "\"\""))
    } else {
        safe
    }
}

/// A number as written: decimal point, no thousands separator, no needless trailing zeros
/// ("71.5", "100", "-3.25"); an integer value without a point.
pub fn number(v: f64) -> String {
    if v.fract() == 0.0 && v.abs() < 1e15 {
        format!("{v:.0}")
    } else {
        let s = format!("{v}");
        s.trim_end_matches('0').trim_end_matches('.').to_owned()
    }
}

/// A record of a CSV file read, with the line it starts on (1-based).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Record {
    /// Line of the file the record starts on.
    pub line: usize,
    /// Its fields, unquoted.
    pub fields: Vec<String>,
}

/// Why a CSV text could not be split into records.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("line {line}: {reason}")]
pub struct CsvError {
    /// Line of the problem.
    pub line: usize,
    /// What is wrong.
    pub reason: String,
}

/// Splits CSV text into records by RFC 4180: fields separated by `separator`, quoted fields may
/// hold separators, doubled quotes and line breaks; CRLF or LF line ends; a leading byte order
/// mark and empty lines are skipped.
pub fn records(text: &str, separator: char) -> Result<Vec<Record>, CsvError> {
    let text = text.strip_prefix(BOM).unwrap_or(text);
    let mut out = Vec::new();
    let mut fields: Vec<String> = Vec::new();
    let mut field = String::new();
    let (mut line, mut start) = (1, 1);
    let mut quoted = false;
    let mut was_quoted = false;
    let mut chars = text.chars().peekable();
    let end_record =
        |fields: &mut Vec<String>, field: &mut String, out: &mut Vec<Record>, start| {
            fields.push(std::mem::take(field));
            let record = std::mem::take(fields);
            if !(record.len() == 1 && record[0].is_empty()) {
                out.push(Record {
                    line: start,
                    fields: record,
                });
            }
        };
    while let Some(c) = chars.next() {
        if quoted {
            match c {
                '"' if chars.peek() == Some(&'"') => {
                    chars.next();
                    field.push('"');
                }
                '"' => quoted = false,
                '\n' => {
                    line += 1;
                    field.push('\n');
                }
                c => field.push(c),
            }
            continue;
        }
        match c {
            '"' if field.is_empty() && !was_quoted => {
                quoted = true;
                was_quoted = true;
            }
            '"' => {
                return Err(CsvError {
                    line,
                    reason: "a quote inside an unquoted field (quote the whole field and double the quote)".to_owned(),
                });
            }
            c if c == separator => {
                fields.push(std::mem::take(&mut field));
                was_quoted = false;
            }
            '\r' if chars.peek() == Some(&'\n') => {}
            '\n' => {
                end_record(&mut fields, &mut field, &mut out, start);
                was_quoted = false;
                line += 1;
                start = line;
            }
            c if was_quoted => {
                return Err(CsvError {
                    line,
                    reason: format!("text {c:?} after the closing quote of a field"),
                });
            }
            c => field.push(c),
        }
    }
    if quoted {
        return Err(CsvError {
            line: start,
            reason: "a quoted field is not closed".to_owned(),
        });
    }
    end_record(&mut fields, &mut field, &mut out, start);
    Ok(out)
}

#[cfg(test)]
mod tests;
