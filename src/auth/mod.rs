//! The credential checks that make the [`Caller`] proof the service asks for (`caller`),
//! over the store's credentials, and their building blocks: Fin request signatures, the
//! OAuth 2.0 client-credentials grant, bearer tokens and secret hashing (pure functions
//! over header values and bytes), and the throttle on failed attempts. No status code or
//! request is known here: `server::authenticate` reads the credentials off a request and
//! answers a refusal, `server::token_endpoint` serves the grant.

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
