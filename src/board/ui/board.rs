//! A board (its posts, search, pin) and the form that writes or edits a post, with
//! pictures uploaded one by one with progress before the post is sent.

use super::super::{
    api::{board_posts, get_post, pin_board, post_image_upload_url, EditPost, WritePost},
    model::{Board, ContentStatus, PostInput, PostPage, PostView, UploadedImage, MAX_IMAGES},
};
use super::widgets::{CategoryBadge, PostList};
use crate::error::{AppError, ErrorCode};
use crate::ui::kit::{title_text, upload, url_encode, ErrorMessage, ErrorPage, FieldError, FormError, LoginPrompt, Pager, ProgressBar};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::{use_navigate, use_query_map};

#[component]
pub fn BoardPage(board_id: u64) -> impl IntoView {
    let query = use_query_map();
    let page = Memo::new(move |_| query.read().get("page").and_then(|p| p.parse::<u32>().ok()).unwrap_or(1).max(1));
    let q = Memo::new(move |_| query.read().get("q").map(|q| q.trim().to_owned()).unwrap_or_default());
    let data = Resource::new(move || (page.get(), q.get()), move |(page, q)| board_posts(board_id, page, q));
    view! {
        <div class="community">
            <Transition fallback=|| view! { <p class="loading">"불러오는 중…"</p> }>
                {move || Suspend::new(async move {
                    match data.await {
                        Ok((board, posts)) => view! { <BoardView board posts q=q.get_untracked()/> }.into_any(),
                        Err(e) if e.status == 401 => view! { <LoginPrompt what="게시판을 보려면"/> }.into_any(),
                        Err(error) => view! { <ErrorPage error/> }.into_any(),
                    }
                })}
            </Transition>
        </div>
    }
}

#[component]
fn BoardView(board: Board, posts: PostPage, q: String) -> impl IntoView {
    let board_id = board.id;
    let pager_query = if q.is_empty() { String::new() } else { format!("q={}", url_encode(&q)) };
    let heading = if q.is_empty() { None } else { Some(format!("‘{q}’ 검색 결과")) };
    let empty = if q.is_empty() { "아직 글이 없어요. 첫 글을 써 보세요!" } else { "검색 결과가 없어요." };
    view! {
        <Title text=title_text(&format!("{} - 커뮤니티", board.name))/>
        <nav class="crumbs"><a href="/community">"‹ 커뮤니티"</a></nav>
        <header class="card board-head" data-board-id=board_id>
            <div class="board-title-row">
                <h1>{board.name.clone()}</h1>
                <CategoryBadge category=board.category/>
                <PinButton board_id pinned=board.pinned/>
            </div>
            {(!board.description.is_empty()).then(|| view! { <p class="board-desc">{board.description.clone()}</p> })}
            {if board.retired {
                view! { <p class="notice retired" role="status">"보관된 게시판입니다 (읽기 전용)"</p> }.into_any()
            } else {
                view! { <a class="button write-link" href=format!("/community/boards/{board_id}/write")>"✏️ 글쓰기"</a> }.into_any()
            }}
            <form class="board-search" method="get" role="search">
                <input type="search" name="q" maxlength="50" value=q.clone() placeholder="이 게시판에서 검색" aria-label="게시판 검색"/>
                <button type="submit">"검색"</button>
            </form>
        </header>
        <section class="card board-posts">
            {heading.map(|h| view! {
                <p class="search-head"><strong>{h}</strong> " " <a href="?">"전체 글 보기"</a></p>
            })}
            <PostList posts=posts.posts empty/>
            <Pager page=posts.page total_pages=posts.total_pages query=pager_query/>
        </section>
    }
}

/// ★ pin (즐겨찾기): pinned boards come first on the community home.
#[component]
fn PinButton(board_id: u64, pinned: bool) -> impl IntoView {
    let pinned = RwSignal::new(pinned);
    let busy = RwSignal::new(false);
    let error = RwSignal::new(None::<String>);
    let click = move |_| {
        let on = !pinned.get_untracked();
        busy.set(true);
        leptos::task::spawn_local(async move {
            match pin_board(board_id, on).await {
                Ok(()) => {
                    pinned.set(on);
                    error.set(None);
                }
                Err(e) => error.set(Some(e.message)),
            }
            busy.set(false);
        });
    };
    view! {
        <button type="button" class="pin-button secondary" class:pinned=move || pinned.get()
            aria-pressed=move || pinned.get().to_string() disabled=move || busy.get() on:click=click>
            <span aria-hidden="true">{move || if pinned.get() { "★" } else { "☆" }}</span>
            " 즐겨찾기"
        </button>
        <ErrorMessage message=error/>
    }
}

