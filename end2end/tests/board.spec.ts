import { APIRequestContext, expect, Locator, Page, test } from './helpers';
import { apiMember, DEMO_PASSWORD, hydrated, latestMail, login, Member, openMenu, ORIGIN, otherPage, PASSWORD } from './helpers';

// 커뮤니티 (issue #15): joining a school by a mailed code, pinning a board, an anonymous
// post with a picture, anonymous comments and their numbering, 공감 and 스크랩, an
// anonymous 쪽지 answered live, and a report that staff act on. Every test makes its own
// members and its own board in the demo school 홍익대학교 (domain hongik.ac.kr), so the
// desktop and phone runs do not meet.

const HONGIK = '홍익대학교';
/** A 1×1 PNG, made here rather than read from a file. */
const PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==', 'base64');

const rand = () => Math.random().toString(36).slice(2, 10);

async function visit(page: Page, url: string) {
  await page.goto(url);
  await hydrated(page);
}

/** Bearer headers of the demo admin (STAFF and more), for setting up through the API. */
async function staffHeaders(request: APIRequestContext): Promise<Record<string, string>> {
  const res = await request.post('/api/users/login', { headers: { Origin: ORIGIN }, data: { email: 'admin@minihompy.test', password: DEMO_PASSWORD } });
  expect(res.status(), await res.text()).toBe(200);
  return { Authorization: `Bearer ${(await res.json()).accessToken}`, Origin: ORIGIN };
}

async function hongikId(request: APIRequestContext): Promise<number> {
  const res = await request.get('/api/schools');
  expect(res.status()).toBe(200);
  const school = (await res.json()).find((s: { name: string }) => s.name === HONGIK);
  expect(school, `${HONGIK} is in the demo data`).toBeTruthy();
  expect(school.domains).toContain('hongik.ac.kr');
  return school.id;
}

/** A fresh board in 홍익대학교 that takes anonymous posts, made by staff through the API. */
async function newBoard(request: APIRequestContext): Promise<{ id: number; name: string; schoolId: number }> {
  const schoolId = await hongikId(request);
  const name = `e2e 게시판 ${rand()}`;
  const res = await request.post('/api/admin/boards', {
    headers: await staffHeaders(request),
    data: { schoolId, category: 'FREE', name, description: '테스트용 게시판', anonymousAllowed: true, questionsAllowed: true },
  });
  expect(res.status(), await res.text()).toBe(201);
  return { id: (await res.json()).id, name, schoolId };
}

/** The 6-digit code of the newest mail to `to`. */
async function mailedCode(to: string): Promise<string> {
  return (await latestMail(to)).match(/^\d{6}$/m)![0];
}

/** Joins `m` to 홍익대학교 through the REST API (mailed code), as the join page would. */
async function joinHongik(request: APIRequestContext, m: Member) {
  const email = `${m.nickname.toLowerCase()}-${rand()}@hongik.ac.kr`;
  const send = await request.post('/api/schools/verify-email', { headers: m.headers, data: { email, admissionYear: 2022 } });
  expect(send.status(), await send.text()).toBe(204);
  const ok = await request.post('/api/schools/verify', { headers: m.headers, data: { code: await mailedCode(email) } });
  expect(ok.status(), await ok.text()).toBe(200);
}

/** A member of 홍익대학교, made and joined through the API. */
async function schoolMember(request: APIRequestContext, prefix: string): Promise<Member> {
  const m = await apiMember(request, prefix);
  await joinHongik(request, m);
  return m;
}

/** An anonymous post written through the API; its id. */
async function anonymousPost(request: APIRequestContext, m: Member, boardId: number, title: string): Promise<number> {
  const res = await request.post(`/api/boards/${boardId}/posts`, {
    headers: m.headers,
    data: { title, body: `${title}의 내용입니다.`, anonymous: true, question: false, imageIds: [] },
  });
  expect(res.status(), await res.text()).toBe(201);
  return (await res.json()).id;
}

