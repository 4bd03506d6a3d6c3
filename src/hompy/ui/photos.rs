//! The 사진첩 tab: folders, posts of photos or short videos (6 per page) with likes and
//! comments. The owner uploads files one by one with progress (each becomes a thumbnail
//! from the server), then posts them with a title, text, folder and visibility.

use super::super::{
    api::{album_upload_url, CreateFolder, CreatePhotoPost, DeleteFolder, DeletePhotoPost, UpdatePhotoPost},
    model::{Folder, LikeState, MediaKind, PhotoPage, PhotoPost, Relation, UploadedMedia},
};
use super::{Comments, LikeButton, VisibilityBadge, VisibilitySelect};
use crate::ui::kit::{action_error, reload_on_ok, upload, ErrorPage, FieldError, FormError, Pager, ProgressBar, When};
use leptos::{form::ActionForm, prelude::*};

#[component]
pub fn PhotosTab(owner: u64, relation: Relation) -> impl IntoView {
    let super::TabData { data, version } = super::tab_data::<PhotoPage>();
    view! {
        <Transition fallback=|| view! { <p class="loading">"사진첩을 여는 중…"</p> }>
            {move || Suspend::new(async move {
                match data.await {
                    Ok(p) => view! { <PhotosView owner relation p version/> }.into_any(),
                    Err(error) => view! { <ErrorPage error/> }.into_any(),
                }
            })}
        </Transition>
    }
}

#[component]
fn PhotosView(owner: u64, relation: Relation, p: PhotoPage, version: RwSignal<u32>) -> impl IntoView {
    let is_owner = relation == Relation::Owner;
    let query = p.folder.map(|f| format!("folder={f}")).unwrap_or_default();
    let empty = p.posts.is_empty();
    let folders = p.folders.clone();
    view! {
        <div class="album">
            <Folders folders=p.folders.clone() current=p.folder is_owner owner version/>
            {is_owner.then(|| view! { <NewPost owner folders=folders.clone() version/> })}
            {empty.then(|| view! { <p class="hint">"볼 수 있는 사진이 없어요."</p> })}
            <div class="posts">
                {p.posts.into_iter().map(|post| view! { <Post post relation folders=folders.clone() version/> }).collect_view()}
            </div>
            <Pager page=p.page total_pages=p.total_pages query/>
        </div>
    }
}

#[component]
fn Folders(folders: Vec<Folder>, current: Option<u64>, is_owner: bool, owner: u64, version: RwSignal<u32>) -> impl IntoView {
    let create = crate::ui::kit::page_action::<CreateFolder>();
    let delete = crate::ui::kit::page_action::<DeleteFolder>();
    reload_on_ok(create, version);
    reload_on_ok(delete, version);
    let error = action_error(create);
    view! {
        <nav class="folders" aria-label="폴더">
            <a href="?" class:current=current.is_none()>"전체"</a>
            {folders.into_iter().map(|f| {
                let id = f.id;
                view! {
                    <span class="folder">
                        <a href=format!("?folder={id}") class:current=current == Some(id)>{format!("{} ({})", f.name, f.posts)}</a>
                        {is_owner.then(|| view! {
                            <button type="button" class="link-button danger" aria-label=format!("{} 폴더 삭제", f.name)
                                on:click=move |_| {
                                    if window().confirm_with_message("폴더를 지울까요? 사진은 남아요.").unwrap_or(false) {
                                        delete.dispatch(DeleteFolder { id });
                                    }
                                }>"×"</button>
                        })}
                    </span>
                }
            }).collect_view()}
        </nav>
        {is_owner.then(|| view! {
            <ActionForm action=create attr:class="inline-form">
                <input type="hidden" name="owner" value=owner/>
                <input type="text" name="name" maxlength="30" placeholder="새 폴더 이름" aria-label="새 폴더 이름" required/>
                <button type="submit">"폴더 만들기"</button>
            </ActionForm>
            <FieldError error field="name"/>
            <FormError error/>
        })}
    }
}

#[derive(Clone)]
struct Upload {
    key: u32,
    name: String,
    preview: Option<String>,
    progress: RwSignal<f64>,
    result: RwSignal<Option<Result<UploadedMedia, String>>>,
}

