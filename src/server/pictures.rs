//! The one image pipeline every upload goes through (profile photos, main photos, album
//! photos): the type is sniffed from the bytes (png, jpg, gif, webp), one byte limit and
//! one pixel limit for all, a memory cap on the decoder, and EXIF orientation applied.

use crate::error::{AppError, ErrorCode};
use image::{DynamicImage, ImageFormat, ImageReader, Limits};

/// The largest picture file anyone may upload.
pub const MAX_BYTES: usize = 8 * 1024 * 1024;
/// Decoded size: 40 megapixels (a phone's largest photos) and no more.
const MAX_PIXELS: u64 = 40_000_000;

/// Decodes an image whose type is sniffed from its bytes, turned upright by its EXIF orientation.
pub fn decode(bytes: &[u8]) -> Result<DynamicImage, AppError> {
    use image::ImageDecoder;
    if bytes.len() > MAX_BYTES {
        return Err(AppError::new(413, ErrorCode::FileTooLarge, format!("사진은 {}MB 이하여야 합니다.", MAX_BYTES / 1024 / 1024)));
    }
    let format = image::guess_format(bytes)
        .ok()
        .filter(|f| matches!(f, ImageFormat::Png | ImageFormat::Jpeg | ImageFormat::Gif | ImageFormat::WebP))
        .ok_or_else(|| AppError::new(415, ErrorCode::UnsupportedFileType, "이미지 파일(jpg, png, gif, webp)이 아닙니다."))?;
    let mut reader = ImageReader::with_format(std::io::Cursor::new(bytes), format);
    let mut limits = Limits::default();
    limits.max_image_width = Some(8_000);
    limits.max_image_height = Some(8_000);
    limits.max_alloc = Some(256 * 1024 * 1024);
    reader.limits(limits);
    let bad = |_| AppError::bad_request(ErrorCode::InvalidImage, "이미지를 읽을 수 없습니다.");
    let mut decoder = reader.into_decoder().map_err(bad)?;
    let (w, h) = image::ImageDecoder::dimensions(&decoder);
    if u64::from(w) * u64::from(h) > MAX_PIXELS {
        return Err(AppError::bad_request(ErrorCode::ImageTooLarge, "사진은 4천만 화소 이하여야 합니다."));
    }
    let orientation = decoder.orientation().unwrap_or(image::metadata::Orientation::NoTransforms);
    let mut img = DynamicImage::from_decoder(decoder).map_err(bad)?;
    img.apply_orientation(orientation);
    Ok(img)
}

/// JPEG bytes of an image; transparency becomes white.
pub fn to_jpeg(img: &DynamicImage, quality: u8) -> Result<Vec<u8>, AppError> {
    let rgba = img.to_rgba8();
    let mut rgb = image::RgbImage::new(rgba.width(), rgba.height());
    for (x, y, p) in rgba.enumerate_pixels() {
        let a = u16::from(p[3]);
        let blend = |c: u8| ((u16::from(c) * a + 255 * (255 - a)) / 255) as u8;
        rgb.put_pixel(x, y, image::Rgb([blend(p[0]), blend(p[1]), blend(p[2])]));
    }
    let mut out = Vec::new();
    image::codecs::jpeg::JpegEncoder::new_with_quality(&mut out, quality).encode_image(&rgb).map_err(|_| AppError::internal())?;
    Ok(out)
}
