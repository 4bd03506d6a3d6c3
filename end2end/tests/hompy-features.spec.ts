import { expect, Page, test } from './helpers';
import { apiMember, apiSignup, hydrated, latestMail, login, ORIGIN, otherPage, PASSWORD, uniqueEmail } from './helpers';

// The features of each tab, through the pages a member uses. Content that only sets the
// scene (many diary entries, a 일촌 request) is made through the REST API first.

const PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==', 'base64');
// The start of an MP4 file: the server checks the `ftyp` box and the size.
const MP4 = Buffer.concat([Buffer.from([0, 0, 0, 0x18]), Buffer.from('ftypisom\0\0\x02\0isomiso2', 'binary'), Buffer.alloc(2048)]);

async function visit(page: Page, path: string) {
  await page.goto(path);
  await hydrated(page);
}

test('diary: calendar days, pages, edit, comments and deletion', { tag: '@mobile' }, async ({ page, browser, request }, info) => {
  test.setTimeout(60_000);
  page.on('dialog', (d) => d.accept());
  const owner = await apiMember(request, 'D');
  for (let day = 1; day <= 6; day++) {
    const res = await request.post(`/api/hompy/${owner.id}/diary`, {
      headers: owner.headers,
      data: { entryDate: `2026-10-0${day}`, title: `10월 ${day}일 일기`, body: `${day}일의 이야기`, visibility: 'PUBLIC' },
    });
    expect(res.status()).toBe(201);
  }
  await login(page, owner.email, PASSWORD);
  await visit(page, `/hompy/${owner.id}/diary?month=2026-10`);
  await expect(page.locator('.calendar a.has-entry')).toHaveCount(6);
  await expect(page.locator('.diary-entry')).toHaveCount(5);
  await page.locator('.pager').getByRole('link', { name: '2' }).click();
  await expect(page.locator('.diary-entry .entry-title')).toHaveText(['10월 1일 일기']);
  await page.locator('.calendar a[data-day="3"]').click();
  await expect(page.locator('.diary-entry .entry-title')).toHaveText(['10월 3일 일기']);

  // Edit in place.
  const entry = page.locator('.diary-entry');
  await entry.getByRole('button', { name: '수정' }).click();
  await entry.getByLabel('제목').fill('고친 10월 3일 일기');
  await entry.getByRole('button', { name: '저장' }).click();
  await expect(page.locator('.diary-entry .entry-title')).toHaveText('고친 10월 3일 일기');

  // Another member comments; the owner deletes the comment, which keeps its place.
  const reader = await apiMember(request, 'R');
  const r = await otherPage(browser, info);
  await login(r, reader.email, PASSWORD);
  await visit(r, `/hompy/${owner.id}/diary?month=2026-10&day=2026-10-03`);
  await r.getByLabel('댓글').fill('좋은 하루였네요!');
  await r.getByRole('button', { name: '등록' }).click();
  await expect(r.locator('.comment')).toContainText('좋은 하루였네요!');
  await expect(r.locator('.diary-entry').getByRole('button', { name: '수정' })).toHaveCount(0);
  await page.reload();
  await hydrated(page);
  await page.locator('.comment').getByRole('button', { name: '삭제' }).click();
  await expect(page.locator('.comment.deleted')).toHaveText('삭제된 댓글입니다');

  // The owner deletes the entry.
  await page.locator('.diary-entry .owner-actions').getByRole('button', { name: '삭제' }).click();
  await expect(page.locator('.diary-entry')).toHaveCount(0);
  await r.context().close();
});

