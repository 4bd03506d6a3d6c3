import { APIRequestContext, expect, Frame, Page, test } from './helpers';
import { randomBytes } from 'crypto';
import * as http from 'http';
import { AddressInfo } from 'net';
import { apiMember, hydrated, login, Member, ORIGIN, PASSWORD } from './helpers';

// "minihompy로 로그인" (docs/design/oauth-provider.md): the developer console, and a real
// third-party app (a tiny web server started by the test, on its own port) that signs a
// member in through /oauth/authorize, the consent screen, /oauth/token and /oauth/userinfo.

const BASE = (process.env.BASE_URL || ORIGIN).replace(/\/$/, '');

async function visit(page: Page, url: string) {
  await page.goto(url);
  await hydrated(page);
}

const random = () => randomBytes(12).toString('hex');

const escapeHtml = (s: string) =>
  s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

const escapeRegExp = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** A call to the token endpoint from a server (no cookies, no Origin), with HTTP Basic client auth. */
async function tokenCall(clientId: string, secret: string, form: Record<string, string>) {
  const basic = Buffer.from(`${encodeURIComponent(clientId)}:${encodeURIComponent(secret)}`).toString('base64');
  return fetch(`${BASE}/oauth/token`, {
    method: 'POST',
    headers: { Authorization: `Basic ${basic}`, Accept: 'application/json' },
    body: new URLSearchParams(form),
  });
}

type ThirdPartyApp = {
  port: number;
  /** The app's home page, `http://127.0.0.1:<port>/`. */
  url: string;
  redirectUri: string;
  setClient(id: string, secret: string): void;
  close(): Promise<void>;
};

/**
 * A tiny third-party web app (the OAuth *client*, not our code): a "minihompy로 로그인" link,
 * a callback that exchanges the code and reads userinfo, and `/me`, which reads userinfo
 * again with the access token it kept.
 */
