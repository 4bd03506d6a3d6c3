//! The month view's charts, drawn as inline SVG by the page (no chart service): the donut of
//! the month's spending by category (its legend rows and its slices pick a category for the
//! list), the last 12 months' income and expense as bars, and the balance at each month's
//! end as a line. Every chart scales with its viewBox (readable from 360 px), is named for
//! screen readers, and has a title on each mark (the numbers on hover or long press).

use super::super::model::{CategoryTotal, MonthTotal};
use super::{month_label, month_parts, percent_text, won};
use leptos::prelude::*;
use std::f64::consts::PI;

const RING_R: f64 = 70.0;

/// Brings the day list into view when it is below the window (a phone, after a tap on a
/// slice), so the picked entries are what the member sees next.
fn show_list() {
    #[cfg(not(feature = "ssr"))]
    {
        let below = document()
            .get_element_by_id("lg-days")
            .filter(|el| el.get_bounding_client_rect().top() > window().inner_height().ok().and_then(|h| h.as_f64()).unwrap_or(0.0));
        if let Some(el) = below {
            el.scroll_into_view();
        }
    }
}

/// The donut: one slice per category (largest first, as the server sorts them), the total
/// in the middle, and a legend of buttons with each share in percent.
#[component]
pub fn Donut(totals: Vec<CategoryTotal>, expense: i64, filter: RwSignal<Option<u64>>) -> impl IntoView {
    if totals.is_empty() || expense <= 0 {
        return view! { <p class="empty" data-testid="donut-empty">"이 달에는 지출이 없어요."</p> }.into_any();
    }
    let toggle = move |id: u64| filter.update(|f| *f = if *f == Some(id) { None } else { Some(id) });
    let circumference = 2.0 * PI * RING_R;
    let summary = totals.iter().map(|t| format!("{} {}", t.name, percent_text(t.permille))).collect::<Vec<_>>().join(", ");
    let aria = format!("분류별 지출 {}: {summary}", won(expense));
    let title = aria.clone();
    let mut start = 0u32;
    let slices = totals
        .iter()
        .filter(|t| t.permille > 0)
        .map(|t| {
            let id = t.category_id;
            let len = f64::from(t.permille) / 1000.0 * circumference;
            let offset = -(f64::from(start) / 1000.0 * circumference);
            start += t.permille;
            let tip = format!("{} {} · {}", t.name, percent_text(t.permille), won(t.amount));
            view! {
                <circle class="lg-slice" class:dim=move || filter.get().is_some_and(|f| f != id)
                    cx="100" cy="100" r=RING_R.to_string() fill="none" stroke=t.color.clone() stroke-width="34"
                    stroke-dasharray=format!("{len:.3} {:.3}", circumference - len) stroke-dashoffset=format!("{offset:.3}")
                    data-testid="donut-slice" data-category-id=id
                    on:click=move |_| { toggle(id); show_list(); }>
                    <title>{tip}</title>
                </circle>
            }
        })
        .collect_view();
    let legend = totals
        .into_iter()
        .map(|t| {
            let id = t.category_id;
            let picked = move || filter.get() == Some(id);
            view! {
                <li>
                    <button type="button" class="lg-legend-row" class:active=picked aria-pressed=move || picked().to_string()
                        data-testid="donut-legend" data-category-id=id on:click=move |_| toggle(id)>
                        <span class="lg-dot" style=format!("background:{}", t.color)></span>
                        <span class="lg-legend-name">{t.name.clone()}</span>
                        <span class="lg-legend-pct" data-testid="donut-percent">{percent_text(t.permille)}</span>
                        <span class="lg-legend-amount">{won(t.amount)}</span>
                    </button>
                </li>
            }
        })
        .collect_view();
    view! {
        <div class="lg-donut-wrap">
            <svg class="lg-donut" viewBox="0 0 200 200" role="img" aria-label=aria data-testid="donut">
                <title>{title}</title>
                <circle cx="100" cy="100" r=RING_R.to_string() fill="none" stroke="#eef3f7" stroke-width="34"></circle>
                <g transform="rotate(-90 100 100)">{slices}</g>
                <text x="100" y="94" text-anchor="middle" class="lg-donut-caption">"지출"</text>
                <text x="100" y="118" text-anchor="middle" class="lg-donut-total">{won(expense)}</text>
            </svg>
            <div class="lg-legend-box">
                <p class="hint lg-legend-hint">"분류를 누르면 그 내역만 아래에 보여요."</p>
                <ul class="lg-legend" aria-label="분류별 지출">{legend}</ul>
            </div>
        </div>
    }
    .into_any()
}

