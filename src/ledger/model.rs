//! Types of 가계부 shared by the server and the browser. Amounts are whole 원 in integers
//! (`i64` everywhere, so a negative amount reaches the checks and gets a clear message); dates are
//! KST calendar days; months are written "YYYY-MM" (docs/design/ledger.md).

use chrono::{NaiveDate, NaiveDateTime};
use serde::{Deserialize, Serialize};

#[cfg(feature = "ssr")]
use utoipa::ToSchema;

crate::words!(
    /// Money in or out.
    EntryKind {
        Income = "INCOME" / "수입",
        Expense = "EXPENSE" / "지출",
    }
);

crate::words!(
    /// How it was paid.
    PayMethod {
        Cash = "CASH" / "현금",
        Card = "CARD" / "카드",
        Transfer = "TRANSFER" / "계좌이체",
        Mobile = "MOBILE" / "간편결제",
        Other = "OTHER" / "기타",
    }
);

crate::words!(
    /// What a member may do in a book they do not own.
    BookRole {
        Viewer = "VIEWER" / "보기",
        Editor = "EDITOR" / "편집",
    }
);

crate::words!(
    /// Where the asking member stands in a book.
    Access {
        Owner = "OWNER" / "주인",
        Editor = "EDITOR" / "편집",
        Viewer = "VIEWER" / "보기",
    }
);

/// The one currency books keep for now.
pub const CURRENCY: &str = "KRW";
/// The largest amount one entry (or a rule, or a budget) may hold: 100억 원.
pub const MAX_AMOUNT: i64 = 10_000_000_000;
/// The largest opening balance, either sign: 1조 원.
pub const MAX_OPENING: i64 = 1_000_000_000_000;
/// Entries one book may hold (with MAX_AMOUNT, every sum stays far inside i64).
pub const MAX_ENTRIES: u64 = 100_000;
/// Books one member may own.
pub const MAX_BOOKS: usize = 20;
/// Categories one book may hold (archived ones count).
pub const MAX_CATEGORIES: usize = 60;
/// Members one book may be shared with.
pub const MAX_SHARES: usize = 20;
/// Recurring rules one book may hold.
pub const MAX_RECURRING: usize = 50;
/// Days a deleted entry stays restorable.
pub const TRASH_DAYS: i64 = 30;
/// The first and last dates an entry may carry.
pub const FIRST_DATE: (i32, u32, u32) = (2000, 1, 1);
pub const LAST_DATE: (i32, u32, u32) = (2099, 12, 31);
/// Lines one CSV import may hold.
pub const MAX_IMPORT_LINES: usize = 5_000;
/// Entries per page of a search.
pub const SEARCH_PAGE: u32 = 50;
/// Colours a category may take (the form offers them; the server refuses others).
pub const CATEGORY_COLORS: [&str; 12] =
    ["#f28b82", "#fbbc04", "#fff475", "#ccff90", "#a7ffeb", "#aecbfa", "#d7aefb", "#e6c9a8", "#ff8a65", "#4db6ac", "#9575cd", "#90a4ae"];

/// The categories a new book starts with: (kind, name, colour).
pub const DEFAULT_CATEGORIES: &[(EntryKind, &str, &str)] = &[
    (EntryKind::Expense, "식비", "#f28b82"),
    (EntryKind::Expense, "교통", "#aecbfa"),
    (EntryKind::Expense, "쇼핑", "#d7aefb"),
    (EntryKind::Expense, "생활용품", "#a7ffeb"),
    (EntryKind::Expense, "주거", "#e6c9a8"),
    (EntryKind::Expense, "통신", "#90a4ae"),
    (EntryKind::Expense, "의료", "#ff8a65"),
    (EntryKind::Expense, "문화", "#fbbc04"),
    (EntryKind::Expense, "교육", "#4db6ac"),
    (EntryKind::Expense, "경조사", "#9575cd"),
    (EntryKind::Expense, "기타지출", "#fff475"),
    (EntryKind::Income, "급여", "#4db6ac"),
    (EntryKind::Income, "용돈", "#ccff90"),
    (EntryKind::Income, "부수입", "#aecbfa"),
    (EntryKind::Income, "이자", "#fbbc04"),
    (EntryKind::Income, "기타수입", "#90a4ae"),
];