async function startThirdPartyApp(): Promise<ThirdPartyApp> {
  let client: { id: string; secret: string } | null = null;
  const states = new Set<string>();
  let accessToken: string | null = null;
  let port = 0;
  const redirectUri = () => `http://127.0.0.1:${port}/callback`;

  const page = (title: string, body: string) =>
    `<!doctype html><html lang="ko"><head><meta charset="utf-8"><title>${escapeHtml(title)}</title></head><body>${body}</body></html>`;
  const send = (res: http.ServerResponse, status: number, html: string) => {
    res.writeHead(status, { 'Content-Type': 'text/html; charset=utf-8', 'Cache-Control': 'no-store' });
    res.end(html);
  };
  const userinfo = (token: string) => fetch(`${BASE}/oauth/userinfo`, { headers: { Authorization: `Bearer ${token}` } });

  async function handle(req: http.IncomingMessage, res: http.ServerResponse) {
    const url = new URL(req.url || '/', `http://127.0.0.1:${port}`);
    if (url.pathname === '/') {
      if (!client) return send(res, 503, page('준비 중', '<p id="error">client not set</p>'));
      const state = random();
      states.add(state);
      const q = new URLSearchParams({
        response_type: 'code',
        client_id: client.id,
        redirect_uri: redirectUri(),
        scope: 'openid profile email',
        state,
        nonce: random(),
      });
      // URLSearchParams writes spaces as '+'; the brief's link spells them %20.
      const href = `${BASE}/oauth/authorize?${q.toString().replace(/\+/g, '%20')}`;
      return send(res, 200, page('테스트 앱', `<h1>테스트 앱</h1><a href="${escapeHtml(href)}">minihompy로 로그인</a>`));
    }
    if (url.pathname === '/callback') {
      const state = url.searchParams.get('state') || '';
      if (!states.delete(state)) return send(res, 400, page('오류', '<p id="error">state 불일치</p>'));
      const error = url.searchParams.get('error');
      if (error) return send(res, 200, page('로그인 실패', `<p id="error">${escapeHtml(error)}</p>`));
      if (!client) return send(res, 503, page('준비 중', '<p id="error">client not set</p>'));
      const tokenRes = await tokenCall(client.id, client.secret, {
        grant_type: 'authorization_code',
        code: url.searchParams.get('code') || '',
        redirect_uri: redirectUri(),
      });
      if (!tokenRes.ok) {
        return send(res, 502, page('오류', `<p id="error">token ${tokenRes.status} ${escapeHtml(await tokenRes.text())}</p>`));
      }
      const tokens = (await tokenRes.json()) as { access_token: string };
      accessToken = tokens.access_token;
      const infoRes = await userinfo(accessToken);
      if (!infoRes.ok) return send(res, 502, page('오류', `<p id="error">userinfo ${infoRes.status}</p>`));
      const info = (await infoRes.json()) as { sub: string; name: string | null; email: string | null };
      return send(
        res,
        200,
        page(
          '로그인됨',
          `<h1>안녕하세요, ${escapeHtml(info.name ?? '')}님</h1>` +
            `<p id="email">${escapeHtml(info.email ?? '이메일 없음')}</p>` +
            `<p id="sub">${escapeHtml(String(info.sub))}</p>`,
        ),
      );
    }
    if (url.pathname === '/me') {
      if (!accessToken) return send(res, 200, page('나', '<p id="me">토큰 없음</p>'));
      const infoRes = await userinfo(accessToken);
      if (!infoRes.ok) return send(res, 200, page('나', `<p id="me">거부됨 ${infoRes.status}</p>`));
      const info = (await infoRes.json()) as { name: string | null };
      return send(res, 200, page('나', `<p id="me">ok ${escapeHtml(info.name ?? '')}</p>`));
    }
    send(res, 404, page('없음', '<p>not found</p>'));
  }

  const server = http.createServer((req, res) => {
    handle(req, res).catch((e) => {
      if (!res.headersSent) send(res, 500, page('오류', `<p id="error">${escapeHtml(String(e))}</p>`));
      else res.end();
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  port = (server.address() as AddressInfo).port;
  return {
    port,
    url: `http://127.0.0.1:${port}/`,
    redirectUri: redirectUri(),
    setClient(id: string, secret: string) {
      client = { id, secret };
    },
    close() {
      // The browser keeps connections alive; drop them so close() returns.
      server.closeAllConnections();
      return new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

/** Registers a confidential app through the console's REST API (name required, email optional). */
async function registerApp(request: APIRequestContext, owner: Member, name: string, app: ThirdPartyApp) {
  const res = await request.post('/api/oauth/apps', {
    headers: owner.headers,
    data: {
      name,
      homepage: app.url,
      redirectUris: [app.redirectUri],
      clientType: 'CONFIDENTIAL',
      items: { name: 'REQUIRED', email: 'OPTIONAL', gender: 'NONE', birthdate: 'NONE', phone: 'NONE' },
    },
  });
  expect(res.status(), await res.text()).toBe(201);
  const body = await res.json();
  const clientId: string = body.app.clientId;
  const clientSecret: string = body.clientSecret;
  expect(clientId).toMatch(/^[0-9a-f]{32}$/);
  expect(clientSecret).toBeTruthy();
  app.setClient(clientId, clientSecret);
  return clientId;
}

/** A developer with an app pointing at a freshly started third-party app, and a member who signs in to it. */
async function setUp(page: Page) {
  const tiny = await startThirdPartyApp();
  try {
    // The developer first: apiMember signs the shared request context in as the member it
    // makes, and the registration goes out with the developer's own cookie and token.
    const dev = await apiMember(page.request, 'dev');
    const appName = `테스트 앱 ${random().slice(0, 6)}`;
    const clientId = await registerApp(page.request, dev, appName, tiny);
    const member = await apiMember(page.request, 'oauser');
    await login(page, member.email, PASSWORD);
    return { tiny, dev, member, appName, clientId };
  } catch (e) {
    await tiny.close();
    throw e;
  }
}

const consentUrl = new RegExp(`^${escapeRegExp(BASE)}/oauth/consent\\?request=`);

/** From the third-party app's home page to our consent screen, hydrated. */
async function startLogin(page: Page, tiny: ThirdPartyApp) {
  await page.goto(tiny.url);
  await page.getByRole('link', { name: 'minihompy로 로그인' }).click();
  await expect(page).toHaveURL(consentUrl);
  await hydrated(page);
}

test('register an app in the developer console', async ({ page }) => {
  const m = await apiMember(page.request, 'dev');
  await login(page, m.email, PASSWORD);
  await visit(page, '/developers');
  await expect(page.getByText('등록한 앱이 없습니다.')).toBeVisible();

  const name = `내 테스트 앱 ${random().slice(0, 6)}`;
  const form = page.locator('form.app-form');
  await form.locator('input[name=name]').fill(name);
  const homepage = form.locator('input[name=homepage]');
  await expect(homepage).toHaveValue('https://');
  await homepage.clear();
  await homepage.fill('https://example.com/my-app');
  const uris = form.locator('textarea[name=redirect_uris]');
  await form.locator('select[name=item-email]').selectOption('OPTIONAL');
  await form.locator('select[name=item-birthdate]').selectOption('REQUIRED');

  // A redirect URI that is neither https nor this machine's http is refused, and nothing is made.
  await uris.fill('http://evil.example/cb');
  await form.getByRole('button', { name: '앱 등록' }).click();
  await expect(form.locator('.field-error[data-field=redirectUris]')).toContainText('https');
  await expect(page.getByTestId('new-secret')).toHaveCount(0);
  await expect(page.locator('li.oauth-app')).toHaveCount(0);
  const none = await page.request.get('/api/oauth/apps', { headers: m.headers });
  expect(none.status()).toBe(200);
  expect(await none.json()).toEqual([]);

  await uris.fill('https://example.com/my-app/callback\nhttp://127.0.0.1:8080/callback');
  await form.getByRole('button', { name: '앱 등록' }).click();
  const box = page.getByTestId('new-secret');
  await expect(box).toBeVisible();
  await expect(box).toContainText('한 번만 표시됩니다');
  await expect(box.getByTestId('new-client-id')).toHaveText(/^[0-9a-f]{32}$/);
  await expect(box.getByTestId('client-secret')).toHaveText(/\S/);
  const clientId = (await box.getByTestId('new-client-id').innerText()).trim();
  const secret = (await box.getByTestId('client-secret').innerText()).trim();
  expect(secret.length).toBeGreaterThan(20);

  const card = page.locator('li.oauth-app', { hasText: name });
  await expect(card).toHaveCount(1);
  await expect(card.getByTestId('client-id')).toHaveText(clientId);
  await expect(card).toContainText('https://example.com/my-app/callback');
  await expect(card).toContainText('http://127.0.0.1:8080/callback');
  await expect(card).toContainText('이메일 (선택)');
  await expect(card).toContainText('생년월일 (필수)');

  // A logo, through the one picture pipeline: shown squared to 128×128 from our files.
  await card.getByRole('button', { name: '수정', exact: true }).click();
  const ONE_PIXEL = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==', 'base64');
  await card.getByLabel('앱 로고 파일').setInputFiles({ name: 'logo.png', mimeType: 'image/png', buffer: ONE_PIXEL });
  const logo = card.locator('img[alt="앱 로고"]');
  await expect(logo).toHaveAttribute('src', /^\/files\/oauth\/[0-9a-f]{32}\.png$/);
  await expect.poll(() => logo.evaluate((i: HTMLImageElement) => i.naturalWidth)).toBe(128);

  // The secret authenticates the app at the token endpoint (the code is bogus, so the
  // answer is a grant error, not a client error).
  const withSecret = await tokenCall(clientId, secret, { grant_type: 'authorization_code', code: 'nope', redirect_uri: 'https://example.com/my-app/callback' });
  expect(withSecret.status).toBe(400);

  // A new secret: shown once on the card, different, and the old one stops working.
  await card.getByRole('button', { name: '시크릿 재발급' }).click();
  const rotated = card.getByTestId('client-secret');
  await expect(rotated).toHaveText(/\S/);
  await expect(rotated).not.toHaveText(secret);
  await expect(card.getByTestId('new-client-id')).toHaveText(clientId);
  const newSecret = (await rotated.innerText()).trim();
  expect(newSecret).not.toBe(secret);
  expect((await tokenCall(clientId, secret, { grant_type: 'authorization_code', code: 'nope', redirect_uri: 'https://example.com/my-app/callback' })).status).toBe(401);
  expect((await tokenCall(clientId, newSecret, { grant_type: 'authorization_code', code: 'nope', redirect_uri: 'https://example.com/my-app/callback' })).status).toBe(400);

  // Delete, after the confirmation.
  await card.getByRole('button', { name: '삭제', exact: true }).click();
  await card.getByRole('button', { name: '정말 삭제 (토큰도 모두 무효)' }).click();
  await expect(page.locator('li.oauth-app', { hasText: name })).toHaveCount(0);
  await expect(page.getByText('등록한 앱이 없습니다.')).toBeVisible();
  expect((await tokenCall(clientId, newSecret, { grant_type: 'authorization_code', code: 'nope', redirect_uri: 'https://example.com/my-app/callback' })).status).toBe(401);
});

test('sign in to a third-party app with minihompy로 로그인, then revoke it', { tag: '@mobile' }, async ({ page }) => {
  test.setTimeout(90_000);
  const { tiny, dev, member, appName } = await setUp(page);
  try {
    await startLogin(page, tiny);
    const consent = page.locator('section.consent');
    await expect(consent.getByRole('heading', { level: 1 })).toContainText('에 minihompy 계정으로 로그인');
    await expect(consent.getByRole('heading', { level: 1 })).toContainText(appName);
    await expect(consent).toContainText(`만든 사람: ${dev.nickname}`);
    const nameItem = page.locator('input[name=item][value=name]');
    const emailItem = page.locator('input[name=item][value=email]');
    await expect(nameItem).toBeChecked();
    await expect(emailItem).not.toBeChecked();
    await emailItem.check();
    await consent.getByRole('button', { name: '동의하고 계속하기' }).click();

    // Back on the app, which exchanged the code and read the member's (not the developer's) profile.
    await expect(page).toHaveURL(new RegExp(`^${escapeRegExp(tiny.url)}callback\\?`));
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('안녕하세요, 테스트님');
    await expect(page.locator('#email')).toHaveText(member.email);
    await expect(page.locator('#sub')).toHaveText(String(member.id));

    // A second sign-in asks nothing: the consent screen is skipped.
    const visited: string[] = [];
    const onNavigated = (f: Frame) => {
      if (f === page.mainFrame()) visited.push(f.url());
    };
    page.on('framenavigated', onNavigated);
    await page.goto(tiny.url);
    await page.getByRole('link', { name: 'minihompy로 로그인' }).click();
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('안녕하세요, 테스트님');
    page.off('framenavigated', onNavigated);
    await expect(page).toHaveURL(new RegExp(`^${escapeRegExp(tiny.url)}callback\\?`));
    expect(visited.filter((u) => u.includes('/oauth/consent'))).toEqual([]);
    await expect(page.locator('#email')).toHaveText(member.email);
    await expect(page.locator('#sub')).toHaveText(String(member.id));

    // The app's kept token works...
    await page.goto(`${tiny.url}me`);
    await expect(page.locator('#me')).toHaveText('ok 테스트');

    // ...until the member disconnects the app in 내 정보 > 연결된 앱.
    await visit(page, '/account');
    const section = page.locator('#connected-apps');
    const item = section.locator('li.connected-app', { hasText: appName });
    await expect(item).toBeVisible();
    await expect(item).toContainText('이름, 이메일');
    await item.getByRole('button', { name: '연결 해제' }).click();
    await expect(item).toHaveCount(0);
    await expect(section.getByText('연결된 앱이 없습니다.')).toBeVisible();

    await page.goto(`${tiny.url}me`);
    await expect(page.locator('#me')).toHaveText('거부됨 401');
  } finally {
    await tiny.close();
  }
});

test('deny on the consent screen sends the member back with access_denied', async ({ page }) => {
  const { tiny, member, appName } = await setUp(page);
  try {
    await startLogin(page, tiny);
    const consent = page.locator('section.consent');
    await expect(consent.getByRole('heading', { level: 1 })).toContainText(`${appName}에 minihompy 계정으로 로그인`);
    await consent.getByRole('button', { name: '취소', exact: true }).click();
    await expect(page).toHaveURL(new RegExp(`^${escapeRegExp(tiny.url)}callback\\?`));
    await expect(page.locator('#error')).toHaveText('access_denied');
    // Nothing was connected.
    const connections = await page.request.get('/api/oauth/connections', { headers: member.headers });
    expect(connections.status()).toBe(200);
    expect(await connections.json()).toEqual([]);
  } finally {
    await tiny.close();
  }
});
