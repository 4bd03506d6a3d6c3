import { APIRequestContext, expect, Page, test } from './helpers';
import { apiMember, DEMO_PASSWORD, hydrated, latestSms, login, Member, openMenu, ORIGIN, otherPage, PASSWORD } from './helpers';

/** Grants 도토리 as the demo admin, through the staff API. */
async function grant(request: APIRequestContext, userId: number, amount: number) {
  const res = await request.post('/api/users/login', { headers: { Origin: ORIGIN }, data: { email: 'admin@minihompy.test', password: DEMO_PASSWORD } });
  const { accessToken } = await res.json();
  const g = await request.post('/api/admin/shop/adjustments', {
    headers: { Authorization: `Bearer ${accessToken}`, Origin: ORIGIN },
    data: { userId, amount, reason: 'e2e 지급' },
  });
  expect(g.status(), await g.text()).toBe(200);
}

async function visit(page: Page, url: string) {
  await page.goto(url);
  await hydrated(page);
}

/** Buys the product card named `name` on the shop page (accepting the confirm dialog). */
async function buy(page: Page, kind: string, name: string) {
  await visit(page, `/shop?kind=${kind}`);
  const card = page.locator('.product-card', { has: page.locator('.product-name', { hasText: name }) });
  page.once('dialog', (d) => d.accept());
  await card.getByRole('button', { name: '구매' }).click();
  await expect(page.locator('.notice')).toContainText(`${name}을(를) 샀어요`);
  await expect(card.locator('.owned-mark')).toHaveText('보유 중');
}

async function useItem(page: Page, name: string, button: string) {
  await visit(page, '/shop/items');
  const card = page.locator('.product-card', { has: page.locator('.product-name', { hasText: name }) });
  await card.getByRole('button', { name: button }).click();
  await expect(card).toHaveClass(/equipped/);
}

test('top up through the sandbox after the identity check; every open tab sees the balance', { tag: '@mobile' }, async ({ page, context }) => {
  test.setTimeout(90_000);
  const m = await apiMember(page.request, 'pay');
  await login(page, m.email, PASSWORD);
  const other = await context.newPage();
  await visit(other, '/');
  await openMenu(other);
  await expect(other.getByTestId('dotori-balance')).toHaveText('0');

  await visit(page, '/shop/charge');
  await expect(page.locator('.sandbox-banner')).toContainText('샌드박스 결제');
  const phone = `010${String(Math.floor(Math.random() * 1e8)).padStart(8, '0')}`;
  await page.getByLabel('이름').fill('홍길동');
  await page.getByLabel('생년월일').fill('1995-04-01');
  await page.getByLabel('휴대폰 번호').fill(phone);
  await page.getByRole('button', { name: '인증번호 받기' }).click();
  await expect(page.locator('.identity-code .notice')).toContainText('인증번호를 보냈어요');
  const code = (await latestSms(phone)).match(/번호 (\d{6})/)![1];
  await page.getByLabel('인증번호').fill(code);
  await page.getByRole('button', { name: '인증하기' }).click();

  const pkg = page.locator('label.package', { hasText: '50개' });
  await pkg.locator('input').check();
  await page.getByRole('button', { name: '결제하기' }).click();
  await expect(page).toHaveURL(/\/shop\/pay\/sandbox\?order=/);
  await hydrated(page);
  await expect(page.getByTestId('pay-amount')).toHaveText('5,000원');
  await page.getByLabel('카드 번호').fill('4111 1111 1111 1111');
  await page.getByRole('button', { name: '5,000원 결제' }).click();
  await expect(page).toHaveURL(/\/shop\/charge\/result\?order=/);
  await expect(page.locator('.payment-status')).toHaveText('도토리 50개가 충전되었어요!');
  // The other tab was not reloaded: the hub's event moved its balance.
  await expect(other.getByTestId('dotori-balance')).toHaveText('50');
  await visit(page, '/shop/history?tab=ledger');
  await expect(page.locator('.ledger-table tbody tr').first()).toContainText('+50');

  // A declined card credits nothing and says why.
  await visit(page, '/shop/charge');
  await page.getByRole('button', { name: '결제하기' }).click();
  await expect(page).toHaveURL(/\/shop\/pay\/sandbox/);
  await hydrated(page);
  await page.getByLabel('카드 번호').fill('4000000000000002');
  await page.locator('.card-form button[type=submit]').click();
  await expect(page.locator('.payment-status')).toHaveText('승인 거절');
  await expect(page.locator('.payment-failure')).toContainText('거절');
  await openMenu(page);
  await expect(page.getByTestId('dotori-balance')).toHaveText('50');
});

