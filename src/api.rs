//! The Fin Custom Helpdesk API as generated from `openapi/` by `build.rs`: the types and
//! the dropshot API trait of each variant. Nothing here is written by hand.

/// The REST variant (`openapi/fin-helpdesk.yaml`): GET/PUT/POST on `/user`,
/// `/conversation`, `/messages` and `GET /agents`.
pub mod rest {
    include!(concat!(env!("OUT_DIR"), "/rest_api.rs"));
}

/// The POST-only variant (`openapi/fin-helpdesk-posts.yaml`): `/get_user` …
/// `/create_message`, answers in a `{data, error}` envelope.
pub mod posts {
    include!(concat!(env!("OUT_DIR"), "/posts_api.rs"));
}

/// The helpdesk's API for human agents (`openapi/fin-helpdesk-agents.yaml`): conversations,
/// replies and notes, status and assignee, typing indicators under `/helpdesk/`.
pub mod agents {
    include!(concat!(env!("OUT_DIR"), "/agents_api.rs"));
}
