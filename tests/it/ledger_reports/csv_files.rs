//! The CSV export and import through the REST API: the round trip with Korean, commas,
//! quotes and newlines; the spellings people use; a bad line refusing the whole file; files
//! that are no ledger CSV (not UTF-8, read by a browser from EUC-KR, another header, a quote
//! never closed).

use super::*;

#[tokio::test]
async fn csv_round_trip_keeps_korean_commas_quotes_and_newlines() {
    let (app, state) = api().await;
    let me = Who::new(&app, &state).await;
    let (book, cat) = me.book(&app, "우리 집, \"2026\"", 0).await;
    let trip = me
        .ok(
            &app,
            "POST",
            &format!("/api/ledger/books/{book}/categories"),
            Some(json!({"kind": "EXPENSE", "name": "여행", "color": "#aecbfa"})),
            201,
        )
        .await["id"]
        .as_u64()
        .unwrap();
    let memos = [
        ("INCOME", 3_500_000, cat["급여"], "2026-01-25", "1월 월급", "TRANSFER"),
        ("EXPENSE", 12_000, cat["식비"], "2026-01-26", "점심, 김밥 \"참치\" 두 줄", "CARD"),
        ("EXPENSE", 45_000, cat["식비"], "2026-01-26", "장보기\n- 우유\n- 계란", "CASH"),
        ("EXPENSE", 1_250, cat["교통"], "2026-01-27", "=SUM(A1:A3)", "MOBILE"),
        ("EXPENSE", 300_000, trip, "2026-02-01", "제주, 2박 3일; 'Jeju'", "OTHER"),
        ("EXPENSE", 9_900, cat["문화"], "2026-02-02", "", "CARD"),
    ];
    for (kind, amount, c, d, memo, method) in memos {
        me.entry_paid(&app, book, (kind, amount, c, d, memo), method).await;
    }
    let gone = me.entry(&app, book, ("EXPENSE", 1, cat["식비"], "2026-02-03", "휴지통")).await;
    me.ok(&app, "DELETE", &format!("/api/ledger/entries/{gone}"), None, 204).await;

    let res = me.export(&app, book).await;
    assert_eq!(res.headers["content-type"], "text/csv; charset=utf-8");
    assert_eq!(res.headers["cache-control"], "no-store");
    let disposition = res.headers["content-disposition"].to_str().unwrap();
    assert!(disposition.starts_with("attachment;"), "{disposition}");
    assert!(
        disposition.contains("filename*=UTF-8''%EC%9A%B0%EB%A6%AC%20%EC%A7%91%2C%20%222026%22.csv"),
        "the book's name, percent-encoded: {disposition}"
    );
    let text = res.body.clone();
    assert!(text.starts_with(&format!("\u{feff}{HEADER}\r\n")), "{text:?}");
    assert!(text.contains("2026-01-26,지출,식비,12000,카드,\"점심, 김밥 \"\"참치\"\" 두 줄\"\r\n"), "{text:?}");
    assert!(text.contains("\"장보기\n- 우유\n- 계란\""), "{text:?}");
    assert!(text.contains(",'=SUM(A1:A3)\r\n"), "a formula is not run by the spreadsheet: {text:?}");
    assert!(!text.contains("휴지통"), "the trash is left out");
    assert_eq!(text.matches("\r\n").count(), 7, "the header and six entries");

    // Into a fresh book of another member: the preview writes nothing, then all of it.
    let other = Who::new(&app, &state).await;
    let (copy, _) = other.book(&app, "복사본", 0).await;
    let categories_before = categories_in(&state, copy).await;
    let res = other.import(&app, copy, false, &text).await;
    assert_eq!(res.status, 200, "{}", res.body);
    let preview = res.json();
    assert_eq!((preview["imported"].as_bool(), preview["accepted"].as_u64()), (Some(false), Some(6)));
    assert_eq!(preview["newCategories"], json!(["여행"]));
    assert_eq!(
        (preview["income"].as_i64(), preview["expense"].as_i64()),
        (Some(3_500_000), Some(12_000 + 45_000 + 1_250 + 300_000 + 9_900))
    );
    assert_eq!(preview["preview"][1]["memo"], "점심, 김밥 \"참치\" 두 줄");
    assert_eq!(preview["preview"][2]["line"], 4);
    assert_eq!(preview["preview"][3]["line"], 7, "a memo of three lines takes three lines of the file");
    assert_eq!(preview["preview"][3]["memo"], "=SUM(A1:A3)");
    assert_eq!(entries_in(&state, copy).await, 0);
    assert_eq!(categories_in(&state, copy).await, categories_before);

    let res = other.import(&app, copy, true, &text).await;
    assert_eq!(res.status, 200, "{}", res.body);
    assert_eq!(res.json()["imported"], true);
    assert_eq!(entries_in(&state, copy).await, 6);
    assert_eq!(categories_in(&state, copy).await, categories_before + 1);
    // The same entries: the copy exports to the same text, and its months add up the same.
    assert_eq!(other.export(&app, copy).await.body, text);
    for month in ["2026-01", "2026-02"] {
        let (a, b) = (me.month(&app, book, month).await, other.month(&app, copy, month).await);
        for key in ["income", "expense", "net", "balanceAfter"] {
            assert_eq!(a[key], b[key], "{month} {key}");
        }
        let memos = |m: &Value| -> Vec<String> {
            m["days"]
                .as_array()
                .unwrap()
                .iter()
                .flat_map(|d| d["entries"].as_array().unwrap().clone())
                .map(|e| e["memo"].as_str().unwrap().to_owned())
                .collect()
        };
        assert_eq!(memos(&a), memos(&b));
    }

    // Only members read the export.
    let res = Who::new(&app, &state).await.call(&app, "GET", &format!("/api/ledger/books/{book}/export.csv"), None).await;
    assert_eq!((res.status, res.json()["code"].as_str()), (404, Some("LEDGER_BOOK_NOT_FOUND")));
    let res = me.c.call(&app, "GET", &format!("/api/ledger/books/{book}/export.csv"), None, None).await;
    assert_eq!(res.status, 401);
}

