import { APIRequestContext, expect, Page, test } from './helpers';
import { apiMember, DEMO_PASSWORD, hydrated, isMobile, latestMail, login, Member, ORIGIN, otherPage, PASSWORD } from './helpers';

// 시간표 and 강의평 (issue #16): searching the catalogue and adding lectures, a clash refused
// with the other lecture's name, an own block, the week on a 360 px phone, a timetable shared
// with a 일촌 (친구 시간표 and the free time both share), a review that moves the average
// (then changed and deleted), and staff importing a catalogue at /timetable/admin.
// Every test makes its own members (joined to the demo school 홍익대학교 by a mailed code) and
// their own timetables; the demo catalogue of the current semester is only read (the staff
// test adds lectures under a code of its own run), so the desktop and phone runs and reruns
// do not meet.

type Slot = { day: number; start: number; end: number };
type Lecture = { id: number; code: string; section: string; name: string; professor: string; credits: number; slots: Slot[] };
type Summary = { average: number; count: number; perStar: number[] };

/** ADMIN in the demo data (STAFF and more). */
const STAFF_EMAIL = 'admin@minihompy.test';
const rand = () => Math.random().toString(36).slice(2, 10);
const DAYS = ['월', '화', '수', '목', '금', '토', '일'];

async function visit(page: Page, url: string) {
  await page.goto(url);
  await hydrated(page);
}

/** Joins `m` to 홍익대학교 through the REST API with the code mailed to a school address. */
async function joinHongik(request: APIRequestContext, m: Member) {
  const email = `${m.nickname.toLowerCase()}-${rand()}@hongik.ac.kr`;
  const send = await request.post('/api/schools/verify-email', { headers: m.headers, data: { email, admissionYear: 2023 } });
  expect(send.status(), await send.text()).toBe(204);
  const code = (await latestMail(email)).match(/^\d{6}$/m)![0];
  const ok = await request.post('/api/schools/verify', { headers: m.headers, data: { code } });
  expect(ok.status(), await ok.text()).toBe(200);
}

async function schoolMember(request: APIRequestContext, prefix: string): Promise<Member> {
  const m = await apiMember(request, prefix);
  await joinHongik(request, m);
  return m;
}

/** The current semester as the timetable page shows it. */
async function currentSemester(request: APIRequestContext, m: Member): Promise<{ id: number; name: string }> {
  const res = await request.get('/api/timetables', { headers: m.headers });
  expect(res.status(), await res.text()).toBe(200);
  return (await res.json()).semester;
}

/**
 * The newest semester that has begun (KST): a review needs a lecture of one (between two
 * semesters the current one is the next, not yet begun).
 */
async function begunSemester(request: APIRequestContext, m: Member): Promise<{ id: number; name: string }> {
  const res = await request.get('/api/semesters', { headers: m.headers });
  expect(res.status(), await res.text()).toBe(200);
  const today = new Date(Date.now() + 9 * 3600_000).toISOString().slice(0, 10);
  const begun = (await res.json()).filter((s: { startsOn: string }) => s.startsOn <= today);
  begun.sort((a: { startsOn: string }, b: { startsOn: string }) => b.startsOn.localeCompare(a.startsOn));
  expect(begun.length, 'a semester that has begun').toBeGreaterThan(0);
  return begun[0];
}

/** Every lecture of the member's school in the current semester (or `semesterId`). */
async function catalogue(request: APIRequestContext, m: Member, semesterId?: number): Promise<Lecture[]> {
  const all: Lecture[] = [];
  const semester = semesterId ? `&semesterId=${semesterId}` : '';
  for (let page = 1; page <= 30; page++) {
    const res = await request.get(`/api/lectures?page=${page}${semester}`, { headers: m.headers });
    expect(res.status(), await res.text()).toBe(200);
    const body = await res.json();
    all.push(...body.items);
    if (page >= body.pages) break;
  }
  expect(all.length, 'the demo catalogue has lectures this semester').toBeGreaterThan(10);
  return all.filter((l) => l.slots.length > 0);
}

const overlaps = (a: Slot, b: Slot) => a.day === b.day && a.start < b.end && b.start < a.end;
const clash = (a: Lecture, b: Lecture) => a.slots.some((x) => b.slots.some((y) => overlaps(x, y)));

