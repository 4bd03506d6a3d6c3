//! Site-wide UI: the shell (`shell`: top bar, landing page) and the kit every area's UI
//! uses (`kit`: error pages, form errors, pager, pictures, uploads, times), plus where to
//! go after logging in (`next`). See docs/architecture.md ("Dependencies").

pub mod kit;
pub mod next;
pub mod shell;