#[tokio::test]
async fn the_import_reads_the_spellings_people_use() {
    let (app, state) = api().await;
    let me = Who::new(&app, &state).await;
    let (book, _) = me.book(&app, "가져오기", 0).await;
    let csv = format!(
        "\u{feff}{HEADER}\n2026.03.05,INCOME,급여,\"1,234,000원\",계좌이체,보너스\n2026/03/06,expense,식비,9000,card,\n2026-03-07,지출,식비,500원,,\n,,,,,\n"
    );
    let res = me.import(&app, book, true, &csv).await;
    assert_eq!(res.status, 200, "{}", res.body);
    let report = res.json();
    assert_eq!((report["imported"].as_bool(), report["accepted"].as_u64()), (Some(true), Some(3)));
    assert_eq!(report["newCategories"], json!([]));
    let m = me.month(&app, book, "2026-03").await;
    assert_eq!((m["income"].as_i64(), m["expense"].as_i64()), (Some(1_234_000), Some(9_500)));
    let methods: Vec<&str> = m["days"].as_array().unwrap().iter().map(|d| d["entries"][0]["method"].as_str().unwrap()).collect();
    assert_eq!(methods, vec!["OTHER", "CARD", "TRANSFER"]);
}

#[tokio::test]
async fn a_bad_line_refuses_the_whole_file_and_says_where() {
    let (app, state) = api().await;
    let me = Who::new(&app, &state).await;
    let (book, cat) = me.book(&app, "엄격", 0).await;
    me.entry(&app, book, ("EXPENSE", 1000, cat["식비"], "2026-03-01", "원래 있던 것")).await;
    let csv = [
        HEADER,
        "2026-03-05,지출,식비,12000,카드,\"두 줄\n메모\"",
        "2026-03-06,지출,식비,12a,카드,",
        "2026-03-07,수입,새 분류,5000,현금,",
        "2026-13-01,지출,교통,1000,현금,",
        "2026-03-08,지출,교통,-300,외상,",
        "2026-03-09,지출,교통,1000,현금",
        "2026-03-10,지출,교통,1000,현금,끝",
    ]
    .join("\r\n");
    let (entries, categories) = (entries_in(&state, book).await, categories_in(&state, book).await);

    let res = me.import(&app, book, true, &csv).await;
    assert_eq!(res.status, 422, "{}", res.body);
    let err = res.json();
    assert_eq!(err["code"], "IMPORT_REJECTED");
    let fields: Vec<&str> = err["fieldErrors"].as_array().unwrap().iter().map(|f| f["field"].as_str().unwrap()).collect();
    assert_eq!(fields, vec!["line 4", "line 6", "line 7", "line 8"]);
    assert_eq!(field(&err, "line 4"), "금액이 숫자가 아닙니다: 12a");
    assert!(field(&err, "line 6").contains("날짜"), "{err}");
    assert!(field(&err, "line 7").contains("1원 이상") && field(&err, "line 7").contains("결제수단"), "{err}");
    assert!(field(&err, "line 8").contains("칸이 5개"), "{err}");
    assert_eq!(entries_in(&state, book).await, entries, "nothing written");
    assert_eq!(categories_in(&state, book).await, categories, "not even the new category");

    // The preview says the same and writes nothing either.
    let res = me.import(&app, book, false, &csv).await;
    assert_eq!(res.status, 200, "{}", res.body);
    let report = res.json();
    assert_eq!((report["imported"].as_bool(), report["accepted"].as_u64()), (Some(false), Some(3)));
    let lines: Vec<u64> = report["rejected"].as_array().unwrap().iter().map(|r| r["line"].as_u64().unwrap()).collect();
    assert_eq!(lines, vec![4, 6, 7, 8]);
    assert_eq!(report["newCategories"], json!(["새 분류"]));
    assert_eq!(entries_in(&state, book).await, entries);
    assert_eq!(categories_in(&state, book).await, categories);
}

