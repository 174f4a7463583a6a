//! Authentication building blocks: Fin request signatures, OAuth 2.0 client credentials,
//! bearer tokens and secret hashing. Pure functions over header values and bytes, so the
//! server layer can wire them into dropshot and the store without this code knowing either.

pub mod bearer;
pub mod oauth;
pub mod secret;
pub mod signature;
pub mod token;

pub use secret::Secret;

/// The realm named in every `WWW-Authenticate` challenge we send.
pub const REALM: &str = "fin-helpdesk";
