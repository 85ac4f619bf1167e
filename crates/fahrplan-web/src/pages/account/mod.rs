//! The account's pages: login and registration, the forgotten password, the account page
//! ("Mein Konto") and the second factor.

pub mod konto;
pub mod login;
pub mod reset;
pub mod security;
