import { APIRequestContext, Browser, expect, Page, test, TestInfo } from './helpers';
import { apiMember, hydrated, login, ORIGIN, otherPage, PASSWORD } from './helpers';

// 1:1 video calls between two members of a chat room, each on its own app instance when
// scripts/test runs two. Chromium runs with a fake camera and microphone (see
// playwright.config.ts); with no STUN/TURN configured the two pages connect over host
// candidates.

/** Resolves when the page's next socket to /ws has said hello (signals can flow). */
function socketReady(p: Page): Promise<void> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('no hello on /ws')), 20_000);
    p.on('websocket', (ws) => {
      if (!new URL(ws.url()).pathname.endsWith('/ws')) return;
      ws.on('framereceived', (f) => {
        if (String(f.payload).includes('"type":"hello"')) {
          clearTimeout(timer);
          resolve();
        }
      });
    });
  });
}

async function openRoom(p: Page, roomId: string) {
  const ready = socketReady(p);
  await p.goto(`/chat/${roomId}`);
  await hydrated(p);
  await ready;
  await expect(p.getByTestId('call-button')).toBeVisible();
}

/** A (on `page`) and B (on a second page) in their shared chat room, camera allowed. */
async function scene(page: Page, browser: Browser, request: APIRequestContext, info: TestInfo, prefix: string) {
  const a = await apiMember(request, `${prefix}A`);
  const b = await apiMember(request, `${prefix}B`);
  const res = await request.post('/api/chat/rooms', { headers: a.headers, data: { withUserId: b.id } });
  expect([200, 201]).toContain(res.status());
  const { roomId } = await res.json();
  // B is served by the second app instance when there is one: signaling crosses Redis.
  const second = process.env.BASE_URL_2;
  const pb = await otherPage(browser, info, second);
  await page.context().grantPermissions(['camera', 'microphone'], { origin: ORIGIN });
  await pb.context().grantPermissions(['camera', 'microphone'], { origin: second ?? ORIGIN });
  await login(page, a.email, PASSWORD);
  await login(pb, b.email, PASSWORD);
  await openRoom(page, roomId);
  await openRoom(pb, roomId);
  return { a, b, pb };
}

/** The remote video shows decoded frames. */
const remoteFrames = (p: Page) =>
  p.evaluate(() => {
    const v = document.querySelector('#remote-video') as HTMLVideoElement | null;
    return !!v && v.videoWidth > 0 && (v.getVideoPlaybackQuality?.().totalVideoFrames ?? 0) > 0;
  });

test('video call: ring, accept, connect, mute, camera off, hang up', { tag: '@mobile' }, async ({ page, browser, request }, info) => {
  test.setTimeout(120_000);
  const { a, pb } = await scene(page, browser, request, info, 'V');

  await page.getByTestId('call-button').click();
  await expect(page.getByTestId('outgoing-call')).toContainText('님을 부르는 중');
  const incoming = pb.getByTestId('incoming-call');
  await expect(incoming).toBeVisible();
  await expect(incoming).toHaveAttribute('role', 'dialog');
  await expect(incoming).toContainText(`${a.nickname}님의 영상통화`);
  await incoming.getByRole('button', { name: '수락', exact: true }).click();
  await expect(incoming).toHaveCount(0);

  for (const p of [page, pb]) {
    await expect(p.getByTestId('call-view')).toHaveAttribute('data-pc-state', 'connected', { timeout: 20_000 });
  }
  for (const p of [page, pb]) {
    await expect.poll(() => remoteFrames(p), { timeout: 15_000 }).toBe(true);
  }
  const view = page.getByTestId('call-view');
  await expect(view.getByTestId('call-status')).toHaveText(/^\d{2}:\d{2}$/);

  // A mutes and turns the camera off: the buttons flip and the local tracks are disabled.
  await view.getByRole('button', { name: '음소거', exact: true }).click();
  await expect(view.getByRole('button', { name: '음소거 해제', exact: true })).toBeVisible();
  await view.getByRole('button', { name: '카메라 끄기', exact: true }).click();
  await expect(view.getByRole('button', { name: '카메라 켜기', exact: true })).toBeVisible();
  expect(
    await page.evaluate(() => {
      const s = (document.querySelector('#local-video') as HTMLVideoElement).srcObject as MediaStream;
      return s.getAudioTracks().every((t) => !t.enabled) && s.getVideoTracks().every((t) => !t.enabled);
    }),
  ).toBe(true);
  // The call stays up.
  await expect(page.getByTestId('call-view')).toHaveAttribute('data-pc-state', 'connected');

  // B hangs up: both sides end.
  await pb.getByTestId('call-view').getByRole('button', { name: '끊기', exact: true }).click();
  for (const p of [pb, page]) {
    await expect(p.getByTestId('call-ended')).toHaveText('통화가 종료되었습니다.');
    await expect(p.getByTestId('call-view')).toHaveCount(0);
  }
  // The notice goes away and the camera is released.
  for (const p of [page, pb]) {
    await expect(p.getByTestId('call-ended')).toHaveCount(0, { timeout: 10_000 });
    await expect(p.locator('#local-video, #remote-video, #call-preview')).toHaveCount(0);
  }
  await pb.context().close();
});

test('a declined call tells the caller', async ({ page, browser, request }, info) => {
  test.setTimeout(90_000);
  const { pb } = await scene(page, browser, request, info, 'D');

  await page.getByTestId('call-button').click();
  await expect(page.getByTestId('outgoing-call')).toBeVisible();
  const incoming = pb.getByTestId('incoming-call');
  await expect(incoming).toBeVisible();
  await incoming.getByRole('button', { name: '거절', exact: true }).click();
  await expect(incoming).toHaveCount(0);
  await expect(page.getByText('상대방이 통화를 거절했습니다.')).toBeVisible();
  await expect(page.getByTestId('outgoing-call')).toHaveCount(0);
  await pb.context().close();
});

test('a refused call tells the caller why, matched by its request id', async ({ page, browser, request }, info) => {
  test.setTimeout(90_000);
  const { a, b, pb } = await scene(page, browser, request, info, 'R');
  // B blocks A while A's room is open: A's page still offers the call.
  const res = await request.put(`/api/chat/blocks/${a.id}`, { headers: b.headers });
  expect(res.status()).toBe(204);
  await page.getByTestId('call-button').click();
  await expect(page.getByText('상대방이 대화를 받지 않습니다.')).toBeVisible();
  await expect(page.getByTestId('outgoing-call')).toHaveCount(0);
  await expect(pb.getByTestId('incoming-call')).toHaveCount(0);
  await pb.context().close();
});
