//! Reading a ledger CSV's text into lines: the header, the cells as people write them, and
//! the file's line of each record (a memo of two lines takes two). No database here.

use super::*;
use chrono::NaiveDate;

/// The longest piece of a line a reason repeats.
const ECHO_CHARS: usize = 20;

/// A piece of the file as a reason repeats it (short, on one line).
pub(super) fn echo(s: &str) -> String {
    let s: String = s.chars().map(|c| if c.is_control() { ' ' } else { c }).collect();
    if s.chars().count() > ECHO_CHARS {
        format!("{}…", s.chars().take(ECHO_CHARS).collect::<String>())
    } else {
        s
    }
}

fn read_date(s: &str) -> Result<NaiveDate, String> {
    let d = ["%Y-%m-%d", "%Y.%m.%d", "%Y/%m/%d"]
        .iter()
        .find_map(|f| NaiveDate::parse_from_str(s, f).ok())
        .ok_or_else(|| format!("날짜를 읽을 수 없습니다: {} (2026-03-05처럼 적어 주세요)", echo(s)))?;
    check_date("날짜", d).map_err(first_reason)?;
    Ok(d)
}

fn read_kind(s: &str) -> Result<EntryKind, String> {
    EntryKind::parse(&s.to_ascii_uppercase())
        .or_else(|| EntryKind::ALL.iter().copied().find(|k| k.label() == s))
        .ok_or_else(|| format!("구분은 수입 또는 지출이어야 합니다: {}", echo(s)))
}

fn read_method(s: &str) -> Result<PayMethod, String> {
    if s.is_empty() {
        return Ok(PayMethod::Other);
    }
    PayMethod::parse(&s.to_ascii_uppercase()).or_else(|| PayMethod::ALL.iter().copied().find(|m| m.label() == s)).ok_or_else(|| {
        let known: Vec<&str> = PayMethod::ALL.iter().map(|m| m.label()).collect();
        format!("결제수단을 알 수 없습니다: {} ({} 중 하나)", echo(s), known.join(", "))
    })
}

/// An amount in whole 원: digits, with thousands commas and a trailing 원 allowed.
fn read_amount(s: &str) -> Result<i64, String> {
    let text = s.strip_suffix('원').unwrap_or(s).trim();
    let (negative, unsigned) = match text.strip_prefix('-') {
        Some(rest) => (true, rest.trim_start()),
        None => (false, text.strip_prefix('+').unwrap_or(text)),
    };
    let groups: Vec<&str> = unsigned.split(',').collect();
    let digits_only = |g: &str| !g.is_empty() && g.bytes().all(|b| b.is_ascii_digit());
    if text.is_empty() {
        return Err("금액이 비어 있습니다.".into());
    }
    if !groups.iter().all(|g| digits_only(g)) {
        return Err(format!("금액이 숫자가 아닙니다: {}", echo(s)));
    }
    if groups.len() > 1 && (groups[0].len() > 3 || groups[1..].iter().any(|g| g.len() != 3)) {
        return Err(format!("금액의 쉼표 자리가 맞지 않습니다: {} (1,234,000처럼 적어 주세요)", echo(s)));
    }
    let digits: String = groups.concat();
    // More digits than an i64 holds is beyond the maximum anyway.
    let amount = digits.parse::<i64>().unwrap_or(i64::MAX);
    let amount = if negative { -amount } else { amount };
    check_amount("금액", amount).map_err(first_reason)?;
    Ok(amount)
}

/// The message of an INVALID_FIELDS error (or the error's own).
fn first_reason(e: AppError) -> String {
    e.field_errors.into_iter().next().map(|f| f.message).unwrap_or(e.message)
}

/// One line read: what the entry will be (its category by name).
#[derive(Debug, Clone)]
pub(super) struct Line {
    pub line: u32,
    pub occurred_on: NaiveDate,
    pub kind: EntryKind,
    pub category: String,
    pub amount: i64,
    pub method: PayMethod,
    pub memo: String,
}