/// A month's short name under the bars: "3월", with the year on January and the first month.
fn axis_label(m: &str, first: bool) -> (String, Option<String>) {
    match month_parts(m) {
        Some((y, mo)) => (format!("{mo}월"), (first || mo == 1).then(|| y.to_string())),
        None => (m.to_owned(), None),
    }
}

/// The 12 months: income and expense bars side by side, then the balance line.
#[component]
pub fn TrendCharts(months: Vec<MonthTotal>, current: String) -> impl IntoView {
    if months.is_empty() {
        return view! { <p class="empty">"보여 줄 달이 없어요."</p> }.into_any();
    }
    let last = months.last().map(|m| m.balance).unwrap_or_default();
    let high = months.iter().map(|m| m.balance).max().unwrap_or_default();
    let low = months.iter().map(|m| m.balance).min().unwrap_or_default();
    view! {
        <div class="lg-trend">
            <figure class="lg-figure">
                <Bars months=months.clone() current=current.clone()/>
                <figcaption class="lg-chart-legend">
                    <span><span class="lg-key income"></span>"수입"</span>
                    <span><span class="lg-key expense"></span>"지출"</span>
                </figcaption>
            </figure>
            <figure class="lg-figure">
                <BalanceLine months=months.clone() current/>
                <figcaption class="hint">
                    {format!("월말 잔액 · 최근 {} · 최고 {} · 최저 {}", won(last), won(high), won(low))}
                </figcaption>
            </figure>
            // The hidden box wraps the table: a table itself grows to its content and would
            // widen a phone's page.
            <div class="sr-only">
            <table>
                <caption>"최근 12개월 수입, 지출, 월말 잔액"</caption>
                <thead><tr><th scope="col">"달"</th><th scope="col">"수입"</th><th scope="col">"지출"</th><th scope="col">"월말 잔액"</th></tr></thead>
                <tbody>
                    {months.into_iter().map(|m| view! {
                        <tr><th scope="row">{month_label(&m.month)}</th><td>{won(m.income)}</td><td>{won(m.expense)}</td><td>{won(m.balance)}</td></tr>
                    }).collect_view()}
                </tbody>
            </table>
            </div>
        </div>
    }
    .into_any()
}

// The plot area of both charts, in viewBox units.
const W: f64 = 360.0;
const LEFT: f64 = 6.0;
const RIGHT: f64 = 354.0;

