//! Authentication: the credential checks that make the [`Caller`] proof the service asks
//! for (`caller`), over the store's credentials, and their building blocks: Fin request
//! signatures, OAuth 2.0 client credentials, bearer tokens and secret hashing, pure
//! functions over header values and bytes, and the throttle on failed attempts. Nothing here knows HTTP: `server::auth` reads
//! the credentials off a request and answers a refusal.

pub mod bearer;
pub mod caller;
pub mod oauth;
pub mod secret;
pub mod signature;
pub mod throttle;
pub mod token;

pub use caller::{AgentCaller, Caller};
pub use secret::Secret;

/// The realm named in every `WWW-Authenticate` challenge we send.
pub const REALM: &str = "fin-helpdesk";
