import { test, expect, Page } from './helpers';
import { DEMO_PASSWORD, hydrated, login, memberId, openMenu, watchCsp } from './helpers';

// What a first visit costs a phone: the JavaScript and WASM the browser actually
// transferred (compressed, headers included) to show and hydrate a page, counted from the
// Resource Timing entries of a fresh browser context (no cache).
//
// Issue #12 asks for at most 250 KB on each of these pages. A guest's first load of each
// hydrates only its islands (docs/design/islands.md) and is held to it, and to a number of
// files (a build without the chunk folding of vendor/wasm_split_cli_support fetched over 200
// for a homepage when it hydrated the whole app).
const TARGET = 250_000;

async function scriptBytes(page: Page): Promise<{ total: number; files: string[] }> {
  return page.evaluate(() => {
    const entries = performance.getEntriesByType('resource') as PerformanceResourceTiming[];
    const code = entries.filter((e) => /\.(js|wasm)(\?|$)/.test(new URL(e.name).pathname));
    return {
      total: code.reduce((sum, e) => sum + e.transferSize, 0),
      files: code.map((e) => `${new URL(e.name).pathname} ${e.transferSize}`),
    };
  });
}

// Issue #14 (the OAuth provider's lazy route, the shell's social-login meta and the login
// page's social buttons) took the landing page from 318 to 327 KB, the login page from 329
// to 347 KB and a homepage from 496 to 516 KB: every lazy route adds loader code to the
// main bundle and reshuffles the shared chunks. Measured in its note; #12 must bring them down.
// Issue #15 (the community's lazy route with its own 15 addresses, and the top bar's 쪽지
// badge) took them to 345, 365 and 546 KB; the community then went down to two routes
// (`/community`, `/community/*rest`), which can only lower these.
// Issue #16 (시간표: two more routes, `/timetable` and `/timetable/*rest`, and the top
// bar's link) took them to 354, 377 and 563 KB (measured: 354.1, 377.1, 563.0).
// Issue #17 (가계부: `/ledger`, `/ledger/*rest` and the top bar's link) took them to 368.2,
// 392.0 and 586.3 KB: the main bundle grew from 271.7 to 282.4 KB brotli, more than two
// routes explain; finding what moved into it is #12's work.
// Issue #18 (내 정보's email, phone, block and consent sections, the homepage's 차단 button,
// `/policy/:doc` and `/guardian/:token`) took them to 374.3, 397.4 and 603.9 KB (measured
// in a clean-clone run); the homepage's share is the block button's server call.
// The top bar's "이메일 인증하기" link for unverified members added 0.2-0.3 KB to each
// (measured 375.2, 398.3, 604.8).
// One build measures differently from run to run: the login page took 66 files (398.9 KB)
// in one clean-clone run and 67 (399.0 KB) in the next, the homepage 228 or 229 (see
// code-splitting.md: the route's chunk preloads are in the head only in some responses).
// So each ceiling is 1 KB above the highest of session 21's runs (375.9, 399.0, 606.5).
// Session 22's chat catch-up (the synced seq, a refused catch-up tried again) and the
// pages' writes made under the page (`kit::page_action`) took them to 376.5, 399.9 and
// 607.4 KB.
// Session 26: each chunk's constants now go with it (the browser build links with
// --no-merge-data-segments; before, wasm-split kept all 300 KB of them in the main bundle),
// and the bundle measured is built by plain rustc as production's is (clippy-driver turns
// off the MIR optimisations): 319.0, 343.9 and 566.9 KB.
// Session 30: the small shared chunks folded into bigger ones (43, 61 and 220 chunk files
// before): 303.2 KB in 6 files, 301.9 KB in 6 and 454.8 KB in 14. The ceilings are about
// 1 KB above.
// Session 31: the chat socket's code became a chunk that only signed-in pages fetch (see the
// last test): 291.8 KB, 290.4 KB and 452.4 KB in 15 files (the homepage shares most of what
// left the main bundle, so its code now comes in one more chunk instead). Clean-clone runs
// gave 452.9 and 453.0 KB for the homepage, so its ceiling keeps 2 KB (session 30 saw the
// same build measure 1.3 KB apart on two machines).
// Session 32: a guest's `/` and `/login` hydrate their islands (the menu toggle, 파도타기, the
// login form) with the main bundle alone, 172.9 KB in 3 files each; the app became a chunk
// of its own (`hydrate_app`) that every other page fetches after the main bundle, and a
// homepage went to 486.6 KB in 16 files (the main bundle now also holds the islands, the
// login form among them). Then a guest's homepage became an islands page too (its BGM player
// an island): 184.0 KB in 3 files for each of the three.
// Session 33: the BGM's hand-over across a page load (`ui::kit::bgm`) took them to 185.4 KB.
// A member's pages hydrate the whole app: the main bundle, then the app's chunk
// (`hydrate_app`) and the chunks of the page's route. #12 names no figure for them; the
// ceiling keeps them from growing unseen. Session 33 measured a member's first load of a
// homepage (cold cache) at 487.6 KB in 16 files; the ceiling keeps about 2 KB, as the
// guests' did (the same build has measured up to 1.3 KB apart on two machines).
const MEMBER_HOMEPAGE = 490_000;
const home = async (request: any) => `/hompy/${await memberId(request, 'user1@minihompy.test')}`;
for (const [name, budget, maxFiles, path, member] of [
  ['the landing page', TARGET, 4, async () => '/', false],
  ['the login page', TARGET, 4, async () => '/login', false],
  // 459 KB before the shop; its homepage parts (skin, BGM player) and the top bar's 도토리
  // badge brought it to 496 KB (issue #13's note), the provider's route to 516 KB (#14).
  ['a homepage', TARGET, 4, home, false],
  ['a homepage a member opens', MEMBER_HOMEPAGE, 17, home, true],
] as const) {
  test(`${name} hydrates with at most ${budget / 1000} KB of code`, async ({ browser, request, baseURL }) => {
    const context = await browser.newContext();
    watchCsp(context);
    if (member) {
      // Signed in without loading a page, so the cache is as cold as a guest's.
      const res = await context.request.post('/api/users/login', {
        headers: { Origin: new URL(baseURL!).origin },
        data: { email: 'user2@minihompy.test', password: DEMO_PASSWORD },
      });
      expect(res.status(), await res.text()).toBe(200);
    }
    const page = await context.newPage();
    await page.goto(await path(request));
    await hydrated(page);
    const { total, files } = await scriptBytes(page);
    console.log(`${name}: ${total} bytes of JS and WASM in ${files.length} files (ceiling ${budget})`);
    expect(files.some((f) => f.includes('.wasm'))).toBe(true);
    expect(total, files.join('\n')).toBeLessThanOrEqual(budget);
    expect(files.length, files.join('\n')).toBeLessThanOrEqual(maxFiles);
    await context.close();
  });
}

