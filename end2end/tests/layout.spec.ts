import { test, expect, Page } from './helpers';
import { DEMO_PASSWORD, hydrated, isMobile, memberId, ORIGIN, openMenu } from './helpers';

// Every page, on the phone (360 px) and on the desktop, with real Korean text: nothing may
// be wider than the window. A mobile browser zooms out a page that scrolls sideways, so the
// document's scroll width is compared with the device width.

/** Signs the page's browser in through the API (the login form has its own tests); the access token. */
async function apiLogin(page: Page, email: string): Promise<string> {
  const res = await page.request.post('/api/users/login', { headers: { Origin: ORIGIN }, data: { email, password: DEMO_PASSWORD } });
  expect(res.status()).toBe(200);
  return (await res.json()).accessToken;
}

async function fitsTheWindow(page: Page, path: string) {
  await page.goto(path);
  await hydrated(page);
  const { scroll, width, widest } = await page.evaluate(() => {
    // The body clips sideways overflow (overflow-x: hidden), which hides it from the scroll
    // width but not from the member, whose taps land on the wrong element: also find the
    // element reaching furthest right, outside scroll boxes that scroll on purpose.
    const scrolls = (e: Element) => ['auto', 'scroll', 'hidden', 'clip'].includes(getComputedStyle(e).overflowX);
    let widest = { right: 0, what: '' };
    for (const e of Array.from(document.body.querySelectorAll('*'))) {
      const r = e.getBoundingClientRect();
      if (r.width === 0 || r.height === 0) continue;
      let p = e.parentElement, inside = false;
      while (p && p !== document.body) { if (scrolls(p)) { inside = true; break; } p = p.parentElement; }
      if (!inside && r.right > widest.right) widest = { right: Math.round(r.right), what: `${e.tagName.toLowerCase()}.${e.className}` };
    }
    return {
      scroll: Math.max(document.documentElement.scrollWidth, document.body.scrollWidth),
      width: window.innerWidth,
      widest,
    };
  });
  // A phone widens its layout viewport (innerWidth) to fit a page that is too wide and
  // zooms out; the device's width is what the page must fit.
  const device = page.viewportSize()!.width;
  expect(width, `${path}: the browser widened the page to ${width} px to fit it`).toBeLessThanOrEqual(device);
  expect(scroll, `${path} is ${scroll} px wide on a ${device} px screen`).toBeLessThanOrEqual(device);
  expect(widest.right, `${path}: ${widest.what} reaches ${widest.right} px on a ${device} px screen`).toBeLessThanOrEqual(device);
}

const hompyTabs = (id: number) => ['', '/profile', '/diary', '/photos', '/guestbook'].map((t) => `/hompy/${id}${t}`);

test('a guest sees every page within the window', { tag: '@mobile' }, async ({ page, request }) => {
  test.setTimeout(90_000);
  const user1 = await memberId(request, 'user1@minihompy.test');
  for (const path of [
    '/', '/login', '/signup', '/signup/verify?email=someone%40example.test', '/account/find-email', '/account/reset',
    '/policy/terms', '/policy/privacy',
    '/account', '/ilchon', '/search', '/chat', '/admin', '/no-such-page', '/shop', '/shop/charge', ...hompyTabs(user1),
  ]) {
    await fitsTheWindow(page, path);
  }
});

test('a member sees every page within the window', { tag: '@mobile' }, async ({ page, request }) => {
  test.setTimeout(120_000);
  const token = await apiLogin(page, 'user1@minihompy.test');
  const me = await memberId(request, 'user1@minihompy.test');
  const otherId = await memberId(request, 'user2@minihompy.test');
  const room = await page.request.post('/api/chat/rooms', { headers: { Authorization: `Bearer ${token}`, Origin: ORIGIN }, data: { withUserId: otherId } });
  expect(room.ok()).toBeTruthy();
  const roomId = (await room.json()).roomId;
  for (const path of [
    '/', '/account', '/ilchon', '/search?q=%EC%8B%B8%EC%9D%B4', '/chat', `/chat/${roomId}`, '/admin',
    '/shop', '/shop?kind=BGM', '/shop/items', '/shop/charge', '/shop/history', '/shop/history?tab=purchases', '/shop/history?tab=ledger', '/admin/shop',
    ...hompyTabs(me), ...hompyTabs(otherId),
  ]) {
    await fitsTheWindow(page, path);
  }
});

test('an admin sees the admin page within the window', { tag: '@mobile' }, async ({ page }) => {
  await apiLogin(page, 'admin@minihompy.test');
  await fitsTheWindow(page, '/admin');
  await expect(page.locator('table.admin-users')).toBeVisible();
  await fitsTheWindow(page, '/admin/shop');
  await expect(page.locator('.new-product')).toBeVisible();
});

test('the menu opens, leads somewhere and closes on a phone', { tag: '@mobile' }, async ({ page }, info) => {
  test.skip(!isMobile(info.project.name), 'the menu is always open on a desktop');
  await apiLogin(page, 'user1@minihompy.test');
  await page.goto('/');
  await hydrated(page);
  await expect(page.locator('#topnav')).toBeHidden();
  await openMenu(page);
  await expect(page.locator('#topnav')).toBeVisible();
  await page.locator('#topnav').getByRole('link', { name: '회원 찾기' }).click();
  await expect(page).toHaveURL(/\/search$/);
  await expect(page.locator('#topnav')).toBeHidden();
});
