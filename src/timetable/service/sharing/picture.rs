//! The grid drawn on the server: a column per day (월–금, 토/일 when used), a row per
//! hour that has something (at least 09–18), each lecture or block a coloured box with
//! its name and room, cut with "…" to fit.

use super::super::super::model::{Slot, Timetable, DAYS};
use crate::error::AppError;
use ab_glyph::{point, Font, FontVec, PxScale, ScaleFont};
use image::{Rgb, RgbImage};
use std::sync::OnceLock;

const DEFAULT_FONT: &str = "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc";
static FONT: OnceLock<FontVec> = OnceLock::new();

/// The font, read once (from `TIMETABLE_FONT` or Debian's Noto Sans CJK). A missing or
/// unreadable file answers 503 and is tried again on the next request.
fn font() -> Result<&'static FontVec, AppError> {
    if let Some(f) = FONT.get() {
        return Ok(f);
    }
    let path = std::env::var("TIMETABLE_FONT").ok().filter(|p| !p.trim().is_empty()).unwrap_or_else(|| DEFAULT_FONT.to_owned());
    let unavailable = |why: String| {
        tracing::warn!("timetable font {path}: {why}");
        AppError::unavailable("시간표 그림에 쓸 글꼴을 찾을 수 없어 지금은 그림을 만들 수 없습니다. 관리자에게 알려 주세요.")
    };
    let bytes = std::fs::read(&path).map_err(|e| unavailable(e.to_string()))?;
    let font = FontVec::try_from_vec_and_index(bytes, 0).map_err(|e| unavailable(e.to_string()))?;
    Ok(FONT.get_or_init(|| font))
}

const MARGIN: u32 = 16;
const TITLE_H: u32 = 48;
const HEAD_H: u32 = 30;
const TIME_W: u32 = 44;
const COL_W: u32 = 128;
const HOUR_H: u32 = 56;

const WHITE: [u8; 3] = [255, 255, 255];
const INK: [u8; 3] = [34, 34, 34];
const SOFT_INK: [u8; 3] = [110, 110, 110];
const LINE: [u8; 3] = [226, 226, 226];
const HEAD_BG: [u8; 3] = [246, 246, 246];
/// The lectures' colours, one after another in the order they were added.
const LECTURE_COLORS: [[u8; 3]; 8] = [
    [255, 205, 210],
    [200, 230, 201],
    [187, 222, 251],
    [255, 236, 179],
    [225, 190, 231],
    [178, 235, 242],
    [255, 224, 178],
    [220, 237, 200],
];

struct Item {
    title: String,
    detail: String,
    color: [u8; 3],
    slot: Slot,
}

fn hex(color: &str) -> Option<[u8; 3]> {
    let c = color.strip_prefix('#')?;
    if c.len() != 6 {
        return None;
    }
    let byte = |i: usize| u8::from_str_radix(c.get(i..i + 2)?, 16).ok();
    Some([byte(0)?, byte(2)?, byte(4)?])
}

fn items(t: &Timetable) -> Vec<Item> {
    let mut out = vec![];
    for (i, l) in t.lectures.iter().enumerate() {
        for s in &l.slots {
            let color = LECTURE_COLORS[i % LECTURE_COLORS.len()];
            out.push(Item { title: l.name.clone(), detail: l.room.clone(), color, slot: *s });
        }
    }
    for b in &t.blocks {
        for s in &b.slots {
            let color = hex(&b.color).unwrap_or(LECTURE_COLORS[0]);
            out.push(Item { title: b.title.clone(), detail: b.place.clone(), color, slot: *s });
        }
    }
    out
}