test('photo album: folders, a video and a photo in one post, likes and comments', { tag: '@mobile' }, async ({ page, browser, request }, info) => {
  test.setTimeout(60_000);
  page.on('dialog', (d) => d.accept());
  const owner = await apiMember(request, 'P');
  await login(page, owner.email, PASSWORD);
  await visit(page, `/hompy/${owner.id}/photos`);
  await page.getByLabel('새 폴더 이름').fill('여행');
  await page.getByRole('button', { name: '폴더 만들기' }).click();
  await expect(page.locator('.folders')).toContainText('여행 (0)');

  await page.getByText('사진 올리기').click();
  await page.getByLabel('사진 파일').setInputFiles([
    { name: 'clip.mp4', mimeType: 'video/mp4', buffer: MP4 },
    { name: 'beach.png', mimeType: 'image/png', buffer: PNG },
  ]);
  await expect(page.locator('.upload-item .ok')).toHaveCount(2);
  await expect(page.locator('.upload-item progress')).toHaveCount(0);
  const post = page.locator('.new-post');
  await post.getByLabel('제목').fill('바닷가 영상');
  await post.getByLabel('폴더').selectOption({ label: '여행' });
  await page.getByRole('button', { name: '게시' }).click();
  await expect(page.locator('.photo-post video.photo-video')).toHaveAttribute('src', /\/files\/photo\/[0-9a-f]{32}\.mp4$/);
  await expect(page.locator('.photo-post img.photo-thumb')).toHaveCount(1);
  await expect(page.locator('.folders')).toContainText('여행 (1)');
  // The form starts over for the next post.
  await expect(page.locator('.new-post .upload-item')).toHaveCount(0);
  await expect(page.locator('.new-post').getByLabel('제목')).toHaveValue('');
  await page.locator('.folders').getByRole('link', { name: '여행 (1)' }).click();
  await expect(page.locator('.photo-post .post-title')).toHaveText('바닷가 영상');

  // A visitor likes (and the count survives a reload) and comments; the owner deletes it.
  const fan = await apiMember(request, 'F');
  const f = await otherPage(browser, info);
  await login(f, fan.email, PASSWORD);
  await visit(f, `/hompy/${owner.id}/photos`);
  const like = f.locator('.photo-post .like-button');
  await expect(like).toHaveText('♡ 0');
  await like.click();
  await expect(like).toHaveText('♥ 1');
  await expect(like).toHaveAttribute('aria-pressed', 'true');
  await f.reload();
  await hydrated(f);
  await expect(f.locator('.photo-post .like-button')).toHaveText('♥ 1');
  await expect(f.getByText('사진 올리기')).toHaveCount(0);
  await f.getByLabel('댓글').fill('멋진 바다!');
  await f.getByRole('button', { name: '등록' }).click();
  await expect(f.locator('.comment')).toContainText('멋진 바다!');
  await page.reload();
  await hydrated(page);
  await page.locator('.comment').getByRole('button', { name: '삭제' }).click();
  await expect(page.locator('.comment.deleted')).toHaveText('삭제된 댓글입니다');
  await f.context().close();
});

test('guestbook: the writer edits, the owner likes, replies and deletes', async ({ page, browser, request }, info) => {
  page.on('dialog', (d) => d.accept());
  const owner = await apiMember(request, 'G');
  const guest = await apiMember(request, 'W');
  const w = await otherPage(browser, info);
  await login(w, guest.email, PASSWORD);
  await visit(w, `/hompy/${owner.id}/guestbook`);
  await w.getByLabel('방명록 남기기').fill('놀러 왔어요~');
  await w.getByRole('button', { name: '남기기' }).click();
  const mine = w.locator('.guestbook-entry');
  await expect(mine.locator('.guestbook-body')).toHaveText('놀러 왔어요~');
  await expect(mine.locator('img.writer-minimi')).toHaveAttribute('src', /\/minimi\/.+\.svg$/);
  await mine.getByRole('button', { name: '수정' }).click();
  await mine.getByLabel('방명록 고치기').fill('놀러 왔어요~ 일촌 해요!');
  await mine.getByRole('button', { name: '저장' }).click();
  await expect(w.locator('.guestbook-entry .guestbook-body')).toHaveText('놀러 왔어요~ 일촌 해요!');

  await login(page, owner.email, PASSWORD);
  await visit(page, `/hompy/${owner.id}/guestbook`);
  const entry = page.locator('.guestbook-entry');
  await expect(entry.getByRole('button', { name: '수정' })).toHaveCount(0);
  await entry.locator('.like-button').click();
  await expect(entry.locator('.like-button')).toHaveText('♥ 1');
  await entry.getByLabel('답글').fill('반가워요!');
  await entry.getByRole('button', { name: '답글' }).click();
  await expect(page.locator('.guestbook-entry .reply')).toContainText('반가워요!');
  await visit(w, `/hompy/${owner.id}/guestbook`);
  await expect(w.locator('.guestbook-entry .reply')).toContainText('반가워요!');
  await expect(w.getByLabel('답글')).toHaveCount(0);
  await page.locator('.guestbook-entry').getByRole('button', { name: '삭제' }).click();
  await expect(page.locator('.guestbook-entry')).toHaveCount(0);
  await w.context().close();
});

