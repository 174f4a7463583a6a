//! PostgreSQL: each backend's run gets a schema of its own, dropped at the end.

use super::*;

pub(crate) async fn fresh_pg_schema(url: &str) -> Result<(String, String)> {
    use sqlx::Connection as _;
    let schema = format!("bench_{}", uuid::Uuid::now_v7().simple());
    let mut admin = sqlx::PgConnection::connect(url).await?;
    sqlx::query(&format!("CREATE SCHEMA {schema}"))
        .execute(&mut admin)
        .await?;
    let separator = if url.contains('?') { '&' } else { '?' };
    Ok((
        format!("{url}{separator}options[search_path]={schema}"),
        schema,
    ))
}

pub(crate) async fn drop_pg_schema(url: &str, schema: &str) {
    use sqlx::Connection as _;
    if let Ok(mut admin) = sqlx::PgConnection::connect(url).await {
        let _ = sqlx::query(&format!("DROP SCHEMA {schema} CASCADE"))
            .execute(&mut admin)
            .await;
    }
}
