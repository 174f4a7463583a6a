//! Statements: `$n` placeholders bound by number, as sqlx and PostgreSQL bind them.

use rusqlite::{CachedStatement, Connection, Row, params};

use crate::store::error::StoreError;

pub(super) type Params<'a> = &'a [&'a dyn rusqlite::ToSql];

/// SQLite numbers named parameters such as `$3` by first appearance, not by their
/// digits, and the shared SQL reuses and reorders them: bind each by the number it names.
pub(super) fn prepare<'c>(
    connection: &'c Connection,
    statement: &str,
    params: Params<'_>,
) -> rusqlite::Result<CachedStatement<'c>> {
    let mut prepared = connection.prepare_cached(statement)?;
    for index in 1..=prepared.parameter_count() {
        let name = prepared.parameter_name(index).unwrap_or("?");
        let value = name
            .strip_prefix('$')
            .and_then(|digits| digits.parse::<usize>().ok())
            .and_then(|number| params.get(number.checked_sub(1)?))
            .ok_or_else(|| rusqlite::Error::InvalidParameterName(name.to_owned()))?;
        prepared.raw_bind_parameter(index, value)?;
    }
    Ok(prepared)
}

pub(super) fn execute(
    connection: &Connection,
    statement: &str,
    params: Params<'_>,
) -> rusqlite::Result<usize> {
    prepare(connection, statement, params)?.raw_execute()
}

pub(super) fn query_optional<T>(
    connection: &Connection,
    statement: &str,
    params: Params<'_>,
    decode: impl FnOnce(&Row<'_>) -> Result<T, StoreError>,
) -> Result<Option<T>, StoreError> {
    let mut prepared = prepare(connection, statement, params)?;
    let mut rows = prepared.raw_query();
    match rows.next()? {
        Some(row) => Ok(Some(decode(row)?)),
        None => Ok(None),
    }
}

pub(super) fn query_all<T>(
    connection: &Connection,
    statement: &str,
    params: Params<'_>,
    mut decode: impl FnMut(&Row<'_>) -> Result<T, StoreError>,
) -> Result<Vec<T>, StoreError> {
    let mut prepared = prepare(connection, statement, params)?;
    let mut rows = prepared.raw_query();
    let mut decoded = Vec::new();
    while let Some(row) = rows.next()? {
        decoded.push(decode(row)?);
    }
    Ok(decoded)
}

pub(super) fn exists(
    connection: &Connection,
    statement: &str,
    key: &str,
) -> Result<bool, StoreError> {
    Ok(query_optional(connection, statement, params![key], |_| Ok(()))?.is_some())
}