/** Two lectures of different courses whose times overlap. */
function clashingPair(lectures: Lecture[]): { a: Lecture; b: Lecture } {
  for (const a of lectures) {
    const b = lectures.find((b) => b.code !== a.code && clash(a, b));
    if (b) return { a, b };
  }
  throw new Error('no two lectures of the demo catalogue clash');
}

/** Up to `n` lectures of different courses that do not clash with each other. */
function compatible(lectures: Lecture[], n: number): Lecture[] {
  const picked: Lecture[] = [];
  for (const l of lectures) {
    if (picked.length >= n) break;
    const credits = picked.reduce((s, p) => s + p.credits, 0);
    if (credits + l.credits > 30) continue;
    if (picked.some((p) => p.code === l.code || clash(p, l))) continue;
    picked.push(l);
  }
  return picked;
}

/** A time text for an own block that clashes with none of `lectures`, and its slot. */
function freeTime(lectures: Lecture[]): { text: string; slot: Slot } {
  const candidates: [string, Slot][] = [
    ['토 10:00-12:00', { day: 5, start: 600, end: 720 }],
    ['금 19:00-21:00', { day: 4, start: 1140, end: 1260 }],
    ['일 10:00-12:00', { day: 6, start: 600, end: 720 }],
  ];
  const found = candidates.find(([, s]) => !lectures.some((l) => l.slots.some((x) => overlaps(x, s))));
  expect(found, 'a free time for the own block').toBeTruthy();
  return { text: found![0], slot: found![1] };
}

async function newTimetable(request: APIRequestContext, m: Member, name = '시간표 1', semesterId?: number): Promise<number> {
  const semester = semesterId ?? (await currentSemester(request, m)).id;
  const res = await request.post('/api/timetables', { headers: m.headers, data: { semesterId: semester, name } });
  expect(res.status(), await res.text()).toBe(201);
  return (await res.json()).id;
}

async function addLecture(request: APIRequestContext, m: Member, timetableId: number, lectureId: number) {
  const res = await request.put(`/api/timetables/${timetableId}/lectures/${lectureId}`, { headers: m.headers });
  expect(res.status(), await res.text()).toBe(200);
}

async function addBlock(request: APIRequestContext, m: Member, timetableId: number, title: string, times: string) {
  const res = await request.post(`/api/timetables/${timetableId}/blocks`, {
    headers: m.headers,
    data: { title, place: '학생회관', color: '#ccff90', times },
  });
  expect(res.status(), await res.text()).toBe(201);
}

async function makeIlchon(request: APIRequestContext, a: Member, b: Member) {
  const ask = await request.post('/api/ilchon/requests', { headers: a.headers, data: { toId: b.id, fromName: '시간표친구', toName: '시간표친구' } });
  expect(ask.status(), await ask.text()).toBe(201);
  const accept = await request.post(`/api/ilchon/requests/${(await ask.json()).id}/accept`, { headers: b.headers });
  expect(accept.status(), await accept.text()).toBe(204);
}

/** Nothing on the page reaches past the right edge of the window. */
async function fitsTheWindow(page: Page) {
  const { widest, what, width, scroll } = await page.evaluate(() => {
    const scrolls = (e: Element) => ['auto', 'scroll', 'hidden', 'clip'].includes(getComputedStyle(e).overflowX);
    let widest = 0;
    let what = '';
    for (const e of Array.from(document.body.querySelectorAll('*'))) {
      const r = e.getBoundingClientRect();
      if (r.width === 0 || r.height === 0) continue;
      let p = e.parentElement;
      let inside = false;
      while (p && p !== document.body) {
        if (scrolls(p)) { inside = true; break; }
        p = p.parentElement;
      }
      if (!inside && r.right > widest) { widest = Math.round(r.right); what = `${e.tagName.toLowerCase()}.${e.className}`; }
    }
    return { widest, what, width: window.innerWidth, scroll: document.documentElement.scrollWidth };
  });
  const device = page.viewportSize()!.width;
  expect(width, `${page.url()} widened to ${width} px`).toBeLessThanOrEqual(device);
  expect(scroll, `${page.url()} scrolls sideways`).toBeLessThanOrEqual(device);
  expect(widest, `${page.url()}: ${what} reaches ${widest} px on a ${device} px screen`).toBeLessThanOrEqual(device);
}

