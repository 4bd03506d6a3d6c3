import { Browser, BrowserContext, expect, Page, test, TestInfo } from './helpers';
import { apiSignup, apiVerifyEmail, hydrated, login, openMenu, uniqueEmail, watchCsp } from './helpers';

const PASSWORD = 'Sunny-Day-42!';
// A 1×1 PNG; the server re-encodes it and makes the thumbnail.
const PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==', 'base64');

type Member = { id: number; email: string; nickname: string };

async function newMember(page: Page, prefix: string): Promise<Member> {
  const email = uniqueEmail(prefix);
  const nickname = `${prefix}${Math.random().toString(36).slice(2, 7)}`;
  const id = await apiSignup({ email, password: PASSWORD, name: '테스트', nickname });
  await apiVerifyEmail(email);
  return { id, email, nickname };
}

/** Another browser with the same device settings as this project (desktop or phone). */
async function otherBrowser(browser: Browser, info: TestInfo): Promise<BrowserContext> {
  const u = info.project.use;
  const ctx = await browser.newContext({
    baseURL: u.baseURL, viewport: u.viewport, userAgent: u.userAgent, deviceScaleFactor: u.deviceScaleFactor,
    isMobile: u.isMobile, hasTouch: u.hasTouch, locale: 'ko-KR',
  });
  watchCsp(ctx);
  return ctx;
}

async function visit(page: Page, path: string) {
  await page.goto(path);
  await hydrated(page);
}

test('two members become 일촌, share 일촌-only posts, keep a secret, and surf', { tag: '@mobile' }, async ({ page, browser }, info) => {
  test.setTimeout(120_000);
  const a = page;
  const b = await (await otherBrowser(browser, info)).newPage();
  const c = await (await otherBrowser(browser, info)).newPage();
  const A = await newMember(a, 'A');
  const B = await newMember(a, 'B');
  const C = await newMember(a, 'C');
  await login(a, A.email, PASSWORD);
  await login(b, B.email, PASSWORD);
  await login(c, C.email, PASSWORD);

  // B asks A with a pair of 일촌명; A sees the request in the top bar and accepts.
  await visit(b, `/hompy/${A.id}`);
  await b.getByRole('button', { name: '일촌 신청' }).click();
  await b.getByLabel('내가 부를 일촌명').fill('단짝');
  await b.getByLabel('나를 부를 일촌명').fill('베프');
  await b.getByRole('button', { name: '신청 보내기' }).click();
  await expect(b.getByText('일촌 신청을 보냈어요.')).toBeVisible();

  await visit(a, '/');
  await openMenu(a);
  await expect(a.locator('.ilchon-link .badge')).toHaveText('1');
  await a.locator('.ilchon-link').click();
  await expect(a).toHaveURL(/\/ilchon$/);
  await hydrated(a);
  await expect(a.locator('.requests.received')).toContainText(B.nickname);
  await a.getByRole('button', { name: '수락', exact: true }).click();
  await expect(a.getByRole('heading', { name: '내 일촌 (1명)' })).toBeVisible();
  await expect(a.locator('.my-ilchons')).toContainText(`${B.nickname} (베프)`);

  // As 일촌, B sees the names and writes a 일촌평 (50 characters at most).
  await visit(b, `/hompy/${A.id}`);
  await expect(b.locator('.ilchon-names')).toContainText('단짝');
  await expect(b.getByLabel('일촌평')).toHaveAttribute('maxlength', '50');
  await b.getByLabel('일촌평').fill('우리 일촌 됐다! 자주 올게 ^^');
  await b.getByRole('button', { name: '확인' }).click();
  await expect(b.locator('.pyeong-list')).toContainText('우리 일촌 됐다! 자주 올게 ^^');
  await expect(b.locator('.pyeong-list')).toContainText(`${B.nickname} (베프)`);
  // C is no 일촌: no input, a note instead.
  await visit(c, `/hompy/${A.id}`);
  await expect(c.getByText('일촌만 일촌평을 남길 수 있어요.')).toBeVisible();
  await expect(c.getByLabel('일촌평')).toHaveCount(0);

  // A writes a diary entry for 일촌 only: B reads it, C does not.
  await visit(a, `/hompy/${A.id}/diary`);
  const form = a.locator('.diary-form');
  await form.getByLabel('제목').fill('일촌만 보는 일기');
  await form.getByLabel('내용').fill('오늘은 일촌이 생긴 날!');
  await form.getByLabel('공개 범위').selectOption('ILCHON');
  await form.getByRole('button', { name: '올리기' }).click();
  await expect(a.locator('.diary-entry .entry-title')).toHaveText('일촌만 보는 일기');
  await expect(a.locator('.diary-entry .badge.visibility')).toHaveText('일촌공개');
  await expect(a.locator('.calendar a.has-entry')).toHaveCount(1);

  await visit(b, `/hompy/${A.id}/diary`);
  await expect(b.locator('.diary-entry .entry-title')).toHaveText('일촌만 보는 일기');
  await expect(b.locator('.diary-form')).toHaveCount(0);
  await visit(c, `/hompy/${A.id}/diary`);
  await expect(c.getByText('읽을 수 있는 다이어리가 없어요.')).toBeVisible();
  await expect(c.locator('.diary-entry')).toHaveCount(0);

  // A uploads a photo: progress, then the server's thumbnail, then the post.
  await visit(a, `/hompy/${A.id}/photos`);
  await a.getByText('사진 올리기').click();
  await a.getByLabel('사진 파일').setInputFiles({ name: 'sea.png', mimeType: 'image/png', buffer: PNG });
  const thumb = a.locator('.upload-item img.upload-thumb:not(.preview)');
  await expect(thumb).toHaveAttribute('src', /\/files\/photo\/[0-9a-f]{32}\.jpg$/);
  await a.locator('.new-post').getByLabel('제목').fill('첫 사진');
  await a.getByRole('button', { name: '게시' }).click();
  const posted = a.locator('.photo-post img.photo-thumb');
  await expect(posted).toHaveAttribute('src', /\/files\/photo\/[0-9a-f]{32}\.jpg$/);
  await expect.poll(() => posted.evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth)).toBe(320);

  // C leaves a secret guestbook entry: A and C see it, B (a third member) does not.
  await visit(c, `/hompy/${A.id}/guestbook`);
  await c.getByLabel('방명록 남기기').fill('C만 아는 비밀 이야기');
  await c.getByLabel('비밀글 (주인과 나만 봐요)').check();
  await c.getByRole('button', { name: '남기기' }).click();
  await expect(c.locator('.guestbook-entry.secret')).toContainText('C만 아는 비밀 이야기');
  await visit(a, `/hompy/${A.id}/guestbook`);
  await expect(a.locator('.guestbook-entry.secret')).toContainText('C만 아는 비밀 이야기');
  await visit(b, `/hompy/${A.id}/guestbook`);
  await expect(b.getByText('아직 방명록이 없어요. 첫 글을 남겨 주세요!')).toBeVisible();
  await expect(b.getByText('C만 아는 비밀 이야기')).toHaveCount(0);

  // 파도타기: from A's 일촌 list to B, then B's random jump lands on B's only 일촌, A.
  await visit(c, `/hompy/${A.id}`);
  await c.locator('.pado summary').click();
  await c.locator('.pado-list').getByRole('link', { name: `베프 (${B.nickname})` }).click();
  await expect(c).toHaveURL(new RegExp(`/hompy/${B.id}$`));
  await expect(c.locator('.hompy')).toHaveAttribute('data-owner', String(B.id));
  await hydrated(c);
  await c.getByRole('button', { name: '랜덤 파도타기' }).click();
  await expect(c).toHaveURL(new RegExp(`/hompy/${A.id}$`));
  await expect(c.locator('.hompy')).toHaveAttribute('data-owner', String(A.id));
  await b.context().close();
  await c.context().close();
});

