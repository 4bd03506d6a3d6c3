import { expect, Page, test } from './helpers';
import { apiMember, hydrated, login, Member, otherPage, PASSWORD } from './helpers';

// Two members in two browser contexts (desktop, and two phones in the mobile project).
// Rooms that only set the scene are opened through the REST API.

const SECOND = process.env.BASE_URL_2; // the second app instance (scripts/test starts it)

async function openRoom(request: any, a: Member, b: Member): Promise<string> {
  const res = await request.post('/api/chat/rooms', { headers: a.headers, data: { withUserId: b.id } });
  expect(res.status()).toBe(200);
  return (await res.json()).roomId;
}

async function signedIn(page: Page, m: Member, path: string) {
  await login(page, m.email, PASSWORD);
  await page.goto(path);
  await hydrated(page);
}

/** Types a message and sends it with Enter. */
async function say(page: Page, text: string) {
  await page.getByLabel('메시지', { exact: true }).fill(text);
  await page.getByLabel('메시지', { exact: true }).press('Enter');
}

const sent = (page: Page, text: string) => page.locator('li.chat-msg[data-state=sent]', { hasText: text });

test('two members chat both ways, with live read markers, unread counts and typing', { tag: '@mobile' }, async ({ page, browser, request }, info) => {
  test.setTimeout(90_000);
  const a = await apiMember(request, 'CA');
  const b = await apiMember(request, 'CB');
  const pb = await otherPage(browser, info);

  // B starts the chat from A's homepage.
  await signedIn(pb, b, `/hompy/${a.id}`);
  await pb.getByRole('button', { name: '💬 채팅하기' }).click();
  await expect(pb).toHaveURL(/\/chat\/dm-\d+-\d+$/);
  await hydrated(pb);
  await expect(pb.locator('.conv-who .room-name')).toHaveText(a.nickname);
  const room = new URL(pb.url()).pathname.split('/').pop()!;

  // A waits on the home page: the top bar's unread badge counts live.
  await signedIn(page, a, '/');
  await say(pb, '안녕 A, 홈피 보고 왔어');
  await expect(sent(pb, '안녕 A, 홈피 보고 왔어')).toBeVisible();
  await expect(pb.getByTestId('unread-mark')).toHaveCount(1);
  await expect(page.getByTestId('chat-unread')).toHaveText('1');
  await say(pb, '두 번째 메시지');
  await expect(page.getByTestId('chat-unread')).toHaveText('2');

  // A's room list: newest first, with the unread count; opening the room reads it and
  // clears B's "1" markers at once.
  await page.goto('/chat');
  await hydrated(page);
  const item = page.locator(`.room-item[data-room="${room}"]`);
  await expect(item.getByTestId('room-unread')).toHaveText('2');
  await expect(item.locator('.room-last')).toHaveText('두 번째 메시지');
  await item.locator('a').click();
  await expect(page).toHaveURL(new RegExp(`/chat/${room}$`));
  await expect(sent(page, '안녕 A, 홈피 보고 왔어')).toBeVisible();
  await expect(page.locator('.chat-day').first()).toContainText('요일');
  await expect(pb.getByTestId('unread-mark')).toHaveCount(0);
  await expect(page.getByTestId('chat-unread')).toHaveCount(0);

  // A replies; B reads it live (B's page is open), so A's marker clears too.
  await page.getByLabel('메시지', { exact: true }).fill('반가워');
  await expect(pb.getByTestId('typing')).toBeVisible();
  await page.getByLabel('메시지', { exact: true }).press('Enter');
  await expect(sent(pb, '반가워')).toBeVisible();
  await expect(sent(page, '반가워')).toBeVisible();
  await expect(page.getByTestId('unread-mark')).toHaveCount(0);
  await expect(pb.getByTestId('presence')).toHaveText('● 접속 중');
  // Each message exactly once on both sides.
  for (const p of [page, pb]) await expect(p.locator('li.chat-msg')).toHaveCount(3);
});