// ---------------------------------------------------------------- writing

/// The board to write in, and the post when editing (only the writer's own, still shown).
async fn load_for_write(board_id: u64, post_id: Option<u64>) -> Result<(Board, Option<PostView>), AppError> {
    match post_id {
        Some(id) => {
            let post = get_post(id).await?;
            if !post.mine {
                return Err(AppError::forbidden("내가 쓴 글만 고칠 수 있어요."));
            }
            if post.status != ContentStatus::Visible {
                return Err(AppError::conflict(ErrorCode::ContentGone, "지워졌거나 가려진 글은 고칠 수 없어요."));
            }
            Ok((post.board.clone(), Some(post)))
        }
        None => {
            let (board, _) = board_posts(board_id, 1, String::new()).await?;
            if board.retired {
                return Err(AppError::new(403, ErrorCode::BoardRetired, "보관된 게시판입니다 (읽기 전용). 글을 쓸 수 없어요."));
            }
            Ok((board, None))
        }
    }
}

/// New post in `board_id` (post_id None) or editing `post_id`.
#[component]
pub fn WritePage(board_id: u64, post_id: Option<u64>) -> impl IntoView {
    let data = Resource::new(|| (), move |_| load_for_write(board_id, post_id));
    view! {
        <Title text=if post_id.is_some() { "글 수정 - 커뮤니티" } else { "글쓰기 - 커뮤니티" }/>
        <div class="community">
            <Suspense fallback=|| view! { <p class="loading">"불러오는 중…"</p> }>
                {move || Suspend::new(async move {
                    match data.await {
                        Ok((board, post)) => view! { <WriteForm board post/> }.into_any(),
                        Err(e) if e.status == 401 => view! { <LoginPrompt what="글을 쓰려면"/> }.into_any(),
                        Err(error) => view! { <ErrorPage error/> }.into_any(),
                    }
                })}
            </Suspense>
        </div>
    }
}

/// A picture of the post: uploading (progress), uploaded (the server's id and thumbnail)
/// or failed (the message).
#[derive(Clone)]
struct Pic {
    key: u32,
    name: String,
    preview: Option<String>,
    progress: RwSignal<f64>,
    result: RwSignal<Option<Result<UploadedImage, String>>>,
}