#[component]
fn NewPost(owner: u64, folders: Vec<Folder>, version: RwSignal<u32>) -> impl IntoView {
    let uploads = RwSignal::new(Vec::<Upload>::new());
    let next_key = StoredValue::new(0u32);
    let create = crate::ui::kit::page_action::<CreatePhotoPost>();
    reload_on_ok(create, version);
    let error = action_error(create);
    // A posted form starts over: no files waiting, empty title and text.
    let form = NodeRef::<leptos::html::Form>::new();
    Effect::new(move |_| {
        if let Some(Ok(_)) = create.value().get() {
            uploads.set(Vec::new());
            if let Some(f) = form.get_untracked() {
                f.reset();
            }
        }
    });
    let on_files = move |ev: leptos::ev::Event| {
        let input: web_sys::HtmlInputElement = event_target(&ev);
        let Some(files) = input.files() else { return };
        for i in 0..files.length() {
            let Some(file) = files.get(i) else { continue };
            let key = next_key.get_value();
            next_key.set_value(key + 1);
            let is_video = file.type_() == "video/mp4";
            let item = Upload {
                key,
                name: file.name(),
                preview: (!is_video).then(|| web_sys::Url::create_object_url_with_blob(&file).ok()).flatten(),
                progress: RwSignal::new(0.0),
                result: RwSignal::new(None),
            };
            let (progress, result) = (item.progress, item.result);
            uploads.update(|u| u.push(item));
            leptos::task::spawn_local(async move {
                match album_upload_url(owner, file.name()).await {
                    Ok(signed) if file.size() > signed.max_bytes as f64 => {
                        result.set(Some(Err(format!("파일이 너무 큽니다 (최대 {}MB).", signed.max_bytes / 1024 / 1024))));
                    }
                    Ok(signed) => upload::put_with_progress(
                        &file,
                        &signed.url,
                        move |p| progress.set(p),
                        move |status, body| {
                            progress.set(100.0);
                            result.set(Some(if status == 200 {
                                serde_json::from_str::<UploadedMedia>(&body).map_err(|_| "업로드 응답을 읽을 수 없습니다.".to_owned())
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
    let media_ids = move || {
        uploads
            .get()
            .iter()
            .filter_map(|u| u.result.get().and_then(|r| r.ok()).map(|m| m.media_id.to_string()))
            .collect::<Vec<_>>()
            .join(",")
    };
    let uploading = move || uploads.get().iter().any(|u| u.result.get().is_none());
    view! {
        <details class="card new-post">
            <summary>"사진 올리기"</summary>
            <label class="file-button">
                "사진·동영상 고르기"
                <input type="file" multiple accept="image/jpeg,image/png,image/gif,image/webp,video/mp4" on:change=on_files aria-label="사진 파일"/>
            </label>
            <p class="hint">"jpg, png, gif, webp 사진(8MB까지)이나 mp4 동영상(10MB까지), 한 번에 10개까지."</p>
            <ul class="upload-list">
                <For each=move || uploads.get() key=|u| u.key let:u>
                    <li class="upload-item">
                        {let name = u.name.clone(); let preview = u.preview.clone(); move || match u.result.get() {
                            Some(Ok(m)) => match m.thumb_url {
                                Some(src) => view! { <img class="upload-thumb" src=src alt=format!("{name} 썸네일")/> }.into_any(),
                                None => view! { <span class="video-thumb">"▶"</span> }.into_any(),
                            },
                            _ => match preview.clone() {
                                Some(src) => view! { <img class="upload-thumb preview" src=src alt="미리보기"/> }.into_any(),
                                None => view! { <span class="video-thumb">"▶"</span> }.into_any(),
                            },
                        }}
                        <span class="upload-name">{u.name.clone()}</span>
                        {move || match u.result.get() {
                            None => view! { <ProgressBar value=u.progress/> }.into_any(),
                            Some(Ok(_)) => view! { <span class="ok">"올림"</span> }.into_any(),
                            Some(Err(m)) => view! { <span class="form-error" role="alert">{m}</span> }.into_any(),
                        }}
                        <button type="button" class="link-button" on:click=move |_| uploads.update(|l| l.retain(|x| x.key != u.key))>"빼기"</button>
                    </li>
                </For>
            </ul>
            <ActionForm action=create node_ref=form attr:class="form">
                <input type="hidden" name="owner" value=owner/>
                <input type="hidden" name="media_ids" prop:value=media_ids/>
                <label>"제목" <input type="text" name="title" maxlength="100" required/></label>
                <FieldError error field="title"/>
                <label>"내용" <textarea name="body" rows="3" maxlength="2000"></textarea></label>
                <FolderSelect folders=folders.clone() selected=None/>
                <VisibilitySelect/>
                <FieldError error field="media"/>
                <FormError error/>
                <button type="submit" disabled=move || create.pending().get() || uploading() || media_ids().is_empty()>"게시"</button>
            </ActionForm>
        </details>
    }
}

#[component]
fn FolderSelect(folders: Vec<Folder>, selected: Option<u64>) -> impl IntoView {
    view! {
        <label>
            "폴더"
            <select name="folder_id">
                <option value="" selected=selected.is_none()>"폴더 없음"</option>
                {folders.into_iter().map(|f| view! {
                    <option value=f.id.to_string() selected=selected == Some(f.id)>{f.name}</option>
                }).collect_view()}
            </select>
        </label>
    }
}

#[component]
fn Post(post: PhotoPost, relation: Relation, folders: Vec<Folder>, version: RwSignal<u32>) -> impl IntoView {
    let is_owner = relation == Relation::Owner;
    let id = post.id;
    let editing = RwSignal::new(false);
    let delete = crate::ui::kit::page_action::<DeletePhotoPost>();
    reload_on_ok(delete, version);
    let update = crate::ui::kit::page_action::<UpdatePhotoPost>();
    reload_on_ok(update, version);
    let error = action_error(update);
    let edit = StoredValue::new(post.clone());
    let folders = StoredValue::new(folders);
    view! {
        <article class="photo-post" data-id=id>
            <header>
                <h2 class="post-title">{post.title.clone()}</h2>
                {is_owner.then(|| view! { <VisibilityBadge v=post.visibility/> })}
                <When t=post.created_at/>
            </header>
            <div class="media">
                {post.media.iter().map(|m| match m.kind {
                    MediaKind::Image => view! {
                        <a href=m.url.clone() target="_blank" rel="noopener">
                            <img class="photo-thumb" src=m.thumb_url.clone().unwrap_or_else(|| m.url.clone()) alt=post.title.clone() loading="lazy" width="160" height="160"/>
                        </a>
                    }.into_any(),
                    MediaKind::Video => view! {
                        <video class="photo-video" src=m.url.clone() controls preload="metadata" playsinline></video>
                    }.into_any(),
                }).collect_view()}
            </div>
            <p class="post-body pre">{post.body.clone()}</p>
            <LikeButton kind="PHOTO" id state=LikeState { liked: post.liked, count: post.like_count } enabled=relation.signed_in()/>
            {is_owner.then(|| view! {
                <div class="owner-actions">
                    <button type="button" class="link-button" on:click=move |_| editing.update(|v| *v = !*v)>
                        {move || if editing.get() { "수정 취소" } else { "수정" }}
                    </button>
                    <button type="button" class="link-button danger" on:click=move |_| {
                        if window().confirm_with_message("이 게시물을 지울까요?").unwrap_or(false) {
                            delete.dispatch(DeletePhotoPost { id });
                        }
                    }>"삭제"</button>
                </div>
                <Show when=move || editing.get()>
                    <ActionForm action=update attr:class="form">
                        <input type="hidden" name="id" value=id/>
                        <label>"제목" <input type="text" name="title" maxlength="100" value=edit.with_value(|e| e.title.clone()) required/></label>
                        <FieldError error field="title"/>
                        <label>"내용" <textarea name="body" rows="3" maxlength="2000">{edit.with_value(|e| e.body.clone())}</textarea></label>
                        <FolderSelect folders=folders.get_value() selected=edit.with_value(|e| e.folder_id)/>
                        <VisibilitySelect selected=edit.with_value(|e| e.visibility)/>
                        <FormError error/>
                        <button type="submit">"저장"</button>
                    </ActionForm>
                </Show>
            })}
            <Comments kind="PHOTO" target_id=id comments=post.comments.clone() version signed_in=relation.signed_in()/>
        </article>
    }
}
