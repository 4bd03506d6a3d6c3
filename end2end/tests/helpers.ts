import { APIRequestContext, Browser, BrowserContext, expect, Page, request as playwrightRequest, test as base, TestInfo } from '@playwright/test';

export { expect };
export type { APIRequestContext, Browser, BrowserContext, Frame, Locator, Page, TestInfo } from '@playwright/test';

/** What this test's pages reported breaking the Content-Security-Policy (one worker runs one test at a time). */
const cspViolations: string[] = [];

/** Records every Content-Security-Policy violation any page of `ctx` logs. */
export function watchCsp(ctx: BrowserContext) {
  ctx.on('console', (m) => {
    if (/Content Security Policy/i.test(m.text())) cspViolations.push(`${m.text()} (${m.location().url})`);
  });
}

/**
 * Every test fails when a page it opened broke the Content-Security-Policy (the browser
 * logs each violation); a test that breaks it on purpose sets `allowCspViolations`.
 */
export const test = base.extend<{ allowCspViolations: boolean; cspWatch: void }>({
  allowCspViolations: [false, { option: true }],
  cspWatch: [
    async ({ context, allowCspViolations }, use) => {
      cspViolations.length = 0;
      watchCsp(context);
      await use();
      if (!allowCspViolations) expect(cspViolations, 'Content-Security-Policy violations').toEqual([]);
    },
    { auto: true },
  ],
});

/** What the page logged as errors since it was loaded: why it may not have hydrated. */
async function pageTrouble(page: Page): Promise<string> {
  const errors = (await page.pageErrors({ filter: 'since-navigation' })).map((e) => `pageerror: ${e.message}`);
  const logged = (await page.consoleMessages({ filter: 'since-navigation' }))
    .filter((m) => m.type() === 'error' || m.type() === 'warning')
    .map((m) => `console.${m.type()}: ${m.text()} (${m.location().url})`);
  const scripts = await page
    .evaluate(() =>
      performance
        .getEntriesByType('resource')
        .filter((r) => /\.(wasm|js)$/.test(r.name))
        .map((r) => {
          const t = r as PerformanceResourceTiming;
          return `${new URL(t.name).pathname} status=${t.responseStatus} ${Math.round(t.duration)} ms`;
        }),
    )
    .catch((e) => [`(no resource timings: ${e})`]);
  const lines = [...new Set([...errors, ...logged, ...scripts])];
  return lines.slice(0, 40).join('\n') || '(nothing logged)';
}

/**
 * Waits until the WASM app has hydrated the page (App sets body[data-hydrated]). A page
 * that has not hydrated in 20 s is loaded once more, and what it logged is printed and
 * attached to the test (a CI run once saw a page never hydrate and left no trace of why);
 * a second failure fails the test with that log.
 */
export async function hydrated(page: Page) {
  const body = page.locator('body');
  try {
    await expect(body).toHaveAttribute('data-hydrated', 'true', { timeout: 20_000 });
    return;
  } catch {
    // below: look at why, then try once more
  }
  const first = await pageTrouble(page);
  const info = test.info();
  info.annotations.push({ type: 'hydration-retry', description: `${page.url()}\n${first}` });
  console.warn(`[${info.title}] ${page.url()} did not hydrate in 20 s; loading it again. The page logged:\n${first}`);
  await page.reload();
  try {
    await expect(body).toHaveAttribute('data-hydrated', 'true', { timeout: 25_000 });
  } catch (e) {
    throw new Error(`${(e as Error).message}\n\nfirst load:\n${first}\n\nsecond load:\n${await pageTrouble(page)}`);
  }
}

/**
 * The main bundle's addresses as a page's HTML names them: the head's hydration script
 * (Leptos's, started after the first paint) is called with the package folder and the
 * content-hashed names of the JS and the WASM. Undefined when the page names none.
 */
export function bundleFiles(html: string): { js: string; wasm: string } | undefined {
  const m = html.match(/"(pkg)", "(minihompy\.[A-Za-z0-9_-]{22})", "(minihompy\.[A-Za-z0-9_-]{22})", false\)/);
  return m ? { js: `/${m[1]}/${m[2]}.js`, wasm: `/${m[1]}/${m[3]}.wasm` } : undefined;
}

