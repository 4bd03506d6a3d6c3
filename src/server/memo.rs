//! A per-request memo for reads: one page render calls several server functions that
//! need the same facts (the homepage's owner, how the viewer stands to them), and
//! Leptos may run a resource's fetcher more than once while it renders. Within one
//! request each keyed read runs once; callers that ask at the same time wait for the
//! first. Only successes are kept, and nothing outlives the request.

use crate::error::AppError;
use std::{
    any::Any,
    collections::HashMap,
    future::Future,
    sync::{Arc, Mutex},
};
use tokio::sync::OnceCell;

type Slot = Arc<OnceCell<Arc<dyn Any + Send + Sync>>>;

/// Provided as Leptos context for each page render (see `site::router`).
#[derive(Clone, Default)]
pub struct RequestMemo(Arc<Mutex<HashMap<String, Slot>>>);

impl RequestMemo {
    fn slot(&self, key: &str) -> Slot {
        self.0.lock().unwrap_or_else(|e| e.into_inner()).entry(key.to_owned()).or_default().clone()
    }
}

/// `read`'s answer, computed at most once per request for `key` (a string naming the read
/// and its arguments). Outside a page render (REST, a lone server function) it just runs.
pub async fn once<T, F, Fut>(key: impl Into<String>, read: F) -> Result<T, AppError>
where
    T: Clone + Send + Sync + 'static,
    F: FnOnce() -> Fut,
    Fut: Future<Output = Result<T, AppError>>,
{
    let Some(memo) = leptos::prelude::use_context::<RequestMemo>() else {
        return read().await;
    };
    let key = format!("{}:{}", std::any::type_name::<T>(), key.into());
    let slot = memo.slot(&key);
    let value = slot.get_or_try_init(|| async move { read().await.map(|v| Arc::new(v) as Arc<dyn Any + Send + Sync>) }).await?.clone();
    Ok(value.downcast_ref::<T>().expect("one type per key: the key names the type").clone())
}
