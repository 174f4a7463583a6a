//! Encoding: timestamptz and jsonb natively; timestamps truncated to milliseconds.

use chrono::{DateTime, Utc};
use sqlx::Row;
use sqlx::postgres::PgRow;
use sqlx::types::Json;

use crate::store::error::StoreError;
use crate::store::records::truncate_ms;

pub(super) fn ts(t: DateTime<Utc>) -> DateTime<Utc> {
    truncate_ms(t)
}

pub(super) fn get_ts(row: &PgRow, col: &str) -> Result<DateTime<Utc>, StoreError> {
    Ok(row.try_get(col)?)
}

pub(super) fn get_opt_ts(row: &PgRow, col: &str) -> Result<Option<DateTime<Utc>>, StoreError> {
    Ok(row.try_get(col)?)
}

pub(super) fn json<T: serde::Serialize>(v: &T) -> Result<Json<&T>, StoreError> {
    Ok(Json(v))
}

pub(super) fn get_json<T: serde::de::DeserializeOwned>(
    row: &PgRow,
    col: &str,
) -> Result<T, StoreError> {
    let Json(v) = row.try_get::<Json<T>, _>(col)?;
    Ok(v)
}