export const isMobile = (projectName: string) => projectName === 'mobile';

import * as fs from 'fs';
import * as path from 'path';
import { randomUUID } from 'crypto';

export const DEMO_PASSWORD = 'minihompy-demo-1';

export function uniqueEmail(prefix = 'e2e') {
  return `${prefix}-${randomUUID().slice(0, 12)}@example.test`;
}

/** The decoded text of the newest mail the SMTP sink stored for `to` (scripts/test sets MAIL_DIR). */
export async function latestMail(to: string): Promise<string> {
  const dir = process.env.MAIL_DIR;
  if (!dir) throw new Error('MAIL_DIR is not set (run through scripts/test)');
  for (let i = 0; i < 100; i++) {
    const files = fs.readdirSync(dir).filter((f) => f.endsWith('.eml')).sort().reverse();
    for (const f of files) {
      const raw = fs.readFileSync(path.join(dir, f), 'utf8');
      // Addresses are stored (and mailed) in lower case.
      if (!raw.split('\n')[0].toLowerCase().includes(to.toLowerCase())) continue;
      const body = raw.replace(/\r\n/g, '\n').split('\n\n').slice(1).join('\n\n');
      return Buffer.from(body.replace(/\s+/g, ''), 'base64').toString('utf8');
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`no mail to ${to}`);
}

/** The newest text message the SMS sink stored for `phone` (scripts/test sets SMS_DIR). */
export async function latestSms(phone: string): Promise<string> {
  const dir = process.env.SMS_DIR;
  if (!dir) throw new Error('SMS_DIR is not set (run through scripts/test)');
  for (let i = 0; i < 100; i++) {
    const files = fs.existsSync(dir) ? fs.readdirSync(dir).sort().reverse() : [];
    for (const f of files) {
      const text = fs.readFileSync(path.join(dir, f), 'utf8');
      if (text.startsWith(`To: ${phone}\n`)) return text;
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`no SMS to ${phone}`);
}

/** On phones the top bar menu is behind a toggle. */
export async function openMenu(page: Page) {
  const toggle = page.locator('.menu-toggle');
  if (await toggle.isVisible()) {
    if ((await toggle.getAttribute('aria-expanded')) !== 'true') await toggle.click();
  }
}

/**
 * Signs the page's browser in through the REST API (cookies land in its context), then
 * opens the landing page. Tests about the login form itself use `loginWithForm`.
 */
export async function login(page: Page, email: string, password: string, keep = false) {
  await page.goto('/login');
  const origin = new URL(page.url()).origin; // the instance this page talks to
  const res = await page.request.post('/api/users/login', { headers: { Origin: origin }, data: { email, password, keepSignedIn: keep } });
  expect(res.status(), await res.text()).toBe(200);
  await page.goto('/');
  await hydrated(page);
}

/** Signs in by typing into the login form, as a member does. */
export async function loginWithForm(page: Page, email: string, password: string, keep = false) {
  await page.goto('/login');
  await hydrated(page);
  await page.getByLabel('이메일').fill(email);
  await page.getByLabel('비밀번호').fill(password);
  if (keep) await page.getByLabel('로그인 상태 유지').check();
  await page.getByRole('button', { name: '로그인' }).click();
  await expect(page).toHaveURL(/\/$/);
  await hydrated(page);
}

export async function logout(page: Page) {
  await openMenu(page);
  // Logging out reloads the page (on "/" too, so the URL alone cannot tell it happened):
  // wait for that load before looking at the new top bar.
  const reloaded = page.waitForEvent('load');
  await page.getByRole('button', { name: '로그아웃' }).click();
  await reloaded;
  await expect(page).toHaveURL(/\/$/);
  await hydrated(page);
  await openMenu(page);
  await expect(page.locator('#topnav').getByRole('link', { name: '로그인' })).toBeVisible();
}

/** Signs up through the page and verifies with the code from the SMTP sink. */
export async function signUp(page: Page, nickname: string): Promise<string> {
  const email = uniqueEmail();
  await page.goto('/signup');
  await hydrated(page);
  await expect(page.locator('.sandbox-note')).toBeVisible();
  await page.getByLabel('이메일', { exact: true }).fill(email);
  await page.getByLabel('비밀번호 (8자 이상)').fill('Sunny-Day-42!');
  await page.getByLabel('이름').fill('테스트');
  await page.getByLabel('닉네임').fill(nickname);
  await page.getByLabel('이용약관에 동의합니다').check();
  await page.getByLabel('개인정보 처리방침에 동의합니다').check();
  await page.getByRole('button', { name: '가입하고 인증 코드 받기' }).click();
  await expect(page).toHaveURL(/\/signup\/verify\?email=/);
  const code = (await latestMail(email)).match(/^\d{6}$/m)![0];
  await page.getByLabel('인증 코드').fill(code);
  await page.getByRole('button', { name: '인증하기' }).click();
  await expect(page.getByRole('status')).toHaveText('이메일 인증이 완료되었습니다.');
  return email;
}

/** The member id of a demo account, from the `sub` of a real login through the API. */
export async function memberId(request: APIRequestContext, email: string): Promise<number> {
  const res = await request.post('/api/users/login', { data: { email, password: DEMO_PASSWORD } });
  expect(res.status()).toBe(200);
  const { accessToken } = await res.json();
  const claims = JSON.parse(Buffer.from(accessToken.split('.')[1], 'base64url').toString('utf8'));
  return Number(claims.sub);
}

export const PASSWORD = 'Sunny-Day-42!';
export const ORIGIN = process.env.BASE_URL || 'http://127.0.0.1:3100';

/** A member made through the REST API (signup, login), with headers for further API calls. */
export type Member = { id: number; email: string; nickname: string; headers: Record<string, string> };

/**
 * Signs up through the REST API from a client with no cookies: a signed-in caller is
 * refused (403, as the accounts document has it), and test contexts keep earlier logins.
 */
export async function apiSignup(data: Record<string, unknown>): Promise<number> {
  const fresh = await playwrightRequest.newContext({ baseURL: ORIGIN });
  try {
    const res = await fresh.post('/api/users/signup', { data });
    expect(res.status(), await res.text()).toBe(201);
    return (await res.json()).id;
  } finally {
    await fresh.dispose();
  }
}

/** Enters the code mailed at signup: only members who did write what others see. */
export async function apiVerifyEmail(email: string): Promise<void> {
  const code = (await latestMail(email)).match(/^\d{6}$/m)![0];
  const fresh = await playwrightRequest.newContext({ baseURL: ORIGIN });
  try {
    const res = await fresh.post('/api/users/verify-email', { data: { email, code } });
    expect(res.status(), await res.text()).toBe(200);
  } finally {
    await fresh.dispose();
  }
}

export async function apiMember(request: APIRequestContext, prefix: string): Promise<Member> {
  const email = `${prefix}-${Math.random().toString(36).slice(2, 12)}@example.test`;
  const nickname = `${prefix}${Math.random().toString(36).slice(2, 7)}`;
  const id = await apiSignup({ email, password: PASSWORD, name: '테스트', nickname });
  await apiVerifyEmail(email);
  // The shared request context keeps the cookies of earlier logins, so Origin goes along.
  const login = await request.post('/api/users/login', { headers: { Origin: ORIGIN }, data: { email, password: PASSWORD } });
  const { accessToken } = await login.json();
  return { id, email, nickname, headers: { Authorization: `Bearer ${accessToken}`, Origin: ORIGIN } };
}

export async function otherPage(browser: Browser, info: TestInfo, baseURL?: string): Promise<Page> {
  const u = info.project.use;
  const ctx = await browser.newContext({
    baseURL: baseURL ?? u.baseURL, viewport: u.viewport, userAgent: u.userAgent, deviceScaleFactor: u.deviceScaleFactor,
    isMobile: u.isMobile, hasTouch: u.hasTouch, locale: 'ko-KR',
  });
  watchCsp(ctx);
  return ctx.newPage();
}

