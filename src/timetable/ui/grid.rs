//! The weekly grid every timetable page draws: days across (월–금, 토/일 only when something
//! is on them), the hours that have something (at least 09–18) down, blocks placed by their
//! minutes. It fits a 360 px phone: the columns share the width and long names end in "…".
//! Tapping a block opens its details in a small panel.

use super::super::{
    model::{Block, Lecture, Slot, Timetable, BLOCK_COLORS, DAYS},
    times::{clock, format_slot},
};
use leptos::prelude::*;

/// What one block of the grid stands for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    Lecture(u64),
    Block(u64),
}

/// Whose time a block is, when two timetables are laid over each other.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Layer {
    Only,
    Mine,
    Theirs,
}

/// One slot of a lecture or block, as the grid draws it.
#[derive(Debug, Clone, PartialEq)]
pub struct Item {
    pub kind: Kind,
    pub title: String,
    pub place: String,
    pub color: String,
    pub slot: Slot,
    pub layer: Layer,
}

/// A lecture's colour: the same lecture keeps its colour on every page.
pub fn lecture_color(id: u64) -> &'static str {
    BLOCK_COLORS[(id % BLOCK_COLORS.len() as u64) as usize]
}

/// Every slot of a timetable's lectures and blocks.
pub fn items_of(t: &Timetable, layer: Layer) -> Vec<Item> {
    let lectures = t.lectures.iter().flat_map(|l| {
        l.slots.iter().map(move |s| Item {
            kind: Kind::Lecture(l.id),
            title: l.name.clone(),
            place: l.room.clone(),
            color: lecture_color(l.id).to_owned(),
            slot: *s,
            layer,
        })
    });
    let blocks = t.blocks.iter().flat_map(|b| {
        b.slots.iter().map(move |s| Item {
            kind: Kind::Block(b.id),
            title: b.title.clone(),
            place: b.place.clone(),
            color: b.color.clone(),
            slot: *s,
            layer,
        })
    });
    lectures.chain(blocks).collect()
}

/// The days to show: 월–금, then 토 and 일 when a slot falls on them.
fn day_count(slots: impl Iterator<Item = Slot> + Clone) -> u8 {
    let last = slots.map(|s| s.day).max().unwrap_or(0);
    (last + 1).clamp(5, 7)
}

/// The hours to show, whole hours around every slot and at least 09:00–18:00.
fn hour_range(slots: impl Iterator<Item = Slot> + Clone) -> (u16, u16) {
    let from = slots.clone().map(|s| s.start / 60 * 60).min().unwrap_or(9 * 60).min(9 * 60);
    let to = slots.map(|s| s.end.div_ceil(60) * 60).max().unwrap_or(18 * 60).max(18 * 60);
    (from, to.min(24 * 60))
}

/// "월 13:00–15:00" lines for free windows.
pub fn window_text(s: &Slot) -> String {
    format!("{} {}–{}", DAYS.get(s.day as usize).copied().unwrap_or("?"), clock(s.start), clock(s.end))
}

/// The weekly grid. `free` windows are shaded under the blocks; `on_pick` makes blocks
/// buttons that report which one was tapped.
#[component]
pub fn WeekGrid(
    items: Vec<Item>,
    #[prop(optional)] free: Vec<Slot>,
    #[prop(optional, into)] on_pick: Option<Callback<Item>>,
    /// The grid's name for screen readers.
    #[prop(into)]
    label: String,
) -> impl IntoView {
    let all = items.iter().map(|i| i.slot).chain(free.iter().copied()).collect::<Vec<_>>();
    let days = day_count(all.iter().copied());
    let (from, to) = hour_range(all.iter().copied());
    let span = f32::from(to - from);
    let pos = move |s: &Slot| {
        let top = f32::from(s.start.saturating_sub(from)) / span * 100.0;
        let height = f32::from(s.end.min(to).saturating_sub(s.start.max(from))) / span * 100.0;
        format!("top:{top:.3}%;height:{height:.3}%")
    };
    let hours = (from / 60..to / 60).collect::<Vec<_>>();
    let style = format!("--days:{days};--hours:{}", hours.len());
    view! {
        <div class="tt-grid" style=style role="group" aria-label=label data-testid="tt-grid" data-days=days>
            <div class="tt-corner" aria-hidden="true"></div>
            {(0..days).map(|d| view! { <div class="tt-dayhead">{DAYS[d as usize]}</div> }).collect_view()}
            <div class="tt-hours" aria-hidden="true">
                {hours.iter().map(|h| {
                    let top = f32::from(h * 60 - from) / span * 100.0;
                    view! { <span style=format!("top:{top:.3}%")>{*h}</span> }
                }).collect_view()}
            </div>
            {(0..days).map(|d| {
                let free_here = free.iter().filter(|s| s.day == d).map(|s| view! {
                    <div class="tt-free" style=pos(s) data-testid="tt-free" title=window_text(s)></div>
                }).collect_view();
                let blocks = items.iter().filter(|i| i.slot.day == d).cloned().map(|item| {
                    let layer = match item.layer { Layer::Only => "only", Layer::Mine => "mine", Layer::Theirs => "theirs" };
                    let (kind, id) = match item.kind { Kind::Lecture(id) => ("lecture", id), Kind::Block(id) => ("block", id) };
                    let style = format!("{};background:{}", pos(&item.slot), item.color);
                    let what = format!("{} {}", item.title, format_slot(&item.slot));
                    let inner = view! {
                        <span class="tt-block-name">{item.title.clone()}</span>
                        <span class="tt-block-place">{item.place.clone()}</span>
                    };
                    match on_pick {
                        Some(pick) => view! {
                            <button type="button" class=format!("tt-block {layer}") style=style data-testid="tt-block" data-kind=kind data-id=id
                                aria-label=what on:click=move |_| pick.run(item.clone())>{inner}</button>
                        }.into_any(),
                        None => {
                            let spoken = what.clone();
                            view! {
                                <div class=format!("tt-block {layer}") style=style data-testid="tt-block" data-kind=kind data-id=id title=what>
                                    <span class="sr-only">{spoken}</span>
                                    {inner}
                                </div>
                            }.into_any()
                        }
                    }
                }).collect_view();
                view! { <div class="tt-day" data-day=d>{free_here}{blocks}</div> }
            }).collect_view()}
        </div>
    }
}