const gridBlock = (page: Page, kind: 'lecture' | 'block', id?: number) =>
  page.locator(`[data-testid="tt-main"] [data-testid="tt-block"][data-kind="${kind}"]${id ? `[data-id="${id}"]` : ''}`);

test('search the catalogue and add lectures; a clash is refused naming the other lecture; an own block', async ({ page, request }) => {
  test.setTimeout(120_000);
  const m = await schoolMember(request, 'ttadd');
  const lectures = await catalogue(request, m);
  const { a, b } = clashingPair(lectures);
  const free = freeTime([a]);
  await login(page, m.email, PASSWORD);
  await visit(page, '/timetable');

  // The first visit of the semester: no timetable yet; make one.
  const empty = page.getByTestId('tt-empty');
  await expect(empty).toBeVisible();
  await empty.getByRole('button', { name: '시간표 만들기' }).click();
  await expect(page).toHaveURL(/\/timetable\?semester=\d+&t=\d+$/);
  await expect(page.getByTestId('tt-main')).toBeVisible();
  await expect(page.getByTestId('tt-credits')).toHaveText('총 0학점');
  await expect(page.getByTestId('tt-tab')).toHaveCount(1);
  await expect(page.getByTestId('tt-tab')).toContainText('★');

  // Search by the course code and add the lecture: it lands in the grid, credits add up.
  const search = page.getByTestId('lecture-search');
  await expect(search.getByTestId('lecture-count')).toBeVisible();
  await search.getByLabel('강의 검색').fill(a.code);
  await search.getByRole('button', { name: '검색', exact: true }).click();
  const rowA = search.locator(`[data-testid="lecture-result"][data-lecture-id="${a.id}"]`);
  await expect(rowA).toContainText(a.professor);
  await rowA.getByRole('button', { name: `${a.name} 추가` }).click();
  await expect(page.getByTestId('add-ok')).toContainText(a.name);
  await expect(gridBlock(page, 'lecture', a.id)).toHaveCount(a.slots.length);
  await expect(page.getByTestId('tt-credits')).toHaveText(`총 ${a.credits}학점`);
  await expect(rowA.getByText('추가됨')).toBeVisible();

  // A lecture at the same time is refused, and the message names the lecture it clashes with.
  await search.getByLabel('강의 검색').fill(b.code);
  await search.getByRole('button', { name: '검색', exact: true }).click();
  const rowB = search.locator(`[data-testid="lecture-result"][data-lecture-id="${b.id}"]`);
  await rowB.getByRole('button', { name: `${b.name} 추가` }).click();
  const refused = page.getByTestId('add-error');
  await expect(refused).toContainText(a.name);
  await expect(refused).toContainText('겹칩니다');
  await expect(refused).toHaveAttribute('data-code', 'TIMETABLE_CLASH');
  await expect(gridBlock(page, 'lecture', b.id)).toHaveCount(0);
  await expect(page.getByTestId('tt-credits')).toHaveText(`총 ${a.credits}학점`);

  // "빈 시간만" leaves out the lecture that clashes.
  await search.getByLabel('빈 시간만').check();
  await expect(search.getByTestId('lecture-count')).toBeVisible();
  await expect(rowB).toHaveCount(0);

  // An own block: bad times get a message under the input, good ones a block in the grid.
  const form = page.getByTestId('block-form');
  await form.getByLabel('일정 이름').fill('밴드 동아리');
  await form.getByLabel('장소 (선택)').fill('학생회관 B1');
  await form.getByLabel('색 3').check();
  await form.getByLabel('시간', { exact: true }).fill('화요일 아무때나');
  await form.getByRole('button', { name: '일정 추가' }).click();
  await expect(form.locator('.field-error[data-field="times"]')).toBeVisible();
  await expect(gridBlock(page, 'block')).toHaveCount(0);
  await form.getByLabel('시간', { exact: true }).fill(free.text);
  await form.getByRole('button', { name: '일정 추가' }).click();
  await expect(gridBlock(page, 'block')).toHaveCount(1);
  await expect(gridBlock(page, 'block')).toContainText('밴드 동아리');
  await expect(form.locator('.field-error')).toHaveCount(0);
  await expect(page.locator('[data-testid="tt-main"] [data-testid="tt-grid"]')).toHaveAttribute('data-days', String(Math.max(5, free.slot.day + 1)));

  // Tapping the lecture opens its details; 삭제 takes it out again.
  await gridBlock(page, 'lecture', a.id).first().click();
  const detail = page.getByTestId('tt-detail');
  await expect(detail).toContainText(a.professor);
  await expect(detail.getByRole('link', { name: '강의 정보·강의평' })).toHaveAttribute('href', `/timetable/lectures/${a.id}`);
  await detail.getByRole('button', { name: '삭제' }).click();
  await expect(detail).toHaveCount(0);
  await expect(gridBlock(page, 'lecture', a.id)).toHaveCount(0);
  await expect(page.getByTestId('tt-credits')).toHaveText('총 0학점');

  // The same timetable after a reload (what the server kept).
  await page.reload();
  await hydrated(page);
  await expect(gridBlock(page, 'block')).toHaveCount(1);
  await expect(gridBlock(page, 'lecture')).toHaveCount(0);
});