#[component]
fn WriteForm(board: Board, post: Option<PostView>) -> impl IntoView {
    let editing = post.as_ref().map(|p| p.id);
    let first_title = post.as_ref().map(|p| p.title.clone()).unwrap_or_default();
    let first_body = post.as_ref().map(|p| p.body.clone()).unwrap_or_default();
    let title = RwSignal::new(first_title.clone());
    let body = RwSignal::new(first_body.clone());
    let first_anon = post.as_ref().map(|p| p.anonymous).unwrap_or(board.anonymous_allowed);
    let first_question = post.as_ref().map(|p| p.question).unwrap_or(false);
    let anonymous = RwSignal::new(first_anon);
    let question = RwSignal::new(first_question);
    let next_key = StoredValue::new(0u32);
    let pics = RwSignal::new(Vec::<Pic>::new());
    if let Some(p) = &post {
        let kept = p
            .images
            .iter()
            .map(|i| {
                let key = next_key.get_value();
                next_key.set_value(key + 1);
                let uploaded = UploadedImage { id: i.id, url: i.url.clone(), thumb_url: i.thumb_url.clone() };
                Pic {
                    key,
                    name: format!("첨부 사진 {}", key + 1),
                    preview: None,
                    progress: RwSignal::new(100.0),
                    result: RwSignal::new(Some(Ok(uploaded))),
                }
            })
            .collect();
        pics.set(kept);
    }
    let pick_error = RwSignal::new(None::<String>);

    let write = ServerAction::<WritePost>::new();
    let edit = ServerAction::<EditPost>::new();
    let error = Signal::derive(move || write.value().get().and_then(|r| r.err()).or_else(|| edit.value().get().and_then(|r| r.err())));
    let navigate = use_navigate();
    Effect::new(move |_| {
        if let Some(Ok(id)) = write.value().get() {
            navigate(&format!("/community/posts/{id}"), Default::default());
        }
    });
    let navigate = use_navigate();
    Effect::new(move |_| {
        if let (Some(Ok(())), Some(id)) = (edit.value().get(), editing) {
            navigate(&format!("/community/posts/{id}"), Default::default());
        }
    });

    let on_files = move |ev: leptos::ev::Event| {
        let input: web_sys::HtmlInputElement = event_target(&ev);
        let Some(files) = input.files() else { return };
        pick_error.set(None);
        for i in 0..files.length() {
            let Some(file) = files.get(i) else { continue };
            if pics.with_untracked(|l| l.len()) >= MAX_IMAGES {
                pick_error.set(Some(format!("사진은 {MAX_IMAGES}장까지 올릴 수 있어요.")));
                break;
            }
            let key = next_key.get_value();
            next_key.set_value(key + 1);
            let pic = Pic {
                key,
                name: file.name(),
                preview: web_sys::Url::create_object_url_with_blob(&file).ok(),
                progress: RwSignal::new(0.0),
                result: RwSignal::new(None),
            };
            let (progress, result) = (pic.progress, pic.result);
            pics.update(|l| l.push(pic));
            leptos::task::spawn_local(async move {
                match post_image_upload_url(file.name()).await {
                    Ok(signed) if file.size() > signed.max_bytes as f64 => {
                        result.set(Some(Err(format!("사진이 너무 커요 (최대 {}MB).", signed.max_bytes / 1024 / 1024))));
                    }
                    Ok(signed) => upload::put_with_progress(
                        &file,
                        &signed.url,
                        move |p| progress.set(p),
                        move |status, body| {
                            progress.set(100.0);
                            result.set(Some(if status == 200 {
                                serde_json::from_str::<UploadedImage>(&body).map_err(|_| "업로드 응답을 읽을 수 없어요.".to_owned())
                            } else {
                                Err(upload::error_message(&body))
                            }));
                        },
                    ),
                    Err(e) => result.set(Some(Err(e.message))),
                }
            });
        }
        input.set_value("");
    };

    let uploading = move || pics.with(|l| l.iter().any(|p| p.result.get().is_none()));
    let full = move || pics.with(|l| l.len()) >= MAX_IMAGES;
    let board_id = board.id;
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        if pics.with_untracked(|l| l.iter().any(|p| p.result.with_untracked(Option::is_none))) {
            return;
        }
        let input = PostInput {
            title: title.get_untracked(),
            body: body.get_untracked(),
            anonymous: anonymous.get_untracked(),
            question: question.get_untracked(),
            image_ids: pics
                .with_untracked(|l| l.iter().filter_map(|p| p.result.get_untracked().and_then(|r| r.ok()).map(|m| m.id)).collect()),
        };
        match editing {
            Some(post_id) => edit.dispatch(EditPost { post_id, input }),
            None => write.dispatch(WritePost { board_id, input }),
        };
    };
    let back = match editing {
        Some(id) => format!("/community/posts/{id}"),
        None => format!("/community/boards/{board_id}"),
    };
    let pending = move || write.pending().get() || edit.pending().get();
    let anon_allowed = board.anonymous_allowed;
    let questions_allowed = board.questions_allowed;
    view! {
        <nav class="crumbs"><a href=format!("/community/boards/{board_id}")>{format!("‹ {}", board.name)}</a></nav>
        <section class="card write-card">
            <h1>{if editing.is_some() { "글 수정" } else { "글쓰기" }}</h1>
            <form class="form write-form" on:submit=submit>
                <label>
                    "제목"
                    <input type="text" name="title" maxlength="100" required value=first_title
                        prop:value=move || title.get() on:input=move |ev| title.set(event_target_value(&ev))/>
                </label>
                <FieldError error field="title"/>
                <label>
                    "내용"
                    <textarea name="body" rows="10" maxlength="5000" required
                        prop:value=move || body.get() on:input=move |ev| body.set(event_target_value(&ev))>{first_body}</textarea>
                </label>
                <FieldError error field="body"/>
                {(anon_allowed || questions_allowed).then(|| view! {
                    <div class="write-options">
                        {anon_allowed.then(|| view! {
                            <label class="check">
                                <input type="checkbox" name="anonymous" checked=first_anon disabled=editing.is_some()
                                    prop:checked=move || anonymous.get() on:change=move |ev| anonymous.set(event_target_checked(&ev))/>
                                "익명"
                            </label>
                        })}
                        {questions_allowed.then(|| view! {
                            <label class="check">
                                <input type="checkbox" name="question" checked=first_question
                                    prop:checked=move || question.get() on:change=move |ev| question.set(event_target_checked(&ev))/>
                                "질문"
                            </label>
                        })}
                    </div>
                })}
                {(anon_allowed && editing.is_some()).then(|| view! { <p class="hint">"익명 여부는 글을 올린 뒤에는 바꿀 수 없어요."</p> })}
                {questions_allowed.then(|| view! {
                    <p class="hint">"질문 글은 다른 사람이 댓글을 단 뒤에는 지울 수 없고, 내용만 숨길 수 있어요."</p>
                })}
                <div class="write-images">
                    <label class="file-button" class:disabled=full>
                        <span aria-hidden="true">"📷 "</span>
                        "사진 추가"
                        <input type="file" accept="image/*" multiple aria-label="사진 추가" disabled=full on:change=on_files/>
                    </label>
                    <span class="hint">{move || format!("{}/{MAX_IMAGES}장", pics.with(|l| l.len()))}</span>
                    {editing.is_some().then(|| view! { <p class="hint">"빼고 싶은 사진은 ×를 누르세요. 새 사진도 더할 수 있어요."</p> })}
                    <ErrorMessage message=pick_error/>
                    <ul class="upload-list write-thumbs">
                        <For each=move || pics.get() key=|p| p.key let:p>
                            <PicItem p pics/>
                        </For>
                    </ul>
                </div>
                <FieldError error field="imageIds" codes=&["TOO_MANY_IMAGES"]/>
                <FormError error field_codes=&["TOO_MANY_IMAGES"]/>
                <div class="actions">
                    <button type="submit" disabled=move || pending() || uploading()>{if editing.is_some() { "저장" } else { "등록" }}</button>
                    <a class="button secondary" href=back>"취소"</a>
                </div>
                {move || uploading().then(|| view! { <p class="hint" role="status">"사진을 올리는 중이에요. 끝나면 등록할 수 있어요."</p> })}
            </form>
        </section>
    }
}