test('buy a 미니미, wear it, and see it on the homepage and beside a new guestbook entry', { tag: '@mobile' }, async ({ page, browser }, info) => {
  const m = await apiMember(page.request, 'mini');
  const host = await apiMember(page.request, 'host');
  await grant(page.request, m.id, 30);
  await login(page, m.email, PASSWORD);
  await buy(page, 'MINIMI', '여우 후드');
  await useItem(page, '여우 후드', '착용하기');
  await visit(page, `/hompy/${m.id}`);
  await expect(page.locator('img.hompy-photo')).toHaveAttribute('src', '/minimi/fox.svg');
  await visit(page, `/hompy/${host.id}/guestbook`);
  await page.getByLabel('방명록 남기기').fill('여우 미니미로 인사해요');
  await page.getByRole('button', { name: '남기기' }).click();
  const mine = page.locator('.guestbook-entry', { hasText: '여우 미니미로 인사해요' });
  await expect(mine.locator('img.writer-minimi')).toHaveAttribute('src', '/minimi/fox.svg');
  // Someone else sees it too.
  const guest = await otherPage(browser, info);
  await guest.goto(`/hompy/${m.id}`);
  await expect(guest.locator('img.hompy-photo')).toHaveAttribute('src', '/minimi/fox.svg');
});