#[component]
fn Bars(months: Vec<MonthTotal>, current: String) -> impl IntoView {
    const TOP: f64 = 18.0;
    const BOTTOM: f64 = 156.0;
    let n = months.len().max(1) as f64;
    let group = (RIGHT - LEFT) / n;
    let bar = group * 0.34;
    let max = months.iter().map(|m| m.income.max(m.expense)).max().unwrap_or(0).max(1) as f64;
    let height = |v: i64| (v.max(0) as f64 / max * (BOTTOM - TOP)).max(if v > 0 { 1.0 } else { 0.0 });
    let marks = months
        .iter()
        .enumerate()
        .map(|(i, m)| {
            let x = LEFT + group * i as f64;
            let (hi, he) = (height(m.income), height(m.expense));
            let (name, year) = axis_label(&m.month, i == 0);
            let this = m.month == current;
            let label = month_label(&m.month);
            view! {
                <g class="lg-bar-group" class:current=this data-month=m.month.clone()>
                    <rect class="lg-bar-income" x=format!("{:.1}", x + group * 0.14) y=format!("{:.1}", BOTTOM - hi)
                        width=format!("{bar:.1}") height=format!("{hi:.1}") rx="1.5">
                        <title>{format!("{label} 수입 {}", won(m.income))}</title>
                    </rect>
                    <rect class="lg-bar-expense" x=format!("{:.1}", x + group * 0.52) y=format!("{:.1}", BOTTOM - he)
                        width=format!("{bar:.1}") height=format!("{he:.1}") rx="1.5">
                        <title>{format!("{label} 지출 {}", won(m.expense))}</title>
                    </rect>
                    <text class="lg-axis" x=format!("{:.1}", x + group / 2.0) y="171" text-anchor="middle">{name}</text>
                    {year.map(|y| view! { <text class="lg-axis lg-axis-year" x=format!("{:.1}", x + group / 2.0) y="184" text-anchor="middle">{y}</text> })}
                </g>
            }
        })
        .collect_view();
    view! {
        <svg class="lg-chart lg-bars" viewBox=format!("0 0 {W} 188") role="img" aria-label="최근 12개월 수입과 지출 막대그래프" data-testid="trend-bars">
            <title>"최근 12개월 수입과 지출"</title>
            <text class="lg-axis" x=LEFT.to_string() y="11">{format!("최고 {}", won(max as i64))}</text>
            <line class="lg-baseline" x1=LEFT.to_string() x2=RIGHT.to_string() y1=BOTTOM.to_string() y2=BOTTOM.to_string()></line>
            {marks}
        </svg>
    }
}

#[component]
fn BalanceLine(months: Vec<MonthTotal>, current: String) -> impl IntoView {
    const TOP: f64 = 12.0;
    const BOTTOM: f64 = 118.0;
    let n = months.len();
    let high = months.iter().map(|m| m.balance).max().unwrap_or(0) as f64;
    let low = months.iter().map(|m| m.balance).min().unwrap_or(0) as f64;
    let span = if high > low { high - low } else { 1.0 };
    let x = |i: usize| if n > 1 { LEFT + 8.0 + (RIGHT - LEFT - 16.0) * i as f64 / (n - 1) as f64 } else { W / 2.0 };
    let y = |b: i64| if high > low { BOTTOM - (b as f64 - low) / span * (BOTTOM - TOP) } else { (TOP + BOTTOM) / 2.0 };
    let points = months.iter().enumerate().map(|(i, m)| format!("{:.1},{:.1}", x(i), y(m.balance))).collect::<Vec<_>>().join(" ");
    let zero = (low < 0.0 && high > 0.0).then(|| {
        let y0 = format!("{:.1}", y(0));
        view! { <line class="lg-zero" x1=LEFT.to_string() x2=RIGHT.to_string() y1=y0.clone() y2=y0></line> }
    });
    let dots = months
        .iter()
        .enumerate()
        .map(|(i, m)| {
            let (name, _) = axis_label(&m.month, false);
            let this = m.month == current;
            view! {
                <g class="lg-point" class:current=this>
                    <circle cx=format!("{:.1}", x(i)) cy=format!("{:.1}", y(m.balance)) r="3.5">
                        <title>{format!("{} 말 잔액 {}", month_label(&m.month), won(m.balance))}</title>
                    </circle>
                    <text class="lg-axis" x=format!("{:.1}", x(i)) y="136" text-anchor="middle">{name}</text>
                </g>
            }
        })
        .collect_view();
    view! {
        <svg class="lg-chart lg-line" viewBox=format!("0 0 {W} 142") role="img" aria-label="최근 12개월 월말 잔액 꺾은선그래프" data-testid="balance-line">
            <title>"최근 12개월 월말 잔액"</title>
            {zero}
            <polyline class="lg-balance-line" points=points fill="none"></polyline>
            {dots}
        </svg>
    }
}