test('일촌: propose other names, accept them, and end it from the 일촌 page', async ({ page, browser, request }, info) => {
  page.on('dialog', (d) => d.accept());
  const a = await apiMember(request, 'A');
  const b = await apiMember(request, 'B');
  const res = await request.post('/api/ilchon/requests', { headers: a.headers, data: { toId: b.id, fromName: '친구', toName: '친구', message: '일촌 해요!' } });
  expect(res.status()).toBe(201);

  // B proposes other names instead of accepting.
  const pb = await otherPage(browser, info);
  await login(pb, b.email, PASSWORD);
  await visit(pb, '/ilchon');
  await expect(pb.locator('.requests.received')).toContainText('일촌 해요!');
  await pb.getByRole('button', { name: '다른 일촌명 제안' }).click();
  await pb.getByLabel('내가 부를 일촌명').fill('짝꿍');
  await pb.getByLabel('나를 부를 일촌명').fill('대장');
  await pb.getByRole('button', { name: '제안 보내기' }).click();
  await expect(pb.locator('.requests.sent')).toContainText(a.nickname);
  await expect(pb.locator('.requests.received li')).toHaveCount(0);

  // A accepts the new names, then ends the relation.
  await login(page, a.email, PASSWORD);
  await visit(page, '/ilchon');
  await expect(page.locator('.requests.received')).toContainText('짝꿍');
  await page.getByRole('button', { name: '수락', exact: true }).click();
  await expect(page.locator('.my-ilchons')).toContainText(`${b.nickname} (대장)`);
  await visit(pb, `/hompy/${a.id}`);
  await expect(pb.locator('.ilchon-names')).toContainText('짝꿍');
  await visit(page, '/ilchon');
  await page.locator('.my-ilchons').getByRole('button', { name: '일촌 끊기' }).click();
  await expect(page.getByRole('heading', { name: '내 일촌 (0명)' })).toBeVisible();
  await visit(pb, `/hompy/${a.id}`);
  await expect(pb.getByRole('button', { name: '일촌 신청' })).toBeVisible();
  await pb.context().close();
});

