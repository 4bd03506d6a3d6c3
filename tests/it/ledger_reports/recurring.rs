//! Recurring rules through the REST API and `run_recurring_due`: the 31st in shorter months,
//! periods before the start, missed periods caught up, the end date (a rule past it is
//! finished), and two app instances racing for the same periods. `run_recurring_due` runs
//! every rule in the database, so the tests that call it take turns (`job_turn`) and their
//! rules live in years no other test's runs reach: 2092–2093, and the race's 2095–2096 above
//! every other test's day.

use super::*;

/// The dates a rule wrote entries on, in order.
async fn rule_dates(state: &AppState, rule: u64) -> Vec<String> {
    let dates: Vec<NaiveDate> = sqlx::query_scalar("SELECT occurred_on FROM ledger_entries WHERE recurring_id = ? ORDER BY occurred_on")
        .bind(rule)
        .fetch_all(&state.db)
        .await
        .unwrap();
    dates.into_iter().map(|d| d.to_string()).collect()
}

/// Where a rule stands: its `next_period` ("YYYY-MM").
async fn next_period(state: &AppState, rule: u64) -> String {
    sqlx::query_scalar("SELECT next_period FROM ledger_recurring WHERE id = ?").bind(rule).fetch_one(&state.db).await.unwrap()
}