// Leptos put a preload of each chunk a lazy route touched in the head of some responses
// and not others (225 on a homepage, which held a phone's first paint back by a second).
// The app keeps them out of every response, and the main script's and WASM's too: the
// hydration script fetches them once the page has painted (`HydrationAfterPaint`), so
// they do not share a slow network with the stylesheet and the pictures.
test('a page’s head preloads no code, in every response', async ({ request }) => {
  const home = `/hompy/${await memberId(request, 'user1@minihompy.test')}`;
  for (const path of ['/', '/login', home]) {
    for (let n = 0; n < 6; n++) {
      const html = await (await request.get(path)).text();
      const head = html.slice(0, html.indexOf('</head>'));
      const preloads = head.match(/<link[^>]*rel="(module)?preload"[^>]*>/g) ?? [];
      expect(preloads, `${path} (try ${n + 1})`).toEqual([]);
      // The hydration script is there, names the hashed bundle and waits for the first paint.
      expect(head).toMatch(/<script type="module" nonce="[^"]+">[^<]*"minihompy\.[\w-]+", "minihompy\.[\w-]+", false\)[^<]*first-contentful-paint/);
    }
  }
});

test('the main bundle is fetched after the page has painted', async ({ page, request }) => {
  for (const path of ['/', `/hompy/${await memberId(request, 'user1@minihompy.test')}`]) {
    await page.goto(path);
    await hydrated(page);
    const { paint, wasm } = await page.evaluate(() => ({
      paint: performance.getEntriesByName('first-contentful-paint')[0]?.startTime,
      wasm: (performance.getEntriesByType('resource') as PerformanceResourceTiming[])
        .find((e) => /\/minihompy\.[\w-]+\.wasm$/.test(new URL(e.name).pathname))?.startTime,
    }));
    expect(paint, path).toBeGreaterThan(0);
    expect(wasm, path).toBeGreaterThan(paint!);
  }
});

test('another area’s code arrives when its page is first opened', async ({ page }) => {
  // A page the whole app hydrates (a guest's `/` and `/login` hydrate only their islands).
  await page.goto('/search');
  await hydrated(page);
  await page.evaluate(() => ((window as any).stillHere = true));
  const before = new Set((await scriptBytes(page)).files.map((f) => f.split(' ')[0]));
  // Client-side navigation to the sign-up page fetches its chunk then.
  await openMenu(page);
  await page.locator('#topnav').getByRole('link', { name: '회원가입' }).click();
  await expect(page).toHaveURL(/\/signup$/);
  await expect(page.getByRole('button', { name: '가입하고 인증 코드 받기' })).toBeVisible();
  expect(await page.evaluate(() => (window as any).stillHere)).toBe(true);
  const after = (await scriptBytes(page)).files.map((f) => f.split(' ')[0]);
  const fetched = after.filter((f) => !before.has(f) && f.endsWith('.wasm'));
  expect(fetched.length, after.join('\n')).toBeGreaterThan(0);
});

