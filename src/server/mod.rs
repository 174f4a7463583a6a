//! The dropshot server: both variants' adapters over one service, and the request
//! extractors and error types the generated traits name.

pub mod error;
pub mod extract;

pub use error::{ApiError, PostsError};