/// The value, or None with its reason noted.
fn take<T>(reasons: &mut Vec<String>, r: Result<T, String>) -> Option<T> {
    r.map_err(|why| reasons.push(why)).ok()
}

/// One record of the file as a line, or every reason it is refused (joined).
fn read_line(line: u32, record: &::csv::StringRecord) -> Result<Line, String> {
    if record.len() != CSV_HEADER.len() {
        return Err(format!("칸이 {}개입니다 ({}개여야 합니다: {}).", record.len(), CSV_HEADER.len(), CSV_HEADER.join(",")));
    }
    let cell = |i: usize| record.get(i).unwrap_or("").trim();
    let mut reasons: Vec<String> = vec![];
    let occurred_on = take(&mut reasons, read_date(cell(0)));
    let kind = take(&mut reasons, read_kind(cell(1)));
    let category = unguard(cell(2)).trim().to_owned();
    let amount = take(&mut reasons, read_amount(cell(3)));
    let method = take(&mut reasons, read_method(cell(4)));
    let memo = unguard(cell(5)).trim().to_owned();
    let n = category.chars().count();
    if n == 0 || n > 20 {
        reasons.push(if n == 0 {
            "분류가 비어 있습니다.".into()
        } else {
            format!("분류 이름은 20자까지 쓸 수 있습니다: {}", echo(&category))
        });
    }
    if memo.chars().count() > 200 {
        reasons.push("메모는 200자까지 쓸 수 있습니다.".into());
    }
    match (occurred_on, kind, amount, method) {
        (Some(occurred_on), Some(kind), Some(amount), Some(method)) if reasons.is_empty() => {
            Ok(Line { line, occurred_on, kind, category, amount, method, memo })
        }
        _ => Err(reasons.join(" ")),
    }
}

/// The file's line (1-based, as a text editor counts them: a memo of two lines takes two)
/// where a record starts, counted forward from its byte offset as the records come.
struct LineCounter<'a> {
    text: &'a [u8],
    byte: usize,
    line: u64,
}

impl LineCounter<'_> {
    fn at(&mut self, byte: u64) -> u32 {
        let mut to = usize::try_from(byte).unwrap_or(usize::MAX).min(self.text.len());
        // A record's offset is where the reader stood: before the blank lines (or the \n of a
        // \r\n) ahead of it.
        while matches!(self.text.get(to), Some(b'\r' | b'\n')) {
            to += 1;
        }
        if to > self.byte {
            self.line += self.text[self.byte..to].iter().filter(|&&b| b == b'\n').count() as u64;
            self.byte = to;
        }
        u32::try_from(self.line).unwrap_or(u32::MAX)
    }
}

/// The line (1-based) where a quoted cell opens that the text never closes, if one does.
/// The csv reader takes such a cell to the end of the file without a word (every line after
/// it into one memo), so the quotes are followed here as it reads them (RFC 4180): a quote
/// opens a cell only at the cell's start; inside, `""` is a quote and a lone `"` closes it.
fn unclosed_quote(text: &str) -> Option<u32> {
    let mut line: u32 = 1;
    let mut opened_on = 0;
    let mut quoted = false;
    let mut cell_start = true;
    let mut bytes = text.bytes().peekable();
    while let Some(b) = bytes.next() {
        if b == b'\n' {
            line = line.saturating_add(1);
        }
        if quoted {
            if b == b'"' {
                if bytes.peek() == Some(&b'"') {
                    bytes.next();
                } else {
                    quoted = false;
                }
            }
            continue;
        }
        match b {
            b',' | b'\n' | b'\r' => cell_start = true,
            b'"' if cell_start => {
                quoted = true;
                opened_on = line;
                cell_start = false;
            }
            _ => cell_start = false,
        }
    }
    quoted.then_some(opened_on)
}