/// A turn at `run_recurring_due`, which runs every rule in the database: a named MariaDB
/// lock on a connection of its own, so tests in other processes (nextest) wait too. Held
/// until dropped (the connection closes, even when the test panics).
struct JobTurn(#[allow(dead_code)] sqlx::MySqlConnection);

async fn job_turn(state: &AppState) -> JobTurn {
    let mut conn = state.db.acquire().await.unwrap().detach();
    let got: Option<i64> =
        sqlx::query_scalar("SELECT GET_LOCK('minihompy_it_ledger_recurring_due', 600)").fetch_one(&mut conn).await.unwrap();
    assert_eq!(got, Some(1), "waited 10 minutes for another test's run_recurring_due");
    JobTurn(conn)
}

#[tokio::test]
async fn a_rule_on_the_31st_writes_on_the_last_day_of_shorter_months() {
    let (app, state) = api().await;
    let me = Who::new(&app, &state).await;
    let (book, cat) = me.book(&app, "월세", 0).await;
    // Made after its periods: they are written at once.
    let rule = me
        .rule(
            &app,
            book,
            json!({"kind": "EXPENSE", "amount": 500_000, "categoryId": cat["주거"], "method": "TRANSFER", "memo": " 월세 ",
                   "dayOfMonth": 31, "startsOn": "2024-01-01", "endsOn": "2024-04-30"}),
        )
        .await;
    assert_eq!((rule["nextOn"].clone(), rule["memo"].as_str()), (Value::Null, Some("월세")));
    let id = rule["id"].as_u64().unwrap();
    assert_eq!(rule_dates(&state, id).await, vec!["2024-01-31", "2024-02-29", "2024-03-31", "2024-04-30"]);

    let feb = me.month(&app, book, "2024-02").await;
    assert_eq!(feb["expense"], 500_000);
    assert_eq!(feb["days"][0]["entries"][0]["recurringId"], id);

    // Not a leap year; and a start after the day skips that month.
    let rule = me
        .rule(
            &app,
            book,
            json!({"kind": "EXPENSE", "amount": 1, "categoryId": cat["주거"], "method": "CASH",
                                 "dayOfMonth": 31, "startsOn": "2025-02-01", "endsOn": "2025-03-30"}),
        )
        .await;
    assert_eq!(rule_dates(&state, rule["id"].as_u64().unwrap()).await, vec!["2025-02-28"]);
    let rule = me
        .rule(
            &app,
            book,
            json!({"kind": "INCOME", "amount": 2, "categoryId": cat["급여"], "method": "TRANSFER",
                                 "dayOfMonth": 5, "startsOn": "2025-01-20", "endsOn": "2025-03-05"}),
        )
        .await;
    assert_eq!(rule_dates(&state, rule["id"].as_u64().unwrap()).await, vec!["2025-02-05", "2025-03-05"]);

    let list = me.ok(&app, "GET", &format!("/api/ledger/books/{book}/recurring"), None, 200).await;
    assert_eq!(list.as_array().unwrap().len(), 3);
    assert_eq!(list[0]["categoryName"], "주거");
}

#[tokio::test]
async fn missed_periods_are_caught_up_and_the_end_is_honoured() {
    let (app, state) = api().await;
    // Before the rule exists: another test's run must not write its periods meanwhile.
    let _turn = job_turn(&state).await;
    let me = Who::new(&app, &state).await;
    let (book, cat) = me.book(&app, "반복", 0).await;
    let rule = me
        .rule(
            &app,
            book,
            json!({"kind": "EXPENSE", "amount": 55_000, "categoryId": cat["통신"], "method": "CARD", "memo": "휴대폰",
                                 "dayOfMonth": 10, "startsOn": "2092-03-10", "endsOn": "2092-08-09"}),
        )
        .await;
    let id = rule["id"].as_u64().unwrap();
    assert_eq!(rule["nextOn"], "2092-03-10");
    assert!(rule_dates(&state, id).await.is_empty());

    minihompy::ledger::run_recurring_due(&state, day("2092-03-09")).await.unwrap();
    assert!(rule_dates(&state, id).await.is_empty(), "not before its day");
    // Three months of no runs, then one run writes them all.
    minihompy::ledger::run_recurring_due(&state, day("2092-06-20")).await.unwrap();
    assert_eq!(rule_dates(&state, id).await, vec!["2092-03-10", "2092-04-10", "2092-05-10", "2092-06-10"]);
    let list = me.ok(&app, "GET", &format!("/api/ledger/books/{book}/recurring"), None, 200).await;
    assert_eq!(list[0]["nextOn"], "2092-07-10");
    // August 10 is after the end (August 9): the rule moves past it and is done.
    minihompy::ledger::run_recurring_due(&state, day("2093-12-31")).await.unwrap();
    minihompy::ledger::run_recurring_due(&state, day("2093-12-31")).await.unwrap();
    assert_eq!(rule_dates(&state, id).await.len(), 5);
    assert_eq!(next_period(&state, id).await, "2092-09");
    let list = me.ok(&app, "GET", &format!("/api/ledger/books/{book}/recurring"), None, 200).await;
    assert_eq!(list[0]["nextOn"], Value::Null);
    let m = me.month(&app, book, "2092-07").await;
    assert_eq!((m["expense"].as_i64(), m["days"][0]["entries"][0]["memo"].as_str()), (Some(55_000), Some("휴대폰")));

    // Refused rules.
    let base =
        json!({"kind": "EXPENSE", "amount": 1000, "categoryId": cat["통신"], "method": "CARD", "dayOfMonth": 1, "startsOn": "2092-01-01"});
    for (change, name) in [
        (json!({"dayOfMonth": 0}), "dayOfMonth"),
        (json!({"dayOfMonth": 32}), "dayOfMonth"),
        (json!({"amount": 0}), "amount"),
        (json!({"amount": 10_000_000_001i64}), "amount"),
        (json!({"endsOn": "2091-12-31"}), "endsOn"),
        (json!({"startsOn": "1999-12-01"}), "startsOn"),
        (json!({"categoryId": cat["급여"]}), "categoryId"),
        (json!({"memo": "가".repeat(201)}), "memo"),
    ] {
        let mut body = base.clone();
        body.as_object_mut().unwrap().extend(change.as_object().unwrap().clone());
        let res = me.call(&app, "POST", &format!("/api/ledger/books/{book}/recurring"), Some(body)).await;
        assert_eq!(res.status, 400, "{name}: {}", res.body);
        assert!(!field(&res.json(), name).is_empty(), "{name}: {}", res.body);
    }

    // Deleting a rule keeps what it wrote; a stranger cannot see it.
    let stranger = Who::new(&app, &state).await;
    let res = stranger.call(&app, "DELETE", &format!("/api/ledger/recurring/{id}"), None).await;
    assert_eq!((res.status, res.json()["code"].as_str()), (404, Some("RECURRING_NOT_FOUND")));
    me.ok(&app, "DELETE", &format!("/api/ledger/recurring/{id}"), None, 204).await;
    assert_eq!(entries_in(&state, book).await, 5);
    let res = me.call(&app, "DELETE", &format!("/api/ledger/recurring/{id}"), None).await;
    assert_eq!(res.status, 404);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn two_instances_racing_write_each_period_once() {
    let (app, state) = api().await;
    // Only the racers run the job meanwhile; and no other test's runs reach 2095.
    let _turn = job_turn(&state).await;
    let me = Who::new(&app, &state).await;
    let (book, cat) = me.book(&app, "경쟁", 0).await;
    let rule = me
        .rule(
            &app,
            book,
            json!({"kind": "INCOME", "amount": 3_000_000, "categoryId": cat["급여"], "method": "TRANSFER", "memo": "월급",
                                 "dayOfMonth": 25, "startsOn": "2095-01-01", "endsOn": "2096-12-31"}),
        )
        .await;
    let id = rule["id"].as_u64().unwrap();
    assert_eq!(next_period(&state, id).await, "2095-01", "nothing written before the race");
    // Two app instances: two pools, as two servers would have.
    let one = crate::common::state().await;
    let two = crate::common::state().await;
    let mut runs = vec![];
    for i in 0..16 {
        let s = if i % 2 == 0 { one.clone() } else { two.clone() };
        // Some runs stop halfway, as a job running during those months would.
        let today = if i % 3 == 0 { day("2095-09-30") } else { day("2096-12-31") };
        runs.push(tokio::spawn(async move {
            for _ in 0..3 {
                minihompy::ledger::run_recurring_due(&s, today).await?;
            }
            Ok::<_, minihompy::error::AppError>(())
        }));
    }
    for r in futures::future::join_all(runs).await {
        r.unwrap().unwrap();
    }
    let per_period: Vec<(String, i64)> = sqlx::query_as(
        "SELECT recurring_period, COUNT(*) FROM ledger_entries WHERE recurring_id = ? GROUP BY recurring_period ORDER BY recurring_period",
    )
    .bind(id)
    .fetch_all(&state.db)
    .await
    .unwrap();
    assert_eq!(per_period.len(), 24, "{per_period:?}");
    assert!(per_period.iter().all(|(_, n)| *n == 1), "{per_period:?}");
    assert_eq!(per_period[0].0, "2095-01");
    assert_eq!(per_period[23].0, "2096-12");
    // Exactly the 24 entries in the book, and the rule stands after its last period.
    assert_eq!(entries_in(&state, book).await, 24);
    assert_eq!(next_period(&state, id).await, "2097-01");
    assert_eq!(rule_dates(&state, id).await[1], "2095-02-25");
    let trend = me.ok(&app, "GET", &format!("/api/ledger/books/{book}/trend?until=2096-12"), None, 200).await;
    assert_eq!(trend[11]["balance"], 24 * 3_000_000);
}

#[tokio::test]
async fn a_rule_ending_before_its_day_in_a_month_is_finished_there() {
    let (app, state) = api().await;
    let me = Who::new(&app, &state).await;
    let (book, cat) = me.book(&app, "끝난 규칙", 0).await;
    // The 25th, ending on March 10: January and February are written, March never is.
    let rule = me
        .rule(
            &app,
            book,
            json!({"kind": "EXPENSE", "amount": 30_000, "categoryId": cat["통신"], "method": "CARD", "memo": "인터넷",
                   "dayOfMonth": 25, "startsOn": "2024-01-01", "endsOn": "2024-03-10"}),
        )
        .await;
    let id = rule["id"].as_u64().unwrap();
    assert_eq!(rule["nextOn"], Value::Null);
    assert_eq!(rule_dates(&state, id).await, vec!["2024-01-25", "2024-02-25"]);
    // Past the end in the same run, so the job never loads the rule again.
    assert_eq!(next_period(&state, id).await, "2024-04");
    let list = me.ok(&app, "GET", &format!("/api/ledger/books/{book}/recurring"), None, 200).await;
    assert_eq!(list[0]["nextOn"], Value::Null);
}
