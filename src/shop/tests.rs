//! Unit tests of the shop's pieces that need no services.

use super::{demo::synthesise, media};

#[test]
fn demo_tracks_are_wav_files_the_upload_check_accepts() {
    let wav = synthesise(&[(0, 1), (-99, 1)], 0.25);
    assert_eq!(media::audio_ext(&wav), Some("wav"));
    let data_len = u32::from_le_bytes([wav[40], wav[41], wav[42], wav[43]]) as usize;
    assert_eq!(data_len + 44, wav.len(), "the header's length matches the samples");
    assert_eq!(data_len, 3 * 2 * 2 * 4_000, "three times two beats of 0.25 s at 16 kHz, 16-bit");
}

#[test]
fn audio_is_told_from_its_first_bytes_and_names_are_only_ours() {
    assert_eq!(media::audio_ext(b"OggS\0\x02"), Some("ogg"));
    assert_eq!(media::audio_ext(b"ID3\x04\0"), Some("mp3"));
    assert_eq!(media::audio_ext(b"<html><script>"), None);
    assert!(media::valid_name("0123456789abcdef0123456789abcdef.wav"));
    assert!(!media::valid_name("../0123456789abcdef0123456789abcd.wav"));
    assert!(!media::valid_name("0123456789abcdef0123456789abcdef.svg"));
}

#[test]
fn the_top_bar_reads_the_balance_event_as_the_server_writes_it() {
    let text = serde_json::to_string(&super::model::ShopEvent::Dotori { balance: 1234 }).unwrap();
    assert_eq!(super::ui::dotori_event(&text), Some(1234));
    let gift = serde_json::to_string(&super::model::ShopEvent::Gift { from: "a".into(), product_name: "b".into() }).unwrap();
    assert_eq!(super::ui::dotori_event(&gift), None);
}