/** Nothing on the page reaches past the right edge of the window (the phone is 360 px wide). */
async function fitsTheWindow(page: Page) {
  const { widest, what, width } = await page.evaluate(() => {
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
    return { widest, what, width: window.innerWidth };
  });
  const device = page.viewportSize()!.width;
  expect(width, `${page.url()} widened to ${width} px`).toBeLessThanOrEqual(device);
  expect(widest, `${page.url()}: ${what} reaches ${widest} px on a ${device} px screen`).toBeLessThanOrEqual(device);
}

/** A comment (or reply) found by its text, and its writer's name as shown. */
const comment = (page: Page, text: string) => page.locator('li.comment', { has: page.locator(':scope > .comment-body', { hasText: text }) });
const writerOf = (c: Locator) => c.locator(':scope > .comment-head .writer');

test('a member verifies a school email, joins 홍익대학교 and pins a board', { tag: '@mobile' }, async ({ page, request }) => {
  const board = await newBoard(request);
  const m = await apiMember(request, 'join');
  await login(page, m.email, PASSWORD);

  // The top bar leads to the community; a member without a school is asked to join.
  await openMenu(page);
  await page.locator('#topnav').getByRole('link', { name: '커뮤니티', exact: true }).click();
  await expect(page).toHaveURL(/\/community$/);
  await expect(page.getByTestId('join-card')).toBeVisible();
  // The school's lists are closed until then, with the way to join.
  await visit(page, '/community/hot');
  await expect(page.locator('.error-page')).toHaveAttribute('data-status', '403');
  await page.getByRole('link', { name: '학교 인증하러 가기' }).click();
  await expect(page).toHaveURL(/\/community\/join$/);
  await hydrated(page);

  const address = `join-${rand()}@hongik.ac.kr`;
  // (A select's name includes its chosen option, so the label is matched as a prefix.)
  await page.getByRole('combobox', { name: /^학교/ }).selectOption(String(board.schoolId));
  await page.getByLabel('입학년도 (학번)').selectOption('2022');
  await page.getByLabel('학교 이메일').fill(address);
  await page.getByRole('button', { name: '인증 코드 받기' }).click();
  await expect(page.getByTestId('code-form')).toBeVisible();
  await page.getByLabel('인증 코드').fill(await mailedCode(address));
  await page.getByRole('button', { name: '인증하기' }).click();
  await expect(page).toHaveURL(/\/community$/);
  await expect(page.getByRole('heading', { level: 1, name: HONGIK })).toBeVisible();
  await expect(page.locator('.hakbun')).toHaveText('22학번');

  // ★ pins the board: the home lists it first, starred.
  await visit(page, `/community/boards/${board.id}`);
  const pin = page.getByRole('button', { name: '즐겨찾기' });
  await expect(pin).toHaveAttribute('aria-pressed', 'false');
  await pin.click();
  await expect(pin).toHaveAttribute('aria-pressed', 'true');
  await visit(page, '/community');
  const first = page.locator('.board-card').first();
  await expect(first).toHaveAttribute('data-board-id', String(board.id));
  await expect(first.locator('.pin-star')).toContainText('★');
  // The pin stays after a reload of the board page too.
  await visit(page, `/community/boards/${board.id}`);
  await expect(page.getByRole('button', { name: '즐겨찾기' })).toHaveAttribute('aria-pressed', 'true');
});

