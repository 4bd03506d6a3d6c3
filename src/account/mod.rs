//! Accounts: members, roles and credentials.

#[cfg(feature = "ssr")]
pub mod password;
