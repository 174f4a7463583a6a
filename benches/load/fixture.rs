//! The data the scenarios use: seeded through the API (or found in the scale database).

use super::*;

/// What seeding created.
pub(crate) struct Fixture {
    pub(crate) user_id: String,
    /// The long conversation.
    pub(crate) big: String,
    /// `after_id` for `get_messages`: [`TAIL`] messages before the end of `big`.
    pub(crate) near_end: String,
    /// One conversation per connection for create_message.
    pub(crate) pool: Vec<String>,
    /// One fresh conversation per connection for the sync, with its first message's id
    /// (what Fin already has when it syncs).
    pub(crate) sync_pool: Vec<(String, String)>,
    /// What `GET /conversation` answers for `big`: what the baseline serves.
    pub(crate) conversation_json: Bytes,
}

pub(crate) fn message_body(
    conversation_id: &str,
    object_id: &str,
    user_id: &str,
    i: usize,
) -> Value {
    // Fin writes as its agent; the end user's messages come in too.
    let author = if i.is_multiple_of(2) {
        json!({"id": user_id, "user_type": "end_user"})
    } else {
        json!({"id": FIN_AGENT, "user_type": "agent"})
    };
    json!({
        "conversation_id": conversation_id,
        "object_id": object_id,
        "author": author,
        "body": format!("<p>Message {i}: could you tell me more about the Enterprise plan?</p>"),
        "visibility": "public",
    })
}

/// A new conversation: its id and its first message's id.
pub(crate) async fn create_conversation(
    target: &Target,
    client: &mut Client,
    user_id: &str,
    object_id: &str,
) -> Result<(String, String)> {
    let body = json!({
        "user_id": user_id,
        "object_id": object_id,
        "title": "Question about pricing",
        "initial_message": {
            "object_id": format!("{object_id}-first"),
            "author": {"id": user_id, "user_type": "end_user"},
            "body": "<p>Hi! I'd like to know more about your pricing plans.</p>",
        },
    });
    let created = client
        .call(
            target.send_json(Method::POST, "/conversation", &body)?,
            StatusCode::CREATED,
        )
        .await?;
    Ok((
        str_field(&created, "/conversation/id")?.to_string(),
        str_field(&created, "/message/id")?.to_string(),
    ))
}

/// Creates the scenarios' data through the API. `long` is a long conversation already in
/// the database (the scale fixture's) and its message [`TAIL`] before the end: then it is
/// the one the reads use, instead of one written here.
pub(crate) async fn seed(
    target: &Arc<Target>,
    settings: &Settings,
    run_id: &str,
    long: Option<(String, String)>,
) -> Result<Fixture> {
    let mut client = target.client();
    let user = client
        .call(
            target.send_json(
                Method::POST,
                "/user",
                &json!({"object_id": format!("{run_id}-user"), "name": "Ada", "email": "ada@bench.invalid"}),
            )?,
            StatusCode::CREATED,
        )
        .await?;
    let user_id = str_field(&user, "/id")?.to_string();
    let pool_size = settings.connections.iter().copied().max().unwrap_or(1);
    let mut pool = Vec::with_capacity(pool_size);
    let mut sync_pool = Vec::with_capacity(pool_size);
    for i in 0..pool_size {
        let object_id = format!("{run_id}-pool-{i}");
        pool.push(
            create_conversation(target, &mut client, &user_id, &object_id)
                .await?
                .0,
        );
        let object_id = format!("{run_id}-sync-{i}");
        sync_pool.push(create_conversation(target, &mut client, &user_id, &object_id).await?);
    }
    // A full first page for list_unassigned even on a fresh database, so its cost compares
    // with the scale database's.
    for i in 2 * pool_size + 1..LIST_PAGE {
        let object_id = format!("{run_id}-list-{i}");
        create_conversation(target, &mut client, &user_id, &object_id).await?;
    }
    let started = Instant::now();
    let (big, near_end, written) = match long {
        Some((big, near_end)) => (big, near_end, 0),
        None => write_long_conversation(target, &mut client, settings, run_id, &user_id).await?,
    };
    let tail = client
        .call(
            target.get(
                "/messages",
                &format!("conversation_id={big}&after_id={near_end}"),
            )?,
            StatusCode::OK,
        )
        .await?;
    let returned = tail.as_array().map_or(0, Vec::len);
    if returned != TAIL {
        return Err(
            format!("after_id near the end returned {returned} messages, not {TAIL}").into(),
        );
    }
    eprintln!(
        "  wrote {written} messages through the API in {:.1} s",
        started.elapsed().as_secs_f64()
    );
    let (status, conversation_json) = client
        .send(target.get("/conversation", &format!("conversation_id={big}"))?)
        .await?;
    if status != StatusCode::OK {
        return Err(format!("GET /conversation: {status}").into());
    }
    Ok(Fixture {
        user_id,
        big,
        near_end,
        pool,
        sync_pool,
        conversation_json,
    })
}

/// The long conversation, written through the API by 16 connections: its id, the id of
/// the message [`TAIL`] before its end, and how many messages were written.
pub(crate) async fn write_long_conversation(
    target: &Arc<Target>,
    client: &mut Client,
    settings: &Settings,
    run_id: &str,
    user_id: &str,
) -> Result<(String, String, usize)> {
    let (big, _) = create_conversation(target, client, user_id, &format!("{run_id}-big")).await?;
    // All but the last TAIL + 1 concurrently; those last ones in order, so the first of
    // them is the cursor `TAIL` messages before the end (a full listing to find it would
    // cost the server more memory than any scenario).
    let concurrent = settings.messages - TAIL - 1;
    let writers = 16.min(concurrent.max(1));
    let mut tasks = Vec::new();
    for w in 0..writers {
        let target = target.clone();
        let (big, user_id, run_id) = (big.clone(), user_id.to_string(), run_id.to_string());
        let count = concurrent / writers + usize::from(w < concurrent % writers);
        tasks.push(tokio::spawn(async move {
            let mut client = target.client();
            for i in 0..count {
                let object_id = format!("{run_id}-seed-{w}-{i}");
                let body = message_body(&big, &object_id, &user_id, i);
                client
                    .call(
                        target.send_json(Method::POST, "/messages", &body)?,
                        StatusCode::CREATED,
                    )
                    .await?;
            }
            Ok::<(), BoxError>(())
        }));
    }
    for task in tasks {
        task.await??;
    }
    let mut near_end = String::new();
    for i in 0..=TAIL {
        let object_id = format!("{run_id}-seed-tail-{i}");
        let body = message_body(&big, &object_id, user_id, i);
        let created = client
            .call(
                target.send_json(Method::POST, "/messages", &body)?,
                StatusCode::CREATED,
            )
            .await?;
        if i == 0 {
            near_end = str_field(&created, "/id")?.to_string();
        }
    }
    Ok((big, near_end, settings.messages))
}