test('buy and apply a skin that a visitor sees', async ({ page, browser }, info) => {
  const m = await apiMember(page.request, 'skin');
  await grant(page.request, m.id, 30);
  await login(page, m.email, PASSWORD);
  await buy(page, 'SKIN', '바다 스킨');
  await useItem(page, '바다 스킨', '적용하기');
  const guest = await otherPage(browser, info);
  await guest.goto(`/hompy/${m.id}`);
  const frame = guest.locator('.hompy');
  await expect(frame).toHaveClass(/skinned/);
  await expect(frame).toHaveAttribute('style', /--skin-frame:#5aa9e6/);
  await expect(frame).toHaveCSS('background-color', 'rgb(90, 169, 230)');
});

test('buy a BGM track and play it on the homepage; it keeps playing across the tabs', async ({ page }) => {
  const m = await apiMember(page.request, 'bgm');
  await grant(page.request, m.id, 30);
  await login(page, m.email, PASSWORD);
  await buy(page, 'BGM', '파도타기 행진곡');
  await useItem(page, '파도타기 행진곡', '재생목록에 담기');
  await visit(page, `/hompy/${m.id}`);
  const player = page.locator('.bgm-player');
  await expect(player.locator('.bgm-title')).toHaveText('파도타기 행진곡');
  const time = () => page.locator('audio.bgm-audio').evaluate((a: HTMLAudioElement) => a.currentTime);
  // It never starts by itself: no audio element until play is pressed.
  await expect(page.locator('audio.bgm-audio')).toHaveCount(0);
  await expect(player).toHaveAttribute('data-playing', 'false');
  await player.getByRole('button', { name: '배경음악 재생' }).click();
  await expect.poll(time, { timeout: 10_000 }).toBeGreaterThan(0.3);
  await page.locator('.hompy-tabs').getByRole('link', { name: '다이어리' }).click();
  await expect(page).toHaveURL(new RegExp(`/hompy/${m.id}/diary`));
  const before = await time();
  await expect.poll(time, { timeout: 10_000 }).toBeGreaterThan(before + 0.3);
  await expect(page.locator('.bgm-player')).toHaveAttribute('data-playing', 'true');
});

test('a gift to a 일촌 arrives in their items with the message', async ({ page, browser }, info) => {
  const giver = await apiMember(page.request, 'giver');
  const friend = await apiMember(page.request, 'friend');
  const ask = await page.request.post('/api/ilchon/requests', { headers: giver.headers, data: { toId: friend.id, fromName: '친구', toName: '친구' } });
  expect(ask.status()).toBe(201);
  const accept = await page.request.post(`/api/ilchon/requests/${(await ask.json()).id}/accept`, { headers: friend.headers });
  expect(accept.status()).toBe(204);
  await grant(page.request, giver.id, 30);
  await login(page, giver.email, PASSWORD);
  await visit(page, '/shop?kind=MINIMI');
  const card = page.locator('.product-card', { has: page.locator('.product-name', { hasText: '펭귄' }) });
  await card.getByRole('button', { name: '선물' }).click();
  const form = card.locator('.gift-form');
  await form.getByLabel('받는 일촌').selectOption(String(friend.id));
  await form.getByLabel('메시지').fill('펭귄 받아!');
  await form.getByRole('button', { name: '선물하기' }).click();
  await expect(page.locator('.gift-sent')).toHaveText('펭귄을(를) 선물로 보냈어요!');
  const other = await otherPage(browser, info);
  await login(other, friend.email, PASSWORD);
  await visit(other, '/shop/items');
  // A second gift while they look: the top bar says so without a reload.
  await openMenu(other);
  await visit(page, '/shop?kind=MINIMI');
  const chef = page.locator('.product-card', { has: page.locator('.product-name', { hasText: '요리사' }) });
  await chef.getByRole('button', { name: '선물' }).click();
  await chef.locator('.gift-form').getByLabel('받는 일촌').selectOption(String(friend.id));
  await chef.locator('.gift-form').getByRole('button', { name: '선물하기' }).click();
  await expect(page.locator('.gift-sent')).toHaveText('요리사을(를) 선물로 보냈어요!');
  await expect(other.locator('.gift-badge')).toHaveText('🎁 새 선물');
  const gift = other.locator('.product-card', { has: other.locator('.product-name', { hasText: '펭귄' }) });
  await expect(gift.locator('.gift-note')).toContainText(giver.nickname);
  await expect(gift.locator('.gift-note')).toContainText('펭귄 받아!');
});

test('an admin adds a product that then appears in the shop', async ({ page }) => {
  await login(page, 'admin@minihompy.test', DEMO_PASSWORD);
  await visit(page, '/admin/shop');
  const name = `민트 스킨 ${Math.random().toString(36).slice(2, 6)}`;
  const form = page.locator('.new-product');
  await form.getByLabel('이름').fill(name);
  await form.getByLabel('분류').fill('여름');
  await form.getByLabel('가격 (도토리)').fill('15');
  // Colours of its own: a skin with the same colours as another is refused.
  const hex = () => `#${Math.floor(Math.random() * 0xffffff).toString(16).padStart(6, '0')}`;
  const frame = hex();
  await form.getByLabel('테두리').fill(frame);
  await form.getByLabel('배경', { exact: true }).fill(hex());
  await form.getByLabel('강조').fill(hex());
  await form.getByRole('button', { name: '상품 추가' }).click();
  await expect(page.locator(`.admin-products input[value="${name}"]`)).toHaveCount(1);
  await expect(page.locator('.audit-log')).toContainText('PRODUCT_CREATE');
  await visit(page, '/shop?kind=SKIN');
  const card = page.locator('.product-card', { has: page.locator('.product-name', { hasText: name }) });
  await expect(card.locator('.product-price')).toContainText('15');
  await expect(card.locator('.skin-sample')).toHaveAttribute('style', new RegExp(`--skin-frame:${frame}`));
});

test('a member sees 403 on the staff page', async ({ page }) => {
  const m: Member = await apiMember(page.request, 'user');
  await login(page, m.email, PASSWORD);
  const res = await page.goto('/admin/shop');
  expect(res!.status()).toBe(403);
  await expect(page.locator('.new-product')).toHaveCount(0);
});