/// A book as its list shows it.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[cfg_attr(feature = "ssr", derive(ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct Book {
    pub id: u64,
    pub name: String,
    pub currency: String,
    pub opening_balance: i64,
    /// Opening balance plus every income minus every expense (the trash left out).
    pub balance: i64,
    pub owner_id: u64,
    pub owner_nickname: String,
    /// Where the asking member stands.
    pub access: Access,
    /// Members it is shared with (besides the owner).
    pub shared_with: u32,
    pub created_at: NaiveDateTime,
}

/// A book as it is made.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[cfg_attr(feature = "ssr", derive(ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct BookInput {
    pub name: String,
    /// Default KRW (the only one kept).
    #[serde(default)]
    pub currency: Option<String>,
    #[serde(default)]
    pub opening_balance: i64,
}

/// What the owner may change (None: unchanged).
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Default)]
#[cfg_attr(feature = "ssr", derive(ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct BookPatch {
    pub name: Option<String>,
    pub opening_balance: Option<i64>,
}

/// A member a book is shared with.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[cfg_attr(feature = "ssr", derive(ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct BookMember {
    pub user_id: u64,
    pub nickname: String,
    pub role: BookRole,
    pub added_at: NaiveDateTime,
}

/// Sharing a book with a 일촌 (or changing their role).
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[cfg_attr(feature = "ssr", derive(ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct ShareInput {
    pub user_id: u64,
    pub role: BookRole,
}

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[cfg_attr(feature = "ssr", derive(ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct Category {
    pub id: u64,
    pub kind: EntryKind,
    pub name: String,
    pub color: String,
    pub position: u16,
    pub archived: bool,
}

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[cfg_attr(feature = "ssr", derive(ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct CategoryInput {
    pub kind: EntryKind,
    pub name: String,
    pub color: String,
}

/// Rename, recolour, move, archive or bring back (None: unchanged).
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Default)]
#[cfg_attr(feature = "ssr", derive(ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct CategoryPatch {
    pub name: Option<String>,
    pub color: Option<String>,
    pub position: Option<u16>,
    pub archived: Option<bool>,
}

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[cfg_attr(feature = "ssr", derive(ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct Entry {
    pub id: u64,
    pub book_id: u64,
    pub kind: EntryKind,
    pub amount: i64,
    pub category_id: u64,
    pub category_name: String,
    pub category_color: String,
    pub method: PayMethod,
    pub memo: String,
    pub occurred_on: NaiveDate,
    /// The rule that wrote it, if any.
    pub recurring_id: Option<u64>,
    pub created_by_nickname: String,
    /// Set while it is in the trash.
    pub deleted_at: Option<NaiveDateTime>,
}

impl Entry {
    /// What the page calls the entry (in its row and in notices): its memo, else its category.
    pub fn what(&self) -> &str {
        if self.memo.is_empty() {
            &self.category_name
        } else {
            &self.memo
        }
    }
}

/// An entry as it is written or rewritten (every field, also on an edit).
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[cfg_attr(feature = "ssr", derive(ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct EntryInput {
    pub kind: EntryKind,
    pub amount: i64,
    pub category_id: u64,
    pub method: PayMethod,
    #[serde(default)]
    pub memo: String,
    pub occurred_on: NaiveDate,
}

/// One day of the month view: its entries (newest first) and the balance at its end.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[cfg_attr(feature = "ssr", derive(ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct Day {
    pub date: NaiveDate,
    pub income: i64,
    pub expense: i64,
    pub balance: i64,
    pub entries: Vec<Entry>,
}

/// One category's share of the month's spending (the donut).
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[cfg_attr(feature = "ssr", derive(ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct CategoryTotal {
    pub category_id: u64,
    pub name: String,
    pub color: String,
    pub amount: i64,
    /// Share of the month's expense in tenths of a percent (0–1000), so they add to 1000.
    pub permille: u32,
}

/// How far a category is into its budget this month.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[cfg_attr(feature = "ssr", derive(ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct BudgetStatus {
    pub category_id: u64,
    pub name: String,
    pub color: String,
    pub budget: i64,
    pub spent: i64,
    /// spent / budget in percent (may pass 100).
    pub percent: u32,
    pub level: BudgetLevel,
}

crate::words!(
    /// 80% warns, 100% is over.
    BudgetLevel {
        Ok = "OK" / "여유",
        Warning = "WARNING" / "80% 넘음",
        Over = "OVER" / "초과",
    }
);

/// A book's month: totals, the list by day, the donut and the budgets.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[cfg_attr(feature = "ssr", derive(ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct MonthView {
    pub book: Book,
    /// "YYYY-MM".
    pub month: String,
    pub income: i64,
    pub expense: i64,
    /// income − expense.
    pub net: i64,
    /// The balance before the month's first day.
    pub balance_before: i64,
    /// The balance after its last day.
    pub balance_after: i64,
    /// Days that have entries, newest first.
    pub days: Vec<Day>,
    pub by_category: Vec<CategoryTotal>,
    pub budgets: Vec<BudgetStatus>,
    /// The book's categories (archived too, flagged), for the forms.
    pub categories: Vec<Category>,
}

/// One month of the 12-month chart.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[cfg_attr(feature = "ssr", derive(ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct MonthTotal {
    pub month: String,
    pub income: i64,
    pub expense: i64,
    /// The balance at the month's end.
    pub balance: i64,
}

/// Setting a category's monthly budget from `month` on (0 removes it).
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[cfg_attr(feature = "ssr", derive(ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct BudgetInput {
    pub category_id: u64,
    pub month: String,
    pub amount: i64,
}

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[cfg_attr(feature = "ssr", derive(ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct Recurring {
    pub id: u64,
    pub kind: EntryKind,
    pub amount: i64,
    pub category_id: u64,
    pub category_name: String,
    pub method: PayMethod,
    pub memo: String,
    /// 1–31; a shorter month takes its last day.
    pub day_of_month: u8,
    pub starts_on: NaiveDate,
    pub ends_on: Option<NaiveDate>,
    /// The next date it will write an entry on (None: finished).
    pub next_on: Option<NaiveDate>,
}

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[cfg_attr(feature = "ssr", derive(ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct RecurringInput {
    pub kind: EntryKind,
    pub amount: i64,
    pub category_id: u64,
    pub method: PayMethod,
    #[serde(default)]
    pub memo: String,
    pub day_of_month: u8,
    pub starts_on: NaiveDate,
    #[serde(default)]
    pub ends_on: Option<NaiveDate>,
}

/// A search of a book's entries; every field optional.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Default)]
#[cfg_attr(feature = "ssr", derive(ToSchema, utoipa::IntoParams))]
#[serde(rename_all = "camelCase")]
pub struct EntryQuery {
    /// Part of the memo.
    #[serde(default)]
    pub q: String,
    pub kind: Option<EntryKind>,
    pub category_id: Option<u64>,
    pub min_amount: Option<i64>,
    pub max_amount: Option<i64>,
    pub from: Option<NaiveDate>,
    pub to: Option<NaiveDate>,
    /// Only the trash (deleted within 30 days).
    #[serde(default)]
    pub trash: bool,
    #[serde(default)]
    pub page: u32,
}

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[cfg_attr(feature = "ssr", derive(ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct EntryPage {
    pub entries: Vec<Entry>,
    pub total: u64,
    /// Sums of what matched (all pages).
    pub income: i64,
    pub expense: i64,
    pub page: u32,
    pub pages: u32,
}

/// A line the import refused, and why.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
// Named apart from the timetable's import report in the OpenAPI document.
#[cfg_attr(feature = "ssr", derive(ToSchema), schema(as = LedgerRejectedLine))]
#[serde(rename_all = "camelCase")]
pub struct RejectedLine {
    /// 1-based line number of the file (the header is line 1).
    pub line: u32,
    pub reason: String,
}

/// One line the import would write, as the preview shows it.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[cfg_attr(feature = "ssr", derive(ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct ImportLine {
    pub line: u32,
    pub occurred_on: NaiveDate,
    pub kind: EntryKind,
    pub category: String,
    pub amount: i64,
    pub method: PayMethod,
    pub memo: String,
}

/// What an import did or would do. Nothing is written when a line is refused.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[cfg_attr(feature = "ssr", derive(ToSchema), schema(as = LedgerImportReport))]
#[serde(rename_all = "camelCase")]
pub struct ImportReport {
    /// True when the entries were written (not a preview, and no line refused).
    pub imported: bool,
    /// Lines that are fine.
    pub accepted: u32,
    pub rejected: Vec<RejectedLine>,
    /// Categories the import makes (names not yet in the book).
    pub new_categories: Vec<String>,
    pub income: i64,
    pub expense: i64,
    /// The first lines, for the preview.
    pub preview: Vec<ImportLine>,
}