test('a room read answered after the other member came online does not show them offline again', async ({ page, browser, request }, info) => {
  test.setTimeout(60_000);
  const a = await apiMember(request, 'SA');
  const b = await apiMember(request, 'SB');
  const room = await openRoom(request, a, b);
  // The room reads itself again after each reconnect. Here that read is made while B is
  // offline and answered only after B's presence event has arrived: a slow answer.
  let release!: () => void;
  const released = new Promise<void>((r) => (release = r));
  let reads = 0;
  const roomRead = (url: URL) => url.pathname === '/sfn/chat/room';
  await page.route(roomRead, async (route) => {
    reads++;
    const response = await route.fetch();
    await released;
    await route.fulfill({ response });
  });
  await signedIn(page, a, `/chat/${room}`);
  await expect(page.getByTestId('presence')).toHaveText('○ 오프라인');
  await page.context().setOffline(true);
  await expect(page.locator('.conn-banner.offline')).toBeVisible();
  await page.context().setOffline(false);
  await expect.poll(() => reads).toBeGreaterThan(0);
  const pb = await otherPage(browser, info);
  await signedIn(pb, b, `/chat/${room}`);
  await expect(page.getByTestId('presence')).toHaveText('● 접속 중');
  const answered = page.waitForResponse((r) => roomRead(new URL(r.url())));
  release();
  await answered;
  // The old answer must not win: give the page a moment to apply it, then look.
  await page.waitForTimeout(500);
  await expect(page.getByTestId('presence')).toHaveText('● 접속 중');
});

test('a member who was offline catches up in order, and their own pending message goes out once', async ({ page, browser, request }, info) => {
  test.setTimeout(90_000);
  const a = await apiMember(request, 'OA');
  const b = await apiMember(request, 'OB');
  const room = await openRoom(request, a, b);
  const pb = await otherPage(browser, info);
  await signedIn(page, a, `/chat/${room}`);
  await signedIn(pb, b, `/chat/${room}`);
  await expect(page.getByTestId('presence')).toHaveText('● 접속 중');

  await pb.context().setOffline(true);
  await expect(pb.locator('.conn-banner.offline')).toBeVisible();
  await expect(page.getByTestId('presence')).toHaveText('○ 오프라인');
  for (const n of [1, 2, 3]) {
    await say(page, `없는 동안 ${n}`);
    await expect(sent(page, `없는 동안 ${n}`)).toBeVisible();
  }
  await say(pb, '오프라인에서 썼어');
  await expect(pb.locator('li.chat-msg[data-state=pending]', { hasText: '오프라인에서 썼어' })).toBeVisible();
  await expect(pb.locator('li.chat-msg', { hasText: '없는 동안' })).toHaveCount(0);

  await pb.context().setOffline(false);
  await expect(pb.locator('li.chat-msg', { hasText: '없는 동안' })).toHaveCount(3);
  await expect(pb.locator('li.chat-msg', { hasText: '없는 동안' })).toHaveText([/없는 동안 1/, /없는 동안 2/, /없는 동안 3/]);
  await expect(sent(pb, '오프라인에서 썼어')).toBeVisible();
  await expect(sent(page, '오프라인에서 썼어')).toHaveCount(1);
  await expect(page.locator('li.chat-msg', { hasText: '오프라인에서 썼어' })).toHaveCount(1);
  // What was missed is read now: A's markers clear.
  await expect(page.getByTestId('unread-mark')).toHaveCount(0);
});

test('a stretch of messages missed live is fetched on the next reconnect, though later ones came live', async ({ page, request }) => {
  test.setTimeout(90_000);
  const a = await apiMember(request, 'GA');
  const b = await apiMember(request, 'GB');
  const room = await openRoom(request, a, b);
  // A's socket passes through this route: while `dropping`, the events of B's first two
  // messages are lost on the way (as when an instance's Redis link is down).
  let dropping = true;
  const links: any[] = [];
  await page.routeWebSocket(/\/ws$/, (ws) => {
    const server = ws.connectToServer();
    links.push(ws);
    server.onMessage((m) => {
      if (!(dropping && String(m).includes('놓친'))) ws.send(m);
    });
    ws.onMessage((m) => server.send(m));
  });
  await signedIn(page, a, `/chat/${room}`);
  await expect(page.getByTestId('presence')).toBeVisible();

  // B sends over REST at its rate limit: two missed, then more than the catch-up's margin
  // of 20 that do arrive.
  let sentCount = 0;
  const post = async (text: string) => {
    const clientId = `gap-${++sentCount}`;
    for (;;) {
      const res = await request.post(`/api/chat/rooms/${room}/messages`, { headers: b.headers, data: { clientId, text } });
      if (res.status() !== 429) return expect(res.ok(), await res.text()).toBe(true);
      await new Promise((r) => setTimeout(r, 300));
    }
  };
  for (const t of ['놓친 1', '놓친 2']) await post(t);
  for (let n = 1; n <= 24; n++) await post(`뒤에 ${n}`);
  await expect(page.locator('li.chat-msg', { hasText: '뒤에 24' })).toBeVisible();
  await expect(page.locator('li.chat-msg', { hasText: '놓친' })).toHaveCount(0);

  // The socket drops and comes back: the hello makes the page catch up from before the gap.
  dropping = false;
  const before = links.length;
  await links[before - 1].close();
  await expect.poll(() => links.length).toBe(before + 1);
  await expect(page.locator('li.chat-msg', { hasText: '놓친' })).toHaveText([/놓친 1/, /놓친 2/], { timeout: 20_000 });
  await expect(page.locator('li.chat-msg', { hasText: '뒤에' })).toHaveCount(24);
});