#[tokio::test]
async fn files_that_are_not_a_ledger_csv_are_refused() {
    let (app, state) = api().await;
    let me = Who::new(&app, &state).await;
    let (book, _) = me.book(&app, "거절", 0).await;
    // "날짜" in EUC-KR, as an old spreadsheet program saves it.
    let mut euc_kr = vec![0xB3, 0xAF, 0xC2, 0xA5];
    euc_kr.extend_from_slice(b",a,b,c,d,e\n");
    let res = me.import_raw(&app, book, true, "text/csv", euc_kr).await;
    assert_eq!((res.status, res.json()["code"].as_str()), (400, Some("INVALID_CSV")), "{}", res.body);
    let not_utf8 = res.json()["message"].as_str().unwrap().to_owned();
    assert!(not_utf8.starts_with("UTF-8로 저장된 CSV만 읽을 수 있습니다"), "{not_utf8}");
    // The same file as a browser's File.text() reads it: U+FFFD for each Korean letter, sent as UTF-8.
    let lossy = String::from_utf8_lossy(&[&[0xB3, 0xAF, 0xC2, 0xA5], ",구분,분류,금액,결제수단,메모\n".as_bytes()].concat()).into_owned();
    assert!(lossy.contains('\u{fffd}'));
    for commit in [false, true] {
        let res = me.import(&app, book, commit, &format!("{lossy}2026-03-05,지출,식비,1000,카드,")).await;
        assert_eq!((res.status, res.json()["code"].as_str()), (400, Some("INVALID_CSV")), "{}", res.body);
        assert_eq!(res.json()["message"].as_str(), Some(not_utf8.as_str()));
    }

    for text in ["date,kind,category,amount,method,memo\n2026-03-05,지출,식비,1000,카드,", "날짜,구분,분류,금액,메모\n", "", HEADER]
    {
        let res = me.import(&app, book, false, text).await;
        assert_eq!((res.status, res.json()["code"].as_str()), (400, Some("INVALID_CSV")), "{text:?}: {}", res.body);
        assert!(res.json()["message"].as_str().unwrap().contains("날짜,구분,분류,금액,결제수단,메모"), "{}", res.body);
    }
    let res = me.import_raw(&app, book, true, "application/json", b"{}".to_vec()).await;
    assert_eq!(res.status, 415, "{}", res.body);
    let stranger = Who::new(&app, &state).await;
    let res = stranger.import(&app, book, false, &format!("{HEADER}\n2026-03-05,지출,식비,1000,카드,")).await;
    assert_eq!(res.status, 404, "{}", res.body);
    assert_eq!(entries_in(&state, book).await, 0);
}

#[tokio::test]
async fn a_quote_never_closed_refuses_the_whole_file() {
    let (app, state) = api().await;
    let me = Who::new(&app, &state).await;
    let (book, _) = me.book(&app, "따옴표", 0).await;
    // The csv reader would take every line after the open quote into one memo.
    let csv = [
        HEADER,
        "2026-03-04,지출,식비,1000,카드,\"두 줄\n메모\"",
        "2026-03-05,지출,식비,1000,카드,\"닫히지 않은 메모",
        "2026-03-06,지출,식비,2000,카드,",
        "2026-03-07,지출,식비,3000,카드,끝",
    ]
    .join("\r\n");
    for commit in [false, true] {
        let res = me.import(&app, book, commit, &csv).await;
        assert_eq!((res.status, res.json()["code"].as_str()), (400, Some("INVALID_CSV")), "{}", res.body);
        let message = res.json()["message"].as_str().unwrap().to_owned();
        assert!(message.starts_with("따옴표가 닫히지 않았습니다 (4번째 줄)"), "{message}");
    }
    assert_eq!(entries_in(&state, book).await, 0);
    // Closed, with a doubled quote inside: read as it is.
    let csv = format!("{HEADER}\n2026-03-05,지출,식비,1000,카드,\"그가 \"\"안녕\"\" 했다\"\n2026-03-06,지출,식비,2000,카드,");
    let res = me.import(&app, book, true, &csv).await;
    assert_eq!(res.status, 200, "{}", res.body);
    assert_eq!(res.json()["accepted"], 2);
    assert_eq!(entries_in(&state, book).await, 2);
}