test('an anonymous post with a picture; another member comments and replies as 익명1, the writer as 익명(글쓴이); 공감 and 스크랩', { tag: '@mobile' }, async ({ page, browser, request }, info) => {
  test.setTimeout(120_000);
  const board = await newBoard(request);
  const writer = await schoolMember(request, 'anonw');
  const reader = await schoolMember(request, 'anonr');
  const tag = rand();
  const title = `익명 사진 글 ${tag}`;

  // The writer writes with a picture, anonymously.
  await login(page, writer.email, PASSWORD);
  await visit(page, `/community/boards/${board.id}/write`);
  await page.getByLabel('제목').fill(title);
  await page.getByLabel('내용').fill('사진 한 장과 함께 올려요.');
  await page.getByLabel('익명', { exact: true }).check();
  await page.getByLabel('사진 추가', { exact: true }).setInputFiles({ name: 'dot.png', mimeType: 'image/png', buffer: PNG });
  await expect(page.locator('.upload-item[data-state="done"]')).toHaveCount(1);
  await page.getByRole('button', { name: '등록', exact: true }).click();
  await expect(page).toHaveURL(/\/community\/posts\/\d+$/);
  const postId = Number(page.url().match(/posts\/(\d+)/)![1]);
  await hydrated(page);
  await expect(page.locator('.post-view .post-meta .writer')).toHaveText('익명');
  const picture = page.getByRole('img', { name: '첨부 사진 1' });
  await expect(picture).toBeVisible();
  await expect.poll(() => picture.evaluate((i: HTMLImageElement) => i.naturalWidth)).toBeGreaterThan(0);
  await visit(page, '/community/my/posts');
  await expect(page.getByRole('link', { name: title })).toBeVisible();

  // The reader comments anonymously: 익명1.
  const other = await otherPage(browser, info);
  await login(other, reader.email, PASSWORD);
  await visit(other, `/community/posts/${postId}`);
  await expect(other.locator('.post-view .post-meta .writer')).toHaveText('익명');
  const form = other.getByTestId('comment-form');
  await form.getByLabel('댓글').fill(`첫 댓글 ${tag}`);
  await expect(form.getByLabel('익명', { exact: true })).toBeChecked();
  await form.getByRole('button', { name: '등록' }).click();
  await expect(writerOf(comment(other, `첫 댓글 ${tag}`))).toHaveText('익명1');

  // The writer answers it anonymously: 익명(글쓴이).
  await visit(page, `/community/posts/${postId}`);
  await comment(page, `첫 댓글 ${tag}`).getByRole('button', { name: '답글', exact: true }).click();
  const replyForm = page.getByTestId('reply-form');
  await replyForm.getByLabel('답글').fill(`글쓴이 답글 ${tag}`);
  await replyForm.getByRole('button', { name: '등록' }).click();
  await expect(writerOf(comment(page, `글쓴이 답글 ${tag}`))).toHaveText('익명(글쓴이)');

  // The reader replies again and keeps number 1; the numbering is the same on their screen.
  await visit(other, `/community/posts/${postId}`);
  await comment(other, `첫 댓글 ${tag}`).getByRole('button', { name: '답글', exact: true }).click();
  const otherReply = other.getByTestId('reply-form');
  await otherReply.getByLabel('답글').fill(`다시 답글 ${tag}`);
  await otherReply.getByRole('button', { name: '등록' }).click();
  await expect(writerOf(comment(other, `다시 답글 ${tag}`))).toHaveText('익명1');
  await expect(writerOf(comment(other, `첫 댓글 ${tag}`))).toHaveText('익명1');
  const byWriter = comment(other, `글쓴이 답글 ${tag}`);
  await expect(writerOf(byWriter)).toHaveText('익명(글쓴이)');
  await expect(byWriter.locator('.writer-badge')).toHaveText('글쓴이');
  await expect(other.locator('li.comment.reply')).toHaveCount(2);
  // Nothing on the reader's page names the writer (text, links, the hydration data).
  const html = await other.content();
  expect(html).not.toContain(writer.nickname);
  expect(html).not.toContain(`/hompy/${writer.id}"`);
  await expect(other.locator('.post-view a.writer')).toHaveCount(0);

  // 공감 and 스크랩, once each; the scrap is listed on 내 스크랩.
  const actions = other.locator('.post-actions');
  const like = actions.getByRole('button', { name: /공감/ });
  await like.click();
  await expect(like).toHaveAttribute('aria-pressed', 'true');
  await expect(like.locator('.count')).toHaveText('1');
  const scrap = actions.getByRole('button', { name: /스크랩/ });
  await scrap.click();
  await expect(scrap).toHaveAttribute('aria-pressed', 'true');
  await expect(scrap.locator('.count')).toHaveText('1');
  await visit(other, `/community/posts/${postId}`);
  await expect(other.locator('.post-actions').getByRole('button', { name: /공감/ }).locator('.count')).toHaveText('1');
  await visit(other, '/community/my/scraps');
  await expect(other.getByRole('link', { name: title })).toBeVisible();
  await fitsTheWindow(other);
  await visit(other, '/community/my/comments');
  const mine = other.locator('.my-comment', { hasText: `첫 댓글 ${tag}` });
  await expect(mine.getByRole('link', { name: title })).toHaveAttribute('href', `/community/posts/${postId}`);
  await fitsTheWindow(other);

  // The school's search finds the post by a word of its title.
  await visit(other, '/community/search');
  await other.getByLabel('검색어').fill(tag);
  await other.getByRole('button', { name: '검색', exact: true }).click();
  await expect(other).toHaveURL(/\/community\/search\?q=/);
  await expect(other.getByRole('link', { name: title })).toBeVisible();
  await fitsTheWindow(other);
});