test('presence that changed while my socket was away is read again when it reconnects', async ({ page, browser, request }, info) => {
  test.setTimeout(60_000);
  const a = await apiMember(request, 'PA');
  const b = await apiMember(request, 'PB');
  const room = await openRoom(request, a, b);
  const pb = await otherPage(browser, info);
  await signedIn(page, a, `/chat/${room}`);
  await signedIn(pb, b, `/chat/${room}`);
  await expect(page.getByTestId('presence')).toHaveText('● 접속 중');

  // A's socket goes away; meanwhile B leaves, and the event saying so cannot reach A.
  await page.context().setOffline(true);
  await expect(page.locator('.conn-banner.offline')).toBeVisible();
  await pb.context().close();
  await expect
    .poll(async () => {
      const rooms = await (await request.get('/api/chat/rooms', { headers: a.headers })).json();
      return rooms.find((r: any) => r.roomId === room)?.otherOnline;
    })
    .toBe(false);
  await expect(page.getByTestId('presence')).toHaveText('● 접속 중');

  await page.context().setOffline(false);
  await expect(page.getByTestId('presence')).toHaveText('○ 오프라인');
});

test('sending too fast shows a cool-down and every message still arrives once; blocking stops messages', async ({ page, browser, request }, info) => {
  test.setTimeout(90_000);
  const a = await apiMember(request, 'RA');
  const b = await apiMember(request, 'RB');
  const room = await openRoom(request, a, b);
  await signedIn(page, a, `/chat/${room}`);
  // Eight messages in one go (faster than any typist): five fit in the per-second limit.
  await page.evaluate(() => {
    const box = document.querySelector('textarea[aria-label="메시지"]') as HTMLTextAreaElement;
    for (let i = 1; i <= 8; i++) {
      box.value = `연타 ${i}`;
      box.dispatchEvent(new Event('input', { bubbles: true }));
      box.form!.requestSubmit();
    }
  });
  await expect(page.getByTestId('cooldown')).toBeVisible();
  await expect(page.locator('li.chat-msg[data-state=sent]', { hasText: '연타' })).toHaveCount(8, { timeout: 20_000 });
  await expect(page.locator('li.chat-msg[data-state=pending]')).toHaveCount(0);
  const stored = await (await request.get(`/api/chat/rooms/${room}/messages`, { headers: b.headers })).json();
  expect(stored.map((m: any) => m.text)).toEqual([1, 2, 3, 4, 5, 6, 7, 8].map((i) => `연타 ${i}`));

  const pb = await otherPage(browser, info);
  await signedIn(pb, b, `/chat/${room}`);
  await page.getByRole('button', { name: '차단', exact: true }).click();
  await expect(page.locator('.blocked-note')).toBeVisible();
  await say(pb, '차단됐어?');
  await expect(pb.locator('li.chat-msg[data-state=failed]')).toContainText('상대방이 대화를 받지 않습니다.');
  await expect(page.locator('li.chat-msg', { hasText: '차단됐어?' })).toHaveCount(0);
});

