//! The two variants of Fin's contract the checker drives: the REST one and the POST-only
//! one (`openapi/published/`).

/// One variant of Fin's Custom Helpdesk API.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Variant {
    /// GET/PUT/POST on `/user`, `/conversation`, `/messages`; `GET /agents`.
    Rest,
    /// `/get_user` … `/create_message`, answers in `{data, error}`.
    Posts,
}

impl Variant {
    pub const ALL: [Variant; 2] = [Variant::Rest, Variant::Posts];

    pub fn name(self) -> &'static str {
        match self {
            Variant::Rest => "rest",
            Variant::Posts => "posts",
        }
    }
}