test('an anonymous 쪽지 arrives live and is answered; neither side sees a nickname; block and delete', { tag: '@mobile' }, async ({ page, browser, request }, info) => {
  test.setTimeout(120_000);
  const board = await newBoard(request);
  const writer = await schoolMember(request, 'notew');
  const sender = await schoolMember(request, 'notes');
  const title = `쪽지 받을 글 ${rand()}`;
  const postId = await anonymousPost(request, writer, board.id, title);

  // The writer waits on the notes page (empty for now).
  await login(page, writer.email, PASSWORD);
  await visit(page, '/community/notes');
  await expect(page.locator('.notes .empty')).toBeVisible();

  // The sender writes from the post.
  const other = await otherPage(browser, info);
  await login(other, sender.email, PASSWORD);
  await visit(other, `/community/posts/${postId}`);
  const actions = other.locator('.post-actions');
  await actions.getByRole('button', { name: '쪽지', exact: true }).click();
  await actions.getByLabel('쪽지 내용').fill('안녕하세요, 글 보고 연락드려요.');
  await actions.getByRole('button', { name: '보내기' }).click();
  await expect(actions.getByRole('status')).toContainText('쪽지를 보냈습니다.');
  await actions.getByRole('link', { name: '쪽지함에서 보기' }).click();
  await expect(other).toHaveURL(/\/community\/notes\/\d+$/);
  const threadId = Number(other.url().match(/notes\/(\d+)/)![1]);
  await hydrated(other);
  await expect(other.getByRole('heading', { level: 1 })).toHaveText('익명');
  await expect(other.locator('.note-msg.mine .note-bubble')).toHaveText('안녕하세요, 글 보고 연락드려요.');

  // It shows up on the writer's open notes page without a reload: from 익명, about the post.
  const thread = page.locator(`.note-thread[data-thread="${threadId}"]`);
  await expect(thread).toBeVisible();
  await expect(thread.locator('.note-other')).toHaveText('익명');
  await expect(thread.locator('.note-origin')).toHaveText(`글: ${title}`);
  await expect(thread.locator('.note-unread')).toHaveText('1');
  await expect(thread.locator('.note-last')).toHaveText('안녕하세요, 글 보고 연락드려요.');
  // The top bar counts it too (live, from the same event).
  await expect(page.locator('.notes-badge').getByTestId('notes-unread')).toHaveText('1');
  await fitsTheWindow(page);
  expect(await page.content()).not.toContain(sender.nickname);

  // The writer answers; the sender's open thread gets it live.
  await thread.locator('.note-thread-link').click();
  await expect(page).toHaveURL(new RegExp(`/community/notes/${threadId}$`));
  await hydrated(page);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('익명');
  await expect(page.locator('.note-msg:not(.mine) .note-bubble')).toHaveText('안녕하세요, 글 보고 연락드려요.');
  await expect(page.getByRole('link', { name: `글: ${title}` })).toHaveAttribute('href', `/community/posts/${postId}`);
  const reply = page.locator('.note-reply');
  await reply.getByLabel('답장').fill('네, 반가워요!');
  await reply.getByRole('button', { name: '보내기' }).click();
  await expect(page.locator('.note-msg.mine .note-bubble')).toHaveText('네, 반가워요!');
  await expect(reply.getByLabel('답장')).toHaveValue('');
  await expect(other.locator('.note-msg:not(.mine) .note-bubble')).toHaveText('네, 반가워요!');
  await fitsTheWindow(page);
  // No nickname of either side on either page.
  expect(await page.content()).not.toContain(sender.nickname);
  expect(await other.content()).not.toContain(writer.nickname);

  // Blocking stops the thread on both sides.
  page.once('dialog', (d) => d.accept());
  await page.getByRole('button', { name: '차단', exact: true }).click();
  await expect(page.locator('.note-blocked')).toHaveText('차단된 쪽지입니다');
  await expect(page.getByLabel('답장')).toHaveCount(0);
  await visit(other, `/community/notes/${threadId}`);
  await expect(other.locator('.note-blocked')).toHaveText('차단된 쪽지입니다');
  await expect(other.getByLabel('답장')).toHaveCount(0);

  // Deleting it takes it out of my list only.
  page.once('dialog', (d) => d.accept());
  await page.getByRole('button', { name: '삭제', exact: true }).click();
  await expect(page).toHaveURL(/\/community\/notes$/);
  await expect(page.locator(`.note-thread[data-thread="${threadId}"]`)).toHaveCount(0);
  await visit(other, '/community/notes');
  await expect(other.locator(`.note-thread[data-thread="${threadId}"]`)).toBeVisible();
});