test('search finds a member by nickname and links to the homepage', async ({ page, request }) => {
  const me = await apiMember(request, 'S');
  const other = await apiMember(request, 'T');
  await visit(page, '/search');
  await expect(page.locator('.login-prompt')).toContainText('회원을 찾으려면');
  await login(page, me.email, PASSWORD);
  await visit(page, '/search');
  await page.getByLabel('검색어').fill(other.nickname);
  await page.getByRole('button', { name: '찾기' }).click();
  await expect(page).toHaveURL(/\/search\?q=/);
  const hit = page.locator('.search-results a');
  await expect(hit).toHaveCount(1);
  await expect(hit).toContainText(other.nickname);
  await expect(hit.locator('img')).toHaveAttribute('src', /\/minimi\//);
  await hit.click();
  await expect(page).toHaveURL(new RegExp(`/hompy/${other.id}$`));
});

test('the owner uploads a main photo with progress and sees it in the frame', async ({ page, request }) => {
  const owner = await apiMember(request, 'M');
  await login(page, owner.email, PASSWORD);
  await visit(page, `/hompy/${owner.id}/profile`);
  await expect(page.locator('img.hompy-photo')).toHaveAttribute('src', /\/minimi\//);
  await page.getByLabel('대표 사진 파일').setInputFiles({ name: 'me.png', mimeType: 'image/png', buffer: PNG });
  await expect(page.locator('img.hompy-photo')).toHaveAttribute('src', /^\/files\/hompy\/[0-9a-f]{32}\.jpg$/);
  await expect.poll(() => page.locator('img.hompy-photo').evaluate((img: HTMLImageElement) => img.naturalWidth)).toBeGreaterThan(0);
});

test('guestbook: an entry sent while the list reloads after the previous one is still answered and shown', async ({ page, request }) => {
  const owner = await apiMember(request, 'GH');
  const writer = await apiMember(request, 'WH');
  await login(page, writer.email, PASSWORD);
  await visit(page, `/hompy/${owner.id}/guestbook`);
  // The list's reload after the first entry, then the second entry's answer, held back: the
  // second is sent from the list on screen while the reloaded one is on its way, and its
  // answer comes after that list was replaced (docs/architecture.md: writes belong to the page).
  const hold = { reload: 0, write: 0 };
  await page.route(/\/sfn\/(get_guestbook_page|write_guestbook)/, async (route) => {
    const ms = route.request().url().includes('/sfn/write_guestbook') ? hold.write : hold.reload;
    if (ms) await new Promise((done) => setTimeout(done, ms));
    await route.continue();
  });
  hold.reload = 1_500;
  await page.getByLabel('방명록 남기기').fill('첫 번째 방문');
  await page.getByRole('button', { name: '남기기' }).click();
  await expect(page.getByRole('button', { name: '남기기' })).toBeEnabled();
  hold.write = 3_000;
  await page.getByLabel('방명록 남기기').fill('두 번째 방문');
  await page.getByRole('button', { name: '남기기' }).click();
  await expect(page.locator('.guestbook-entry .guestbook-body')).toHaveText(['두 번째 방문', '첫 번째 방문'], { timeout: 10_000 });
  const stored = await (await request.get(`/api/hompy/${owner.id}/guestbook`)).json();
  expect(JSON.stringify(stored)).toContain('두 번째 방문');
});

test('block a member from their homepage: their guestbook form refuses, 내 정보 lists and lifts the block', async ({ page, request }) => {
  const me = await apiMember(request, 'blocker');
  const them = await apiMember(request, 'blocked');
  await login(page, me.email, PASSWORD);
  await visit(page, `/hompy/${them.id}`);
  await page.getByRole('button', { name: '차단하기' }).click();
  await expect(page.locator('.blocked-note')).toBeVisible();
  await expect(page.getByRole('button', { name: '차단 해제' })).toHaveAttribute('aria-pressed', 'true');

  await visit(page, `/hompy/${them.id}/guestbook`);
  // A page rendered afresh knows the block too (the server reads it with the 일촌 list).
  await expect(page.getByRole('button', { name: '차단 해제' })).toHaveAttribute('aria-pressed', 'true');
  await page.getByLabel('방명록 남기기').fill('차단한 사람의 방명록');
  await page.getByRole('button', { name: '남기기' }).click();
  await expect(page.locator('.guestbook-form .form-error')).toHaveText('차단한 회원입니다. 차단을 풀면 다시 할 수 있어요.');
  await expect(page.locator('.guestbook-entry')).toHaveCount(0);
  // The block holds the other way too: they cannot write in mine.
  const theirs = await request.post(`/api/hompy/${me.id}/guestbook`, { headers: them.headers, data: { body: '나도 써 볼게요' } });
  expect(theirs.status()).toBe(403);
  expect((await theirs.json()).code).toBe('BLOCKED');

  await visit(page, '/account');
  const blocks = page.locator('#blocks');
  await expect(blocks.locator('.blocked-member a')).toHaveText(them.nickname);
  await blocks.getByRole('button', { name: '차단 해제' }).click();
  await expect(blocks.getByText('차단한 회원이 없습니다.')).toBeVisible();

  await visit(page, `/hompy/${them.id}/guestbook`);
  await expect(page.getByRole('button', { name: '차단하기' })).toBeVisible();
  await page.getByLabel('방명록 남기기').fill('차단을 풀고 남기는 글');
  await page.getByRole('button', { name: '남기기' }).click();
  await expect(page.locator('.guestbook-entry .guestbook-body')).toHaveText('차단을 풀고 남기는 글');
});

test('a member who has not verified their email is told so at the guestbook, verifies from the top bar and then writes', async ({ page, request }) => {
  const owner = await apiMember(request, 'owner');
  const email = uniqueEmail('unverified');
  await apiSignup({ email, password: PASSWORD, name: '테스트', nickname: `nv${Math.random().toString(36).slice(2, 7)}` });
  await login(page, email, PASSWORD);

  await visit(page, `/hompy/${owner.id}/guestbook`);
  await page.getByLabel('방명록 남기기').fill('인증 전에 남기는 글');
  await page.getByRole('button', { name: '남기기' }).click();
  await expect(page.locator('.guestbook-form .form-error')).toContainText('이메일 인증을 마친 회원만 쓸 수 있어요.');
  await expect(page.locator('.guestbook-entry')).toHaveCount(0);

  // The top bar offers the verification page, which can also send a new code.
  await page.getByRole('link', { name: '이메일 인증하기' }).click();
  await expect(page).toHaveURL(/\/signup\/verify\?email=/);
  await hydrated(page);
  await expect(page.getByRole('button', { name: '코드 다시 받기' })).toBeVisible();
  const code = (await latestMail(email)).match(/^\d{6}$/m)![0];
  await page.getByLabel('인증 코드').fill(code);
  await page.getByRole('button', { name: '인증하기' }).click();
  await expect(page.getByRole('status')).toHaveText('이메일 인증이 완료되었습니다.');

  await visit(page, `/hompy/${owner.id}/guestbook`);
  await expect(page.getByRole('link', { name: '이메일 인증하기' })).toHaveCount(0);
  await page.getByLabel('방명록 남기기').fill('인증하고 남기는 글');
  await page.getByRole('button', { name: '남기기' }).click();
  await expect(page.locator('.guestbook-entry .guestbook-body')).toHaveText('인증하고 남기는 글');
});