test('a guest sees public parts and is asked to log in for the rest; the owner counts no visits', { tag: '@mobile' }, async ({ page, browser }, info) => {
  const owner = await newMember(page, 'O');
  await visit(page, `/hompy/${owner.id}`);
  await expect(page.locator('.hompy-title')).toBeVisible();
  await expect(page.getByText('일촌 신청을 하려면')).toBeVisible();
  await page.locator('.hompy-tabs').getByRole('link', { name: '방명록' }).click();
  await expect(page).toHaveURL(new RegExp(`/hompy/${owner.id}/guestbook$`));
  await expect(page.locator('.guestbook .login-prompt')).toContainText('방명록을 남기려면');
  await expect(page.locator('.guestbook .login-prompt a')).toHaveAttribute('href', `/login?next=%2Fhompy%2F${owner.id}%2Fguestbook`);
  await expect(page.getByTestId('today')).toHaveText('0');

  // A signed-in visitor counts once today; their second visit does not.
  const v = await otherBrowser(browser, info);
  const vp = await v.newPage();
  const visitor = await newMember(vp, 'V');
  await login(vp, visitor.email, PASSWORD);
  await visit(vp, `/hompy/${owner.id}`);
  await expect(vp.getByTestId('today')).toHaveText('1');
  await visit(vp, `/hompy/${owner.id}/diary`);
  await expect(vp.getByTestId('today')).toHaveText('1');
  await expect(vp.getByTestId('total')).toHaveText('1');
  await v.close();
});

test('the owner edits the profile: title with history and a 미니미 they own', async ({ page }) => {
  const owner = await newMember(page, 'P');
  await login(page, owner.email, PASSWORD);
  await visit(page, `/hompy/${owner.id}/profile`);
  await page.getByLabel('제목').fill('새로 꾸민 미니홈피');
  await page.getByLabel('소개글').fill('<script>alert(1)</script> 안녕하세요');
  await page.locator('input[name=minimi][value=basic-boy]').check();
  await expect(page.locator('input[name=minimi]')).toHaveCount(2);
  await page.getByRole('button', { name: '저장' }).click();
  await expect(page.locator('.hompy-title')).toHaveText('새로 꾸민 미니홈피');
  await expect(page.locator('.hompy-intro')).toHaveText('<script>alert(1)</script> 안녕하세요');
  await expect(page.locator('.history')).toContainText('새로 꾸민 미니홈피');
  await expect(page.locator('img.hompy-photo')).toHaveAttribute('src', '/minimi/basic-boy.svg');
});