test('the week on a phone: every day fits without sideways scrolling, names end in …, a tap opens the details', { tag: '@mobile' }, async ({ page, request }, info) => {
  test.setTimeout(90_000);
  const m = await schoolMember(request, 'ttphone');
  const lectures = compatible(await catalogue(request, m), 5);
  const tid = await newTimetable(request, m);
  for (const l of lectures) await addLecture(request, m, tid, l.id);
  const free = freeTime(lectures);
  const longTitle = '토요일 아침마다 하는 아주 긴 이름의 봉사 동아리 모임';
  await addBlock(request, m, tid, longTitle, free.text);

  await login(page, m.email, PASSWORD);
  await visit(page, '/timetable');
  const grid = page.locator('[data-testid="tt-main"] [data-testid="tt-grid"]');
  const days = Math.max(5, free.slot.day + 1);
  await expect(grid).toHaveAttribute('data-days', String(days));
  const heads = grid.locator('.tt-dayhead');
  await expect(heads).toHaveText(DAYS.slice(0, days));
  const width = page.viewportSize()!.width;
  for (const right of await heads.evaluateAll((els) => els.map((e) => e.getBoundingClientRect().right))) {
    expect(right).toBeLessThanOrEqual(width);
  }
  await fitsTheWindow(page);
  await expect(page.getByTestId('tt-credits')).toHaveText(`총 ${lectures.reduce((s, l) => s + l.credits, 0)}학점`);

  // Every slot is drawn; a long name is cut with an ellipsis rather than widening the day.
  await expect(gridBlock(page, 'lecture')).toHaveCount(lectures.reduce((s, l) => s + l.slots.length, 0));
  const name = gridBlock(page, 'block').locator('.tt-block-name');
  expect(await name.evaluate((e) => getComputedStyle(e).textOverflow)).toBe('ellipsis');
  expect(await name.evaluate((e) => e.scrollWidth > e.clientWidth)).toBe(true);

  // A tap opens the details with the times, the professor and the lecture's page.
  const first = lectures[0];
  const block = gridBlock(page, 'lecture', first.id).first();
  if (isMobile(info.project.name)) await block.tap();
  else await block.click();
  const detail = page.getByTestId('tt-detail');
  await expect(detail).toBeVisible();
  await expect(detail).toContainText(first.name);
  await expect(detail).toContainText(first.professor);
  await expect(detail.locator('.tt-detail-times li')).toHaveCount(first.slots.length);
  const box = (await detail.boundingBox())!;
  expect(box.x).toBeGreaterThanOrEqual(0);
  expect(box.x + box.width).toBeLessThanOrEqual(width);
  await detail.getByRole('button', { name: '닫기' }).click();
  await expect(detail).toHaveCount(0);

  // The exports point at the server's files.
  await expect(page.getByTestId('export-ics')).toHaveAttribute('href', `/api/timetables/${tid}/calendar.ics`);
  await expect(page.getByTestId('export-png')).toHaveAttribute('href', `/api/timetables/${tid}/image.png`);
});

