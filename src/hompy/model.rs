use serde::{Deserialize, Serialize};

/// What the frame of a mini-homepage shows: the owner's public face.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(sqlx::FromRow))]
pub struct HompySummary {
    pub user_id: u64,
    pub nickname: String,
    pub title: String,
    pub intro: String,
    pub minimi: String,
    pub joined_at: chrono::NaiveDateTime,
}

/// The 미니미 every member may use. Anything else falls back to the first.
pub const MINIMI: &[(&str, &str)] = &[
    ("basic-girl", "기본 소녀"),
    ("basic-boy", "기본 소년"),
    ("cat", "고양이 후드"),
    ("bear", "곰돌이 후드"),
    ("rabbit", "토끼 후드"),
    ("robot", "로봇"),
];

/// Image URL of a 미니미 key; never a path built from unchecked input.
pub fn minimi_src(key: &str) -> String {
    let known = MINIMI.iter().find(|(k, _)| *k == key).map(|(k, _)| *k).unwrap_or(MINIMI[0].0);
    format!("/minimi/{known}.svg")
}

#[cfg(test)]
mod tests {
    use super::minimi_src;

    #[test]
    fn minimi_src_only_serves_known_files() {
        assert_eq!(minimi_src("cat"), "/minimi/cat.svg");
        assert_eq!(minimi_src("../../etc/passwd"), "/minimi/basic-girl.svg");
    }
}