test('a reported post is hidden by staff and then shows the policy note', async ({ page, browser, request }, info) => {
  test.setTimeout(120_000);
  const board = await newBoard(request);
  const writer = await schoolMember(request, 'repw');
  const reporter = await schoolMember(request, 'repr');
  const title = `신고될 글 ${rand()}`;
  const postId = await anonymousPost(request, writer, board.id, title);

  await login(page, reporter.email, PASSWORD);
  await visit(page, `/community/posts/${postId}`);
  const actions = page.locator('.post-actions');
  await actions.getByRole('button', { name: '신고', exact: true }).click();
  await actions.getByLabel('신고 사유').selectOption({ label: '광고·도배' });
  await actions.getByLabel('자세한 내용 (선택)').fill('같은 글을 계속 올려요');
  await actions.getByRole('button', { name: '신고하기' }).click();
  await expect(actions.getByRole('status')).toHaveText('신고가 접수되었습니다.');
  // A second report of the same post is refused, with the reason.
  await actions.getByRole('button', { name: '신고', exact: true }).click();
  await actions.getByRole('button', { name: '신고하기' }).click();
  await expect(actions.locator('.form-error[data-code="ALREADY_REPORTED"]')).toBeVisible();
  // The moderation page is staff's only.
  await visit(page, '/community/admin');
  await expect(page.locator('.error-page')).toHaveAttribute('data-status', '403');

  // Staff see the case with its writer (only here) and hide the post.
  const staff = await otherPage(browser, info);
  await login(staff, 'admin@minihompy.test', DEMO_PASSWORD);
  await visit(staff, '/community/admin');
  const item = staff.locator(`.report-case[data-target-kind="POST"][data-target-id="${postId}"]`);
  await expect(item).toContainText(title);
  await expect(item.locator('.report-writer')).toContainText(writer.nickname);
  await expect(item.locator('.report-writer')).toContainText('익명으로 씀');
  await expect(item.locator('.report-count')).toContainText('신고 1건');
  await expect(item.locator('.report-count')).toContainText('광고·도배');
  await fitsTheWindow(staff);
  await item.getByRole('button', { name: '숨기기', exact: true }).click();
  await expect(item).toHaveAttribute('data-status', 'HIDDEN');
  // The action is in the log.
  await staff.locator('.community-tabs').getByRole('link', { name: '처리 기록' }).click();
  await expect(staff).toHaveURL(/tab=log/);
  await expect(staff.locator('.moderation-log li[data-action="report.hide"]', { hasText: `#${postId}` }).first()).toBeVisible();

  // Members now see the policy note instead of the post.
  await visit(page, `/community/posts/${postId}`);
  await expect(page.locator('.post-gone')).toHaveText('운영 정책에 따라 가려진 글입니다');
  await expect(page.locator('.post-body')).toHaveCount(0);
  const writerPage = await otherPage(browser, info);
  await login(writerPage, writer.email, PASSWORD);
  await visit(writerPage, `/community/posts/${postId}`);
  await expect(writerPage.locator('.post-gone')).toHaveText('운영 정책에 따라 가려진 글입니다');
});