test('a timetable shared with 일촌 shows in their 친구 시간표 with the free time both share', async ({ page, browser, request }, info) => {
  test.setTimeout(120_000);
  const owner = await schoolMember(request, 'ttown');
  const friend = await schoolMember(request, 'ttfri');
  await makeIlchon(request, owner, friend);
  const ownerTable = await newTimetable(request, owner, '우리 시간표');
  await addBlock(request, owner, ownerTable, '오전 스터디', '월 09:00-12:00');
  const friendTable = await newTimetable(request, friend, '친구 시간표');
  await addBlock(request, friend, friendTable, '점심 알바', '월 13:00-15:00');

  // Private at first: the 일촌's list does not have it.
  const other = await otherPage(browser, info);
  await login(other, friend.email, PASSWORD);
  await visit(other, '/timetable/friends');
  await expect(other.locator(`[data-testid="friend-timetable"][data-user-id="${owner.id}"]`)).toHaveCount(0);

  // The owner shares it with 일촌.
  await login(page, owner.email, PASSWORD);
  await visit(page, '/timetable');
  await page.getByTestId('visibility-select').selectOption('ILCHON');
  await expect(page.locator('[data-testid="tt-main"] .badge.visibility')).toHaveAttribute('data-visibility', 'ILCHON');

  // The 일촌 sees it in 친구 시간표, opens it, and lays it over their own.
  await visit(other, '/timetable/friends');
  const row = other.locator(`[data-testid="friend-timetable"][data-user-id="${owner.id}"]`);
  await expect(row).toContainText(owner.nickname);
  await expect(row).toContainText('우리 시간표');
  await row.getByRole('link').click();
  await expect(other).toHaveURL(new RegExp(`/timetable/friends/${ownerTable}$`));
  const grid = other.getByTestId('friend-grid');
  await expect(grid.locator('[data-testid="tt-block"]')).toContainText('오전 스터디');
  await other.getByTestId('common-toggle').click();
  const common = other.getByTestId('common-free');
  await expect(common.locator('[data-testid="tt-block"]')).toHaveCount(2);
  await expect(common.locator('[data-testid="tt-free"]').first()).toBeVisible();
  const windows = common.getByTestId('free-list').locator('li');
  await expect(windows.first()).toHaveText('월 12:00–13:00');
  await expect(windows.nth(1)).toHaveText(/^월 15:00–\d\d:\d\d$/);
  await expect(common.getByTestId('free-list')).not.toContainText('월 09:00');
  await expect(common.getByTestId('free-list')).toContainText('화 09:00–');
  if (isMobile(info.project.name)) await fitsTheWindow(other);

  // Not for guests: a 일촌공개 timetable is "not found" to them.
  const guest = await otherPage(browser, info);
  await visit(guest, `/timetable/t/${ownerTable}`);
  await expect(guest.locator('.error-page')).toHaveAttribute('data-status', '404');
});

