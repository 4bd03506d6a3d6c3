import { expect, test } from './helpers';
import { hydrated } from './helpers';

// Every other test fails on any Content-Security-Policy violation (helpers.ts); these show
// the policy is really there and enforced.

test('pages and API answers carry the security headers', async ({ request }) => {
  const page = await request.get('/');
  const policy = page.headers()['content-security-policy'];
  expect(policy).toMatch(/script-src 'self' 'nonce-[A-Za-z0-9_-]{16,}' 'wasm-unsafe-eval'/);
  expect(policy).toContain("frame-ancestors 'none'");
  const html = await page.text();
  const nonce = /'nonce-([A-Za-z0-9_-]+)'/.exec(policy)![1];
  expect(html).toContain(`nonce="${nonce}"`);
  const again = (await request.get('/')).headers()['content-security-policy'];
  expect(again).not.toBe(policy);
  const api = await request.get('/api/openapi.json');
  for (const res of [page, api]) {
    expect(res.headers()['x-content-type-options']).toBe('nosniff');
    expect(res.headers()['referrer-policy']).toBe('strict-origin-when-cross-origin');
    expect(res.headers()['permissions-policy']).toContain('camera=(self)');
    expect(res.headers()['permissions-policy']).toContain('microphone=(self)');
  }
  expect(api.headers()['content-security-policy']).toContain("default-src 'none'");
});

test.describe('a script that is not ours', () => {
  test.use({ allowCspViolations: true });

  test('an injected inline script does not run, and the browser says why', async ({ page }) => {
    const refused: string[] = [];
    page.on('console', (m) => {
      if (/Content Security Policy/.test(m.text())) refused.push(m.text());
    });
    await page.goto('/');
    await hydrated(page);
    const ran = await page.evaluate(async () => {
      const s = document.createElement('script');
      s.textContent = 'window.__injected = true';
      document.body.append(s);
      await new Promise((r) => setTimeout(r, 100));
      return (window as unknown as { __injected?: boolean }).__injected === true;
    });
    expect(ran).toBe(false);
    await expect.poll(() => refused.length).toBeGreaterThan(0);
    expect(refused[0]).toContain('script-src');
    // The page itself still works: hydrated, with its own scripts.
    await expect(page.locator('body')).toHaveAttribute('data-hydrated', 'true');
  });
});
