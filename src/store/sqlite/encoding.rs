//! Encoding: timestamps as fixed-width RFC 3339 text (sorts like time), JSON as text.

use std::fmt::Debug;

use chrono::{DateTime, SecondsFormat, Utc};
use rusqlite::{Row, RowIndex};

use crate::store::error::{StoreError, corrupt, invalid};
use crate::store::records::truncate_ms;

pub(super) fn ts(t: DateTime<Utc>) -> String {
    truncate_ms(t).to_rfc3339_opts(SecondsFormat::Millis, true)
}

/// A text column, borrowed from the row.
pub(super) fn text<'r, I: RowIndex + Debug + Copy>(
    row: &'r Row<'_>,
    col: I,
) -> Result<&'r str, StoreError> {
    row.get_ref(col)?
        .as_str()
        .map_err(|e| corrupt(format!("column {col:?}: {e}")))
}

pub(super) fn get_ts<I: RowIndex + Debug + Copy>(
    row: &Row<'_>,
    col: I,
) -> Result<DateTime<Utc>, StoreError> {
    parse_ts(text(row, col)?)
}

pub(super) fn get_opt_ts<I: RowIndex + Debug + Copy>(
    row: &Row<'_>,
    col: I,
) -> Result<Option<DateTime<Utc>>, StoreError> {
    match row.get_ref(col)?.as_str_or_null() {
        Ok(s) => s.map(parse_ts).transpose(),
        Err(e) => Err(corrupt(format!("column {col:?}: {e}"))),
    }
}

pub(super) fn parse_ts(s: &str) -> Result<DateTime<Utc>, StoreError> {
    DateTime::parse_from_rfc3339(s)
        .map(|t| t.with_timezone(&Utc))
        .map_err(|e| corrupt(format!("bad timestamp {s:?}: {e}")))
}

pub(super) fn json<T: serde::Serialize>(v: &T) -> Result<String, StoreError> {
    serde_json::to_string(v).map_err(|e| invalid("json", e.to_string()))
}

pub(super) fn get_json<T: serde::de::DeserializeOwned, I: RowIndex + Debug + Copy>(
    row: &Row<'_>,
    col: I,
) -> Result<T, StoreError> {
    serde_json::from_str(text(row, col)?)
        .map_err(|e| corrupt(format!("bad JSON in column {col:?}: {e}")))
}