test('a member who took a lecture writes a review; the average and the count change; they change and delete it', async ({ page, request }, info) => {
  test.setTimeout(120_000);
  const m = await schoolMember(request, 'ttrev');
  const semester = await begunSemester(request, m);
  const lectures = await catalogue(request, m, semester.id);
  // The desktop and phone runs review different courses (code and professor), so one run's
  // review never moves the other's numbers.
  const courseOf = (l: Lecture) => `${l.code}/${l.professor}`;
  const courses = [...new Set(lectures.map(courseOf))].sort();
  const side = isMobile(info.project.name) ? 1 : 0;
  const ours = lectures.filter((l) => courses.indexOf(courseOf(l)) % 2 === side);
  const lecture = ours[Math.floor(Math.random() * ours.length)];
  await newTimetable(request, m, '시간표 1', semester.id);

  await login(page, m.email, PASSWORD);
  await visit(page, `/timetable/lectures/${lecture.id}`);
  await expect(page.getByTestId('lecture-card')).toContainText(lecture.name);
  await expect(page.getByTestId('review-not-taken')).toBeVisible();
  await expect(page.getByTestId('review-form')).toHaveCount(0);

  // Taking it from its page opens the review form.
  await page.getByRole('button', { name: '내 시간표에 추가' }).click();
  await expect(page.getByTestId('add-ok')).toBeVisible();
  const form = page.getByTestId('review-form');
  await expect(form).toBeVisible();
  await expect(page.getByTestId('review-not-taken')).toHaveCount(0);

  // The summary as it is now (the course may already have reviews), and the average after
  // one more review, rounded as the server rounds: to one decimal, half away from zero
  // (Math.round is the same for these positive numbers).
  const res = await request.get(`/api/lectures/${lecture.id}`, { headers: m.headers });
  expect(res.status(), await res.text()).toBe(200);
  const before: Summary = (await res.json()).summary;
  const stars = before.count > 0 && before.average >= 3 ? 1 : 5;
  const sum = before.perStar.reduce((s, n, i) => s + (i + 1) * n, 0);
  const expected = Math.round(((sum + stars) / (before.count + 1)) * 10) / 10;

  const body = `과제가 적고 설명이 친절해요 ${rand()}`;
  await form.getByRole('radio', { name: `${stars}점` }).check();
  await form.getByLabel('강의평', { exact: true }).fill(body);
  await form.getByLabel('과제 적음').check();
  await form.getByRole('button', { name: '강의평 등록' }).click();

  await expect(page.getByTestId('review-count')).toHaveText(`강의평 ${before.count + 1}개`);
  await expect(page.getByTestId('review-average')).toHaveText(expected.toFixed(1));
  await expect(page.locator(`.tt-bar-row[data-star="${stars}"] .tt-bar-count`)).toHaveText(String(before.perStar[stars - 1] + 1));

  // Mine has its own block above the list, with the semester taken and the tag and no
  // writer's name; the list leaves it out. One review per course: the form is gone.
  const mine = page.getByTestId('my-review');
  await expect(mine.getByTestId('review')).toHaveCount(1);
  await expect(mine).toContainText(body);
  await expect(mine).toContainText(semester.name);
  await expect(mine.locator('.tt-chip')).toHaveText(['과제 적음']);
  await expect(mine).not.toContainText(m.nickname);
  await expect(mine.getByTestId('review-like')).toBeDisabled();
  await expect(page.getByTestId('review-list').locator('[data-testid="review"].mine')).toHaveCount(0);
  await expect(page.getByTestId('review-form')).toHaveCount(0);
  if (isMobile(info.project.name)) await fitsTheWindow(page);

  // 수정 opens the form filled in with the review; the change shows in its block.
  await mine.getByRole('button', { name: '수정', exact: true }).click();
  const edit = mine.getByTestId('review-form');
  await expect(edit.getByLabel('강의평', { exact: true })).toHaveValue(body);
  await expect(edit.getByRole('radio', { name: `${stars}점` })).toBeChecked();
  await expect(edit.getByLabel('과제 적음')).toBeChecked();
  if (isMobile(info.project.name)) await fitsTheWindow(page);
  const changed = `${body} 다시 보니 시험은 어려웠어요`;
  await edit.getByLabel('강의평', { exact: true }).fill(changed);
  await edit.getByRole('button', { name: '수정 완료' }).click();
  await expect(mine.getByTestId('review-form')).toHaveCount(0);
  await expect(mine.locator('.tt-review-body')).toHaveText(changed);
  await expect(page.getByTestId('review-count')).toHaveText(`강의평 ${before.count + 1}개`);

  // 삭제, once the browser's question is answered, takes it away: the count is as before
  // and the form is back.
  page.once('dialog', (d) => d.accept());
  await mine.getByRole('button', { name: '삭제', exact: true }).click();
  await expect(page.getByTestId('my-review')).toHaveCount(0);
  await expect(page.getByTestId('review-count')).toHaveText(`강의평 ${before.count}개`);
  await expect(page.getByTestId('review-form')).toBeVisible();
});

/** Bearer headers of the demo admin (STAFF and more), for reading through the API. */
async function staffHeaders(request: APIRequestContext): Promise<Record<string, string>> {
  const res = await request.post('/api/users/login', { headers: { Origin: ORIGIN }, data: { email: STAFF_EMAIL, password: DEMO_PASSWORD } });
  expect(res.status(), await res.text()).toBe(200);
  return { Authorization: `Bearer ${(await res.json()).accessToken}`, Origin: ORIGIN };
}

