//! The integration tests: one binary (linked once), each test run in its own process by
//! cargo-nextest, in parallel. They talk to the real MariaDB, Redis and MongoDB-protocol
//! servers and the SMTP sink that scripts/test starts.
#![allow(dead_code)]

mod common;

mod accounts;
mod blocks;
mod board_notes;
mod board_posts;
mod board_schools;
mod chaos;
mod chat;
mod consent;
mod contact;
mod email_gate;
mod hompy;
mod ledger_books;
mod ledger_reports;
mod mongo_batch;
mod oauth;
mod queries;
mod realtime;
mod seeds;
mod shop;
mod skeleton;
mod social;
mod surface;
mod timetable_catalogue;
mod timetable_mine;
mod timetable_reviews;
