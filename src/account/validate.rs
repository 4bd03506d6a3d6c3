//! Input rules for accounts, with Korean messages per field.

pub const PASSWORD_MIN: usize = 8;
pub const PASSWORD_MAX: usize = 128;

/// The shared collector, under the name the account rules use.
pub use crate::error::FieldErrors as Fields;

pub fn email(fields: &mut Fields, email: &str) {
    let ok = email.len() <= 254
        && email.split_once('@').is_some_and(|(local, domain)| {
            !local.is_empty()
                && local.len() <= 64
                && domain.contains('.')
                && !domain.starts_with('.')
                && !domain.ends_with('.')
                && domain.chars().all(|c| c.is_ascii_alphanumeric() || c == '.' || c == '-')
                && local.chars().all(|c| c.is_ascii_alphanumeric() || "._%+-".contains(c))
        });
    fields.check(ok, "email", "올바른 이메일 주소를 입력해 주세요.");
}

/// Length and character rules; the common-password list is checked on the server.
pub fn password_shape(fields: &mut Fields, field: &str, password: &str) {
    let n = password.chars().count();
    if n < PASSWORD_MIN {
        fields.add(field, format!("비밀번호는 {PASSWORD_MIN}자 이상이어야 합니다."));
    } else if n > PASSWORD_MAX {
        fields.add(field, format!("비밀번호는 {PASSWORD_MAX}자 이하여야 합니다."));
    }
}

fn name_like(fields: &mut Fields, field: &str, label: &str, value: &str) {
    let n = value.trim().chars().count();
    let ok = (2..=20).contains(&n) && !value.chars().any(|c| c.is_control() || "<>\"'`&;".contains(c));
    fields.check(ok, field, &format!("{label}은(는) 2~20자로 입력해 주세요 (특수문자 < > \" ' ` & ; 제외)."));
}

pub fn name(fields: &mut Fields, value: &str) {
    name_like(fields, "name", "이름", value)
}

pub fn nickname(fields: &mut Fields, value: &str) {
    name_like(fields, "nickname", "닉네임", value)
}

pub fn birth_date(fields: &mut Fields, value: &str, today: chrono::NaiveDate) {
    match chrono::NaiveDate::parse_from_str(value, "%Y-%m-%d") {
        Ok(d) if d <= today && d >= chrono::NaiveDate::from_ymd_opt(1900, 1, 1).unwrap() => {}
        Ok(_) => fields.add("birthDate", "생년월일이 올바르지 않습니다."),
        Err(_) => fields.add("birthDate", "생년월일은 yyyy-MM-dd 형식으로 입력해 주세요."),
    }
}

pub fn gender(fields: &mut Fields, value: &str) {
    fields.check(matches!(value, "MALE" | "FEMALE"), "gender", "성별은 MALE 또는 FEMALE 입니다.");
}

/// Korean mobile numbers, with or without dashes; stored as digits only.
pub fn phone(fields: &mut Fields, value: &str) -> String {
    let digits: String = value.chars().filter(|c| c.is_ascii_digit()).collect();
    let ok =
        value.chars().all(|c| c.is_ascii_digit() || c == '-' || c == ' ') && (10..=11).contains(&digits.len()) && digits.starts_with("01");
    fields.check(ok, "phone", "휴대전화 번호를 확인해 주세요 (예: 010-1234-5678).");
    digits
}

/// `ab***@naver.com`
pub fn mask_email(email: &str) -> String {
    match email.split_once('@') {
        Some((local, domain)) => {
            let keep: String = local.chars().take(2).collect();
            format!("{keep}***@{domain}")
        }
        None => "***".into(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn emails() {
        for ok in ["a@b.co", "user.name+tag@naver.com", "x_y@sub.example.kr"] {
            let mut f = Fields::default();
            email(&mut f, ok);
            assert!(f.finish().is_ok(), "{ok}");
        }
        for bad in ["", "a", "a@b", "@b.co", "a@.co", "a b@c.co", "a'--@x.co", "a@b.co;DROP TABLE users"] {
            let mut f = Fields::default();
            email(&mut f, bad);
            assert!(f.finish().is_err(), "{bad}");
        }
    }

    #[test]
    fn passwords_and_names() {
        let mut f = Fields::default();
        password_shape(&mut f, "password", "short");
        name(&mut f, "가");
        nickname(&mut f, "<script>");
        let err = f.finish().unwrap_err();
        assert_eq!(err.code, crate::error::ErrorCode::InvalidFields);
        assert_eq!(err.field_errors.len(), 3);
        assert!(err.field_message("password").unwrap().contains("8자"));
    }

    #[test]
    fn birthdays_phones_and_masks() {
        let today = chrono::NaiveDate::from_ymd_opt(2026, 11, 21).unwrap();
        for (v, ok) in [("2000-02-29", true), ("2001-02-29", false), ("2030-01-01", false), ("20000101", false)] {
            let mut f = Fields::default();
            birth_date(&mut f, v, today);
            assert_eq!(f.finish().is_ok(), ok, "{v}");
        }
        let mut f = Fields::default();
        assert_eq!(phone(&mut f, "010-1234-5678"), "01012345678");
        assert!(f.finish().is_ok());
        let mut f = Fields::default();
        phone(&mut f, "02-123");
        assert!(f.finish().is_err());
        assert_eq!(mask_email("abcdef@naver.com"), "ab***@naver.com");
    }
}