test('staff import a small catalogue at /timetable/admin and see what was made and the refused line', async ({ page, request }) => {
  test.setTimeout(90_000);
  const staff = await staffHeaders(request);
  const schools = await request.get('/api/schools');
  expect(schools.status()).toBe(200);
  const hongik = (await schools.json()).find((s: { name: string }) => s.name === '홍익대학교');
  expect(hongik, '홍익대학교 is in the demo data').toBeTruthy();
  const mine = await request.get('/api/timetables', { headers: staff });
  expect(mine.status(), await mine.text()).toBe(200);
  const current: { id: number } = (await mine.json()).semester;

  // Staff find the catalogue's page from 내 시간표; it starts at the current semester.
  await login(page, STAFF_EMAIL, DEMO_PASSWORD);
  await visit(page, '/timetable');
  await page.getByTestId('tt-admin-link').click();
  await expect(page).toHaveURL(/\/timetable\/admin$/);
  await expect(page.getByTestId('admin-semester')).toHaveValue(String(current.id));
  await page.getByTestId('admin-school').selectOption(String(hongik.id));

  // Three lines under a code of this run's own (reruns do not meet); the second's credits
  // are not a number.
  const prefix = `E2E${rand().toUpperCase()}`;
  const csv = [
    'code,section,name,professor,credits,category,grade,capacity,room,times',
    `${prefix}1,01,가져오기 시험 강의,김시험,3,전공선택,2,40,T101,"월1,2 수3"`,
    `${prefix}2,01,학점이 틀린 강의,이시험,세 학점,교양,0,30,T102,화 15:00-16:15`,
    `${prefix}3,02,가져오기 시험 실습,박시험,2,교양,0,25,T103,목 13:00-14:50`,
  ].join('\n');
  const importCard = page.getByTestId('import');
  await importCard.locator('input[type="file"]').setInputFiles({ name: 'lectures.csv', mimeType: 'text/csv', buffer: Buffer.from(csv, 'utf8') });
  const start = importCard.getByRole('button', { name: '가져오기', exact: true });
  await expect(start).toBeEnabled();
  await start.click();
  const report = importCard.getByTestId('import-report');
  await expect(report.getByTestId('import-created')).toHaveText('새 강의 2개');
  await expect(report.getByTestId('import-updated')).toHaveText('고친 강의 0개');
  await expect(report.getByTestId('import-rejected')).toHaveText('거절된 줄 1개');
  const refused = report.locator('.tt-rejected tbody tr');
  await expect(refused).toHaveCount(1);
  await expect(refused).toHaveAttribute('data-line', '3');
  await expect(refused.locator('td').first()).toHaveText('3');
  await expect(refused).toContainText('학점');

  // The editor finds a new lecture. A capacity out of range is refused under its input and
  // not saved; times the server cannot read get the server's message there; then it saves.
  const editor = page.getByTestId('lecture-editor');
  await editor.getByLabel('고칠 강의 검색').fill(`${prefix}1`);
  await editor.getByRole('button', { name: '찾기' }).click();
  await editor.locator('.tt-result').filter({ hasText: `${prefix}1` }).getByRole('button', { name: '수정' }).click();
  const form = editor.getByTestId('lecture-edit');
  await expect(form.getByLabel('정원')).toHaveValue('40');
  await form.getByLabel('정원').fill('70000');
  await form.getByRole('button', { name: '저장' }).click();
  await expect(form.locator('.field-error[data-field="capacity"]')).toContainText('0~65535');
  await expect(form.getByTestId('lecture-saved')).toHaveCount(0);
  await form.getByLabel('정원').fill('45');
  await form.getByLabel('시간', { exact: true }).fill('아무때나');
  await form.getByRole('button', { name: '저장' }).click();
  await expect(form.locator('.field-error[data-field="times"]')).toBeVisible();
  await expect(form.locator('.field-error[data-field="capacity"]')).toHaveCount(0);
  await expect(form.getByTestId('lecture-saved')).toHaveCount(0);
  await form.getByLabel('시간', { exact: true }).fill('월1,2 수3');
  await form.getByRole('button', { name: '저장' }).click();
  await expect(form.getByTestId('lecture-saved')).toHaveText('저장했어요.');
  await expect(form.locator('.field-error')).toHaveCount(0);
});