/// The details of a tapped block: times, professor, credits, the lecture's page, and 삭제
/// when `on_delete` is given (the owner's own timetable).
#[component]
pub fn DetailPanel(
    item: Item,
    lecture: Option<Lecture>,
    block: Option<Block>,
    on_close: Callback<()>,
    #[prop(optional, into)] on_delete: Option<Callback<Kind>>,
    #[prop(optional, into)] busy: Signal<bool>,
) -> impl IntoView {
    let kind = item.kind;
    let slots =
        lecture.as_ref().map(|l| l.slots.clone()).or_else(|| block.as_ref().map(|b| b.slots.clone())).unwrap_or_else(|| vec![item.slot]);
    let facts = match (&lecture, &block) {
        (Some(l), _) => view! {
            <dl class="tt-facts">
                <dt>"교수"</dt><dd>{l.professor.clone()}</dd>
                <dt>"학점"</dt><dd>{format!("{}학점", l.credits)}</dd>
                <dt>"과목"</dt><dd>{format!("{}-{} · {}", l.code, l.section, l.category.label())}</dd>
                {(!l.room.is_empty()).then(|| view! { <dt>"강의실"</dt><dd>{l.room.clone()}</dd> })}
            </dl>
            <a class="button small secondary" href=format!("/timetable/lectures/{}", l.id)>"강의 정보·강의평"</a>
        }
        .into_any(),
        (None, Some(b)) => view! {
            <dl class="tt-facts">
                {(!b.place.is_empty()).then(|| view! { <dt>"장소"</dt><dd>{b.place.clone()}</dd> })}
                <dt>"구분"</dt><dd>"직접 추가한 일정"</dd>
            </dl>
        }
        .into_any(),
        _ => ().into_any(),
    };
    view! {
        <div class="tt-detail" role="dialog" aria-label=format!("{} 자세히", item.title) data-testid="tt-detail">
            <div class="tt-detail-head">
                <span class="tt-swatch" style=format!("background:{}", item.color) aria-hidden="true"></span>
                <h3>{item.title.clone()}</h3>
                <button type="button" class="link-button" on:click=move |_| on_close.run(())>"닫기"</button>
            </div>
            <ul class="tt-detail-times">
                {slots.iter().map(|s| view! { <li>{format_slot(s)}</li> }).collect_view()}
            </ul>
            {facts}
            {on_delete.map(|del| view! {
                <button type="button" class="danger small" disabled=move || busy.get() on:click=move |_| del.run(kind)>"삭제"</button>
            })}
        </div>
    }
}

/// The panel for a picked item of `t`, or nothing.
pub fn detail_of(t: &Timetable, item: Item, on_close: Callback<()>, on_delete: Option<Callback<Kind>>, busy: Signal<bool>) -> AnyView {
    let lecture = match item.kind {
        Kind::Lecture(id) => t.lectures.iter().find(|l| l.id == id).cloned(),
        Kind::Block(_) => None,
    };
    let block = match item.kind {
        Kind::Block(id) => t.blocks.iter().find(|b| b.id == id).cloned(),
        Kind::Lecture(_) => None,
    };
    match on_delete {
        Some(on_delete) => view! { <DetailPanel item lecture block on_close on_delete busy/> }.into_any(),
        None => view! { <DetailPanel item lecture block on_close busy/> }.into_any(),
    }
}

/// A timetable read by someone else (a 일촌, a shared link): the grid, tap for details.
#[component]
pub fn ReadOnlyTimetable(t: Timetable) -> impl IntoView {
    let picked = RwSignal::new(None::<Item>);
    let t = StoredValue::new(t);
    let close = Callback::new(move |_| picked.set(None));
    let label = t.with_value(|t| format!("{}의 시간표", t.owner_nickname));
    view! {
        <WeekGrid items=t.with_value(|t| items_of(t, Layer::Only)) on_pick=Callback::new(move |i| picked.set(Some(i))) label/>
        {move || picked.get().map(|item| t.with_value(|t| detail_of(t, item, close, None, Signal::derive(|| false))))}
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_grid_shows_weekdays_and_nine_to_six_at_least() {
        let s = |day, start, end| Slot { day, start, end };
        assert_eq!(day_count([].into_iter()), 5);
        assert_eq!(day_count([s(5, 600, 700)].into_iter()), 6);
        assert_eq!(hour_range([].into_iter()), (540, 1080));
        assert_eq!(hour_range([s(1, 8 * 60 + 30, 10 * 60), s(2, 18 * 60, 20 * 60 + 10)].into_iter()), (480, 21 * 60));
    }
}