pub fn render(t: &Timetable) -> Result<Vec<u8>, AppError> {
    let font = font()?;
    let items = items(t);
    let days: u32 = match items.iter().map(|i| i.slot.day).max() {
        Some(d) if d >= 6 => 7,
        Some(5) => 6,
        _ => 5,
    };
    let first_hour = items.iter().map(|i| u32::from(i.slot.start) / 60).min().unwrap_or(9).min(9);
    let last_hour = items.iter().map(|i| u32::from(i.slot.end).div_ceil(60)).max().unwrap_or(18).clamp(18, 24);
    let hours = last_hour - first_hour;

    let grid_x = MARGIN + TIME_W;
    let grid_y = MARGIN + TITLE_H + HEAD_H;
    let width = grid_x + days * COL_W + MARGIN;
    let height = grid_y + hours * HOUR_H + MARGIN;
    let mut img = RgbImage::from_pixel(width, height, Rgb(WHITE));
    let mut pen = Pen { img: &mut img, font };

    let title = format!("{} · {} · {}학점", t.name, t.semester.name, t.credits);
    pen.text(&title, MARGIN as f32, (MARGIN + 8) as f32, 20.0, INK, (width - 2 * MARGIN) as f32);

    // Day headings, hour labels and the lines of the grid.
    pen.fill(grid_x, MARGIN + TITLE_H, days * COL_W, HEAD_H, HEAD_BG);
    for d in 0..days {
        let x = grid_x + d * COL_W;
        let label = DAYS[d as usize];
        pen.text(label, (x + COL_W / 2 - 7) as f32, (MARGIN + TITLE_H + 6) as f32, 14.0, INK, COL_W as f32);
        pen.fill(x, MARGIN + TITLE_H, 1, HEAD_H + hours * HOUR_H, LINE);
    }
    pen.fill(grid_x + days * COL_W, MARGIN + TITLE_H, 1, HEAD_H + hours * HOUR_H, LINE);
    for h in 0..=hours {
        let y = grid_y + h * HOUR_H;
        pen.fill(grid_x, y, days * COL_W, 1, LINE);
        if h < hours {
            pen.text(&format!("{}", first_hour + h), (MARGIN + 8) as f32, (y + 4) as f32, 12.0, SOFT_INK, TIME_W as f32);
        }
    }

    // The boxes.
    let origin = first_hour * 60;
    for it in &items {
        let d = u32::from(it.slot.day);
        if d >= days {
            continue;
        }
        let y0 = grid_y + (u32::from(it.slot.start).saturating_sub(origin)) * HOUR_H / 60;
        let y1 = grid_y + (u32::from(it.slot.end).saturating_sub(origin)) * HOUR_H / 60;
        let x0 = grid_x + d * COL_W + 2;
        let (w, h) = (COL_W - 3, y1.saturating_sub(y0).saturating_sub(2).max(4));
        pen.rounded(x0, y0 + 1, w, h, 6, it.color);
        let inner = (w - 10) as f32;
        if h >= 18 {
            pen.text(&it.title, (x0 + 5) as f32, (y0 + 4) as f32, 13.0, INK, inner);
        }
        if h >= 36 && !it.detail.is_empty() {
            pen.text(&it.detail, (x0 + 5) as f32, (y0 + 22) as f32, 11.0, SOFT_INK, inner);
        }
    }

    let mut png = Vec::new();
    image::DynamicImage::ImageRgb8(img).write_to(&mut std::io::Cursor::new(&mut png), image::ImageFormat::Png).map_err(|e| {
        tracing::error!("timetable picture: {e}");
        AppError::internal()
    })?;
    Ok(png)
}

struct Pen<'a> {
    img: &'a mut RgbImage,
    font: &'a FontVec,
}

impl Pen<'_> {
    fn blend(&mut self, x: i64, y: i64, color: [u8; 3], alpha: f32) {
        if x < 0 || y < 0 || x >= i64::from(self.img.width()) || y >= i64::from(self.img.height()) {
            return;
        }
        let a = alpha.clamp(0.0, 1.0);
        let p = self.img.get_pixel_mut(x as u32, y as u32);
        for (c, new) in p.0.iter_mut().zip(color) {
            *c = (f32::from(*c) * (1.0 - a) + f32::from(new) * a).round() as u8;
        }
    }

    fn fill(&mut self, x: u32, y: u32, w: u32, h: u32, color: [u8; 3]) {
        for yy in y..y + h {
            for xx in x..x + w {
                self.blend(i64::from(xx), i64::from(yy), color, 1.0);
            }
        }
    }

    /// A box with corners rounded by `r` pixels.
    fn rounded(&mut self, x: u32, y: u32, w: u32, h: u32, r: u32, color: [u8; 3]) {
        let r = r.min(w / 2).min(h / 2) as i64;
        let (w, h) = (i64::from(w), i64::from(h));
        for dy in 0..h {
            for dx in 0..w {
                let cx = if dx < r {
                    r - dx
                } else if dx >= w - r {
                    dx - (w - r - 1)
                } else {
                    0
                };
                let cy = if dy < r {
                    r - dy
                } else if dy >= h - r {
                    dy - (h - r - 1)
                } else {
                    0
                };
                if cx > 0 && cy > 0 && (cx - 1) * (cx - 1) + (cy - 1) * (cy - 1) > r * r {
                    continue;
                }
                self.blend(i64::from(x) + dx, i64::from(y) + dy, color, 1.0);
            }
        }
    }

    fn width(&self, text: &str, px: f32) -> f32 {
        let f = self.font.as_scaled(PxScale::from(px));
        text.chars().map(|c| f.h_advance(f.glyph_id(c))).sum()
    }

    /// `text` from (x, top), cut with "…" so that it fits in `max_w`.
    fn text(&mut self, text: &str, x: f32, top: f32, px: f32, color: [u8; 3], max_w: f32) {
        let mut shown: String = text.chars().filter(|c| !c.is_control()).collect();
        if self.width(&shown, px) > max_w {
            let room = max_w - self.width("…", px);
            let mut cut = String::new();
            for c in shown.chars() {
                cut.push(c);
                if self.width(&cut, px) > room {
                    cut.pop();
                    break;
                }
            }
            shown = format!("{}…", cut.trim_end());
        }
        let font = self.font;
        let scaled = font.as_scaled(PxScale::from(px));
        let baseline = top + scaled.ascent();
        let mut caret = x;
        for c in shown.chars() {
            let id = scaled.glyph_id(c);
            let glyph = id.with_scale_and_position(px, point(caret, baseline));
            caret += scaled.h_advance(id);
            if let Some(outline) = font.outline_glyph(glyph) {
                let b = outline.px_bounds();
                outline.draw(|gx, gy, cov| {
                    self.blend(b.min.x as i64 + i64::from(gx), b.min.y as i64 + i64::from(gy), color, cov);
                });
            }
        }
    }
}