test('a voice message recorded with the fake microphone is sent and plays on the other side', async ({ page, browser, request }, info) => {
  test.setTimeout(90_000);
  const a = await apiMember(request, 'VA');
  const b = await apiMember(request, 'VB');
  const room = await openRoom(request, a, b);
  const pb = await otherPage(browser, info);
  await signedIn(page, a, `/chat/${room}`);
  await signedIn(pb, b, `/chat/${room}`);
  await page.getByRole('button', { name: '음성 메시지 녹음' }).click();
  await expect(page.getByTestId('recording')).toContainText('/ 5:00');
  // At least two seconds: on a busy machine the counter may jump past 0:02 between checks.
  await expect(page.getByTestId('recording')).toContainText(/0:0[2-9] \//, { timeout: 6_000 });
  await page.getByRole('button', { name: '녹음 보내기' }).click();
  const mine = page.locator('li.chat-msg[data-state=sent] audio');
  await expect(mine).toHaveCount(1, { timeout: 15_000 });
  // The sender sees the clip's length at once (a recorded WebM carries none of its own).
  await expect(page.locator('.voice-duration')).toHaveText(/^0:00 \/ 0:(0[2-9]|1\d)$/);
  const theirs = pb.locator('li.chat-msg audio');
  await expect(theirs).toHaveCount(1);
  await expect(pb.locator('.voice-duration')).toHaveText(/^0:00 \/ 0:(0[2-9]|1\d)$/);
  await pb.getByRole('button', { name: '음성 메시지 재생' }).click();
  await expect.poll(() => theirs.evaluate((el: HTMLAudioElement) => el.currentTime), { timeout: 10_000 }).toBeGreaterThan(0.2);
  await expect(pb.getByRole('button', { name: '음성 메시지 일시정지' })).toBeVisible();
  await expect(pb.locator('.voice-progress')).not.toHaveAttribute('value', '0', { timeout: 5_000 });
  expect(await theirs.evaluate((el: HTMLAudioElement) => el.error)).toBeNull();
});

test('members on two different app instances chat both ways', async ({ page, browser, request }, info) => {
  test.skip(!SECOND, 'BASE_URL_2 (the second instance) is set by scripts/test');
  test.setTimeout(90_000);
  const a = await apiMember(request, 'IA');
  const b = await apiMember(request, 'IB');
  const room = await openRoom(request, a, b);
  const pb = await otherPage(browser, info, SECOND);
  await signedIn(page, a, `/chat/${room}`);
  await signedIn(pb, b, `/chat/${room}`);
  expect(new URL(pb.url()).port).not.toBe(new URL(page.url()).port);
  await expect(page.getByTestId('presence')).toHaveText('● 접속 중');
  await say(page, '1번 서버에서');
  await expect(sent(pb, '1번 서버에서')).toBeVisible();
  await expect(page.getByTestId('unread-mark')).toHaveCount(0);
  await say(pb, '2번 서버에서');
  await expect(sent(page, '2번 서버에서')).toBeVisible();
  await expect(pb.getByTestId('unread-mark')).toHaveCount(0);
});

test('scrolling up loads older messages page by page', async ({ page, request }) => {
  test.setTimeout(60_000);
  const a = await apiMember(request, 'HA');
  const b = await apiMember(request, 'HB');
  const room = await openRoom(request, a, b);
  // 40 messages through the API: five a second per member, so both write at once.
  for (let round = 0; round < 4; round++) {
    const sends = [];
    for (let i = 0; i < 5; i++) {
      for (const m of [a, b]) {
        sends.push(request.post(`/api/chat/rooms/${room}/messages`, {
          headers: m.headers, data: { clientId: `h-${round}-${i}-${m.id}`, text: `기록 ${round}-${i}` },
        }));
      }
    }
    for (const r of await Promise.all(sends)) expect(r.status()).toBe(200);
    await new Promise((r) => setTimeout(r, 1100));
  }
  await signedIn(page, a, `/chat/${room}`);
  const items = page.locator('li.chat-msg');
  await expect(items).toHaveCount(30);
  const seqs = async () => (await items.evaluateAll((els) => els.map((e) => Number(e.getAttribute('data-seq')))));
  const newest = await seqs();
  await page.locator('.messages').evaluate((el) => { el.scrollTop = 0; el.dispatchEvent(new Event('scroll')); });
  await expect(items).toHaveCount(40);
  const all = await seqs();
  expect(all).toEqual([...all].sort((x, y) => x - y));
  expect(all.slice(10)).toEqual(newest);
  await expect(page.getByRole('button', { name: '이전 메시지 보기' })).toHaveCount(0);
});

test('a member found on the chat page gets a new room', { tag: '@mobile' }, async ({ page, request }) => {
  const a = await apiMember(request, 'SA');
  const b = await apiMember(request, 'SB');
  await signedIn(page, a, '/chat');
  await expect(page.getByText('아직 대화가 없어요.')).toBeVisible();
  await page.getByLabel('대화할 회원 찾기').fill(b.nickname);
  await page.getByRole('button', { name: '찾기' }).click();
  const hit = page.locator('.chat-hits li', { hasText: b.nickname });
  await expect(hit).toHaveCount(1);
  await hit.getByRole('button', { name: '💬 채팅하기' }).click();
  await expect(page).toHaveURL(/\/chat\/dm-\d+-\d+$/);
  await expect(page.locator('.conv-who .room-name')).toHaveText(b.nickname);
  await say(page, '처음 인사해요');
  await expect(sent(page, '처음 인사해요')).toBeVisible();
  await expect(page.locator('.room-item', { hasText: b.nickname }).locator('.room-last')).toHaveText('처음 인사해요');
});