/// One picture in the form: thumbnail (or the local preview), progress, remove.
#[component]
fn PicItem(p: Pic, pics: RwSignal<Vec<Pic>>) -> impl IntoView {
    let key = p.key;
    let name = p.name.clone();
    let preview = p.preview.clone();
    let result = p.result;
    view! {
        <li class="upload-item" data-state=move || match result.get() {
            None => "uploading",
            Some(Ok(_)) => "done",
            Some(Err(_)) => "failed",
        }>
            {
                let name = name.clone();
                move || match (result.get(), preview.clone()) {
                    (Some(Ok(m)), _) => view! { <img class="upload-thumb" src=m.thumb_url alt=format!("{name} 썸네일")/> }.into_any(),
                    (_, Some(src)) => view! { <img class="upload-thumb preview" src=src alt=format!("{name} 미리보기")/> }.into_any(),
                    _ => view! { <span class="upload-thumb empty"></span> }.into_any(),
                }
            }
            <span class="upload-name">{name.clone()}</span>
            {move || match result.get() {
                None => view! { <ProgressBar value=p.progress/> }.into_any(),
                Some(Ok(_)) => view! { <span class="ok">"올림"</span> }.into_any(),
                Some(Err(m)) => view! { <span class="form-error" role="alert">{m}</span> }.into_any(),
            }}
            <button type="button" class="link-button danger" aria-label=format!("{name} 빼기")
                on:click=move |_| pics.update(|l| l.retain(|x| x.key != key))>"×"</button>
        </li>
    }
}