/// The lines of a ledger CSV (a BOM skipped): each read or refused alone. A text that is
/// not such a CSV (not UTF-8, empty, another header, a quote never closed, too long) is
/// refused whole.
pub(super) fn read_file(text: &str) -> Result<(Vec<Line>, Vec<RejectedLine>), AppError> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    // What a browser reads of a CP949/EUC-KR file: its Korean turned into U+FFFD.
    if text.contains('\u{fffd}') {
        return Err(not_utf8_csv());
    }
    if let Some(line) = unclosed_quote(text) {
        return Err(invalid_csv(format!(
            "따옴표가 닫히지 않았습니다 ({line}번째 줄). 칸을 연 따옴표(\")는 닫아 주시고, 칸 안의 따옴표는 \"\"처럼 두 번 적어 주세요."
        )));
    }
    let mut reader = ::csv::ReaderBuilder::new().has_headers(false).flexible(true).from_reader(text.as_bytes());
    let mut records = reader.records();
    let header = match records.next() {
        Some(Ok(h)) => h,
        Some(Err(_)) => return Err(invalid_csv(format!("CSV 첫 줄을 읽을 수 없습니다. {}", header_help()))),
        None => return Err(invalid_csv(format!("CSV가 비어 있습니다. {}", header_help()))),
    };
    if !header.iter().map(str::trim).eq(CSV_HEADER) {
        let got = echo(&header.iter().collect::<Vec<_>>().join(","));
        return Err(invalid_csv(format!("CSV 첫 줄이 맞지 않습니다 ({got}). {}", header_help())));
    }
    let mut good = vec![];
    let mut refused = vec![];
    let mut lines = LineCounter { text: text.as_bytes(), byte: 0, line: 1 };
    for record in records {
        let record = match record {
            Ok(r) => r,
            Err(e) => {
                let line = lines.at(e.position().map_or(u64::MAX, |p| p.byte()));
                refused.push(RejectedLine {
                    line, reason: "CSV 형식이 올바르지 않습니다 (따옴표를 확인해 주세요).".into()
                });
                continue;
            }
        };
        // Spreadsheets leave rows of empty cells at the end; they are no lines.
        if record.iter().all(|c| c.trim().is_empty()) {
            continue;
        }
        if good.len() + refused.len() >= MAX_IMPORT_LINES {
            return Err(invalid_csv(format!("한 번에 {MAX_IMPORT_LINES}줄까지 가져올 수 있습니다. 나누어서 올려 주세요.")));
        }
        let line = lines.at(record.position().map_or(u64::MAX, |p| p.byte()));
        match read_line(line, &record) {
            Ok(l) => good.push(l),
            Err(reason) => refused.push(RejectedLine { line, reason }),
        }
    }
    if good.is_empty() && refused.is_empty() {
        return Err(invalid_csv(format!("가져올 줄이 없습니다. {} 다음 줄부터 한 줄에 하나씩 적어 주세요.", CSV_HEADER.join(","))));
    }
    Ok((good, refused))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn refused_lines_are_named_by_the_file_s_lines() {
        for end in ["\n", "\r\n"] {
            let text = [
                "\u{feff}날짜,구분,분류,금액,결제수단,메모",
                "2026-03-05,지출,식비,1000,카드,\"두 줄\n메모\"",
                "2026-03-06,지출,식비,12a,카드,",
                "",
                "2026-03-07,지출,식비,1000,카드,\"세\r\n줄\n메모\"",
                "2026-03-08,지출,식비,1000,카드",
                "2026-03-09,지출,식비,1000,카드,",
            ]
            .join(end);
            let (good, refused) = read_file(&text).unwrap();
            let lines: Vec<u32> = refused.iter().map(|r| r.line).collect();
            assert_eq!(lines, vec![4, 9], "{end:?}");
            let lines: Vec<u32> = good.iter().map(|l| l.line).collect();
            assert_eq!(lines, vec![2, 6, 10], "{end:?}");
            assert_eq!(good[1].memo, "세\r\n줄\n메모");
        }
    }

    #[test]
    fn a_quote_never_closed_refuses_the_file_and_names_its_line() {
        let file = |rows: &[&str]| format!("\u{feff}{}\n{}", CSV_HEADER.join(","), rows.join("\n"));
        let text = file(&["2026-03-05,지출,식비,1000,카드,\"열린 메모", "2026-03-06,지출,식비,1000,카드,"]);
        let e = read_file(&text).unwrap_err();
        assert_eq!((e.status, e.code), (400, ErrorCode::InvalidCsv));
        assert!(e.message.starts_with("따옴표가 닫히지 않았습니다 (2번째 줄)"), "{}", e.message);
        // The line where the cell opened, after a closed memo of two lines.
        let text = file(&["2026-03-05,지출,식비,1000,카드,\"두\n줄\"", "2026-03-06,지출,식비,1000,카드,\"끝에 \"\""]);
        assert_eq!(unclosed_quote(&text), Some(4));
        // Closed ones: doubled quotes inside, a quote inside an unquoted cell, an empty cell.
        for row in
            ["2026-03-05,지출,식비,1000,카드,\"그가 \"\"안녕\"\" 했다\"", "2026-03-05,지출,식비,1000,카드,5\"짜리", "a,\"\",b", "\"\"\"\""]
        {
            assert_eq!(unclosed_quote(&file(&[row])), None, "{row}");
        }
        assert_eq!(unclosed_quote("a,\"\"\""), Some(1));
    }

    #[test]
    fn text_a_browser_read_from_euc_kr_is_refused() {
        let text = format!("{}\n2026-03-05,지출,\u{fffd}\u{fffd},1000,카드,", CSV_HEADER.join(","));
        let e = read_file(&text).unwrap_err();
        assert_eq!((e.status, e.code), (400, ErrorCode::InvalidCsv));
        assert!(e.message.starts_with("UTF-8로 저장된 CSV만 읽을 수 있습니다"), "{}", e.message);
    }

    #[test]
    fn amounts_read_as_people_write_them() {
        assert_eq!(read_amount("12000"), Ok(12000));
        assert_eq!(read_amount("12,000"), Ok(12000));
        assert_eq!(read_amount("1,234,000원"), Ok(1_234_000));
        assert_eq!(read_amount("10,000,000,000"), Ok(MAX_AMOUNT));
        assert!(read_amount("12a").unwrap_err().contains("숫자가 아닙니다: 12a"));
        assert!(read_amount("1,00").unwrap_err().contains("쉼표"));
        assert!(read_amount("-500").unwrap_err().contains("1원 이상"));
        assert!(read_amount("0").unwrap_err().contains("1원 이상"));
        assert!(read_amount("10000000001").unwrap_err().contains("100억"));
        assert!(read_amount("99999999999999999999999").unwrap_err().contains("100억"));
        assert!(read_amount("").is_err());
    }

    #[test]
    fn dates_kinds_and_methods_take_their_spellings() {
        let d = NaiveDate::from_ymd_opt(2026, 3, 5).unwrap();
        for s in ["2026-03-05", "2026.03.05", "2026/03/05"] {
            assert_eq!(read_date(s), Ok(d));
        }
        assert!(read_date("1999-12-31").is_err());
        assert!(read_date("어제").is_err());
        assert_eq!(read_kind("수입"), Ok(EntryKind::Income));
        assert_eq!(read_kind("expense"), Ok(EntryKind::Expense));
        assert_eq!(read_method(""), Ok(PayMethod::Other));
        assert_eq!(read_method("계좌이체"), Ok(PayMethod::Transfer));
        assert_eq!(read_method("card"), Ok(PayMethod::Card));
        assert!(read_method("외상").is_err());
    }
}
