import { test, expect } from './helpers';
import { bundleFiles, hydrated, isMobile, memberId } from './helpers';

test.describe('without JavaScript', () => {
  test.use({ javaScriptEnabled: false });

  test('the landing page is server-rendered with homes from the database', async ({ page }) => {
    const res = await page.goto('/');
    expect(res?.status()).toBe(200);
    await expect(page.getByRole('heading', { name: '추억의 미니홈피, 다시 시작해요' })).toBeVisible();
    const cards = page.locator('.home-card');
    expect(await cards.count()).toBeGreaterThan(0);
    await expect(cards.first().locator('.home-card-title')).not.toBeEmpty();
    await expect(page.locator('body')).not.toHaveAttribute('data-hydrated', 'true');
  });

  test('a homepage link shows its content without scripts', async ({ page, request }) => {
    await page.goto('/');
    const card = page.locator('.home-card').first();
    const title = await card.locator('.home-card-title').innerText();
    await card.getByRole('link').click();
    await expect(page).toHaveURL(/\/hompy\/\d+$/);
    await expect(page.locator('.hompy-title')).toHaveText(title);

    const id = await memberId(request, 'user2@minihompy.test');
    await page.goto(`/hompy/${id}`);
    await expect(page.locator('.hompy-title')).toHaveText('도토리 창고');
    await expect(page.locator('.hompy-intro')).toContainText('BGM 추천 받아요');
  });
});

test('the raw HTML already holds the content before any script runs', async ({ request }) => {
  const id = await memberId(request, 'user1@minihompy.test');
  const res = await request.get(`/hompy/${id}`);
  expect(res.status()).toBe(200);
  const html = await res.text();
  expect(html).toContain('lang="ko"');
  expect(html).toContain('♡ 싸이소녀의 미니홈피 ♡');
  // The hydration script names the hashed bundle, and the name is a file the server has.
  const js = bundleFiles(html)?.js;
  expect(js).toMatch(/^\/pkg\/minihompy\.[A-Za-z0-9_-]{22}\.js$/);
  expect((await request.get(js!)).status()).toBe(200);
});

test('a demo member homepage shows title, intro and 미니미 from MySQL', async ({ page, request }) => {
  const id = await memberId(request, 'user1@minihompy.test');
  await page.goto(`/hompy/${id}`);
  await hydrated(page);
  await expect(page.locator('.hompy-title')).toHaveText('♡ 싸이소녀의 미니홈피 ♡');
  await expect(page.locator('.hompy-intro')).toHaveText('오늘도 도토리 모으는 중~ 일촌 신청 환영해요 ^^');
  const minimi = page.locator('img.miniroom-minimi');
  await expect(minimi).toHaveAttribute('src', '/minimi/basic-girl.svg');
  await expect(page.locator('img.hompy-photo')).toHaveAttribute('src', /^\/files\/hompy\/[0-9a-f]{32}\.jpg$/);
  await expect.poll(() => minimi.evaluate((img: HTMLImageElement) => img.naturalWidth)).toBeGreaterThan(0);

  // The profile tab, through client-side navigation.
  await page.getByRole('link', { name: '프로필', exact: true }).click();
  await expect(page).toHaveURL(/\/hompy\/\d+\/profile$/);
  await expect(page.locator('.profile-list')).toContainText('가입일');
  await expect(page.locator('.profile-list')).toContainText('싸이소녀');
});

test('hydration makes 파도타기 work: it jumps to a random home', { tag: '@mobile' }, async ({ page }) => {
  await page.goto('/');
  await hydrated(page);
  await page.locator('.hero .surf-button').click();
  await expect(page).toHaveURL(/\/hompy\/\d+$/);
  await expect(page.locator('.hompy-title')).not.toBeEmpty();
});

test('the top bar menu opens on phones and links are reachable on desktop', { tag: '@mobile' }, async ({ page }, info) => {
  await page.goto('/');
  await hydrated(page);
  const toggle = page.locator('.menu-toggle');
  const nav = page.locator('#topnav');
  if (isMobile(info.project.name)) {
    await expect(toggle).toBeVisible();
    await expect(nav).toBeHidden();
    await toggle.tap();
    await expect(toggle).toHaveAttribute('aria-expanded', 'true');
    await expect(nav).toBeVisible();
    await nav.getByRole('link', { name: '둘러보기' }).tap();
    await expect(nav).toBeHidden();
  } else {
    await expect(toggle).toBeHidden();
    await expect(nav.getByRole('link', { name: '둘러보기' })).toBeVisible();
  }
  // Nothing overflows sideways, at 360 px as on a desktop.
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  expect(overflow).toBeLessThanOrEqual(0);
});

test('/health is green with a real round-trip to each store', async ({ request }) => {
  const res = await request.get('/health');
  expect(res.status()).toBe(200);
  const body = await res.json();
  expect(body.status).toBe('up');
  for (const store of ['mysql', 'redis', 'mongodb']) {
    expect(body.checks[store].status).toBe('up');
  }
});

test('unknown pages get the 404 page, bad homepage addresses the error page', async ({ page }) => {
  let res = await page.goto('/no-such-page');
  expect(res?.status()).toBe(404);
  await expect(page.getByRole('heading', { name: '페이지를 찾을 수 없어요' })).toBeVisible();

  res = await page.goto('/hompy/999999999');
  expect(res?.status()).toBe(404);
  await expect(page.locator('.error-message')).toHaveText('미니홈피를 찾을 수 없습니다.');
  await hydrated(page);
  await page.getByRole('link', { name: '처음으로' }).click();
  await expect(page.getByRole('heading', { name: '추억의 미니홈피, 다시 시작해요' })).toBeVisible();
});