// A guest's `/`, `/login` and homepage (홈 tab) hydrate only their islands (the menu toggle,
// 파도타기, the login form, the BGM player): the app's own chunk is not fetched, and what the
// islands do works. A member's `/` (and a guest's other pages) hydrate the whole app.
test('a guest’s landing, login and homepage hydrate their islands without the app’s code', async ({ browser, request }) => {
  const appChunk = (files: string[]) => files.filter((f) => /\/split_hydrate_app_[\w-]+\.[\w-]+\.wasm /.test(f));
  const guest = await browser.newContext();
  const page = await guest.newPage();
  const home = `/hompy/${await memberId(request, 'user1@minihompy.test')}`;
  for (const path of [home, '/', '/login']) {
    await page.goto(path);
    await hydrated(page);
    const { files } = await scriptBytes(page);
    expect(appChunk(files), `${path}\n${files.join('\n')}`).toEqual([]);
    expect(await page.locator('leptos-island').count(), path).toBeGreaterThan(0);
  }
  // The BGM player is an island: it plays on a guest's homepage (user1 has a track on).
  await page.goto(home);
  await hydrated(page);
  await page.locator('.bgm-player').getByRole('button', { name: '배경음악 재생' }).click();
  await expect(page.locator('.bgm-player')).toHaveAttribute('data-playing', 'true');
  await page.goto('/login');
  await hydrated(page);
  // The login form is an island: a wrong password gets the server's message under it.
  await page.getByLabel('이메일').fill('user1@minihompy.test');
  await page.getByLabel('비밀번호').fill('not-the-password');
  await page.getByRole('button', { name: '로그인' }).click();
  await expect(page.locator('.form-error')).toHaveText('이메일 또는 비밀번호가 올바르지 않습니다.');
  await expect(page).toHaveURL(/\/login$/);
  // A guest's other pages (a homepage's other tabs too) hydrate the app.
  await page.goto(`${home}/diary`);
  await hydrated(page);
  expect(appChunk((await scriptBytes(page)).files)).toHaveLength(1);
  await page.goto('/search');
  await hydrated(page);
  expect(appChunk((await scriptBytes(page)).files)).toHaveLength(1);
  await guest.close();

  const member = await browser.newContext();
  const signedIn = await member.newPage();
  await login(signedIn, 'user1@minihompy.test', DEMO_PASSWORD);
  expect(appChunk((await scriptBytes(signedIn)).files)).toHaveLength(1);
  await member.close();
});

// A guest's homepage is an islands page, so its other tabs are page loads: music that was
// playing is handed to the next page, which carries on from where it was, not from the start.
test('a guest’s BGM carries on from where it was when they open another tab', async ({ browser, request }) => {
  const guest = await browser.newContext();
  const page = await guest.newPage();
  const home = `/hompy/${await memberId(request, 'user1@minihompy.test')}`;
  await page.goto(home);
  await hydrated(page);
  const time = () => page.locator('audio.bgm-audio').evaluate((a: HTMLAudioElement) => a.currentTime);
  await page.locator('.bgm-player').getByRole('button', { name: '배경음악 재생' }).click();
  await expect.poll(time, { timeout: 10_000 }).toBeGreaterThan(1.5);
  const left = await time();
  await page.locator('.hompy-tabs').getByRole('link', { name: '다이어리' }).click();
  await expect(page).toHaveURL(new RegExp(`${home}/diary$`));
  await hydrated(page);
  await expect(page.locator('.bgm-player')).toHaveAttribute('data-playing', 'true');
  expect(await time()).toBeGreaterThanOrEqual(left - 0.1);
  await expect.poll(time, { timeout: 10_000 }).toBeGreaterThan(left + 0.3);
  // Paused music is not handed over: the next tab stays quiet until play is pressed.
  await page.locator('.bgm-player').getByRole('button', { name: '배경음악 일시정지' }).click();
  await expect(page.locator('.bgm-player')).toHaveAttribute('data-playing', 'false');
  await page.reload();
  await hydrated(page);
  await expect(page.locator('.bgm-player')).toHaveAttribute('data-playing', 'false');
  await expect(page.locator('audio.bgm-audio')).toHaveCount(0);
  await guest.close();
});

// The tab's chat socket (connecting, parsing frames, reconnecting) is a chunk of its own,
// fetched when a signed-in page opens it: a guest's first visit does not carry it.
test('a guest does not download the chat socket’s code; a member’s page fetches it and connects', async ({ browser, request }) => {
  const socketChunk = (files: string[]) => files.filter((f) => /\/split_open_socket_[\w-]+\.[\w-]+\.wasm /.test(f));
  const guest = await browser.newContext();
  const page = await guest.newPage();
  const sockets: string[] = [];
  page.on('websocket', (ws) => sockets.push(ws.url()));
  for (const path of ['/', '/login', `/hompy/${await memberId(request, 'user1@minihompy.test')}`]) {
    await page.goto(path);
    await hydrated(page);
    const { files } = await scriptBytes(page);
    expect(socketChunk(files), `${path}\n${files.join('\n')}`).toEqual([]);
  }
  expect(sockets).toEqual([]);
  await guest.close();

  const member = await browser.newContext();
  const signedIn = await member.newPage();
  const opened = signedIn.waitForEvent('websocket', (ws) => ws.url().endsWith('/ws'));
  await login(signedIn, 'user1@minihompy.test', DEMO_PASSWORD);
  await opened;
  const { files } = await scriptBytes(signedIn);
  expect(socketChunk(files), files.join('\n')).toHaveLength(1);
  await member.close();
});
