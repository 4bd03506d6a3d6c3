import { test, expect, bundleFiles } from './helpers';

test('static files are served precompressed and cached for a year when named by content', async ({ request }) => {
  const html = await (await request.get('/login')).text();
  const wasm = bundleFiles(html)?.wasm;
  expect(wasm, 'the page names its content-hashed WASM file').toBeTruthy();
  const css = html.match(/\/pkg\/minihompy\.[A-Za-z0-9_-]{22}\.css/)?.[0];
  expect(css, 'the page names its content-hashed stylesheet').toBeTruthy();
  for (const encoding of ['br', 'gzip']) {
    const res = await request.get(wasm!, { headers: { 'Accept-Encoding': encoding } });
    expect(res.status()).toBe(200);
    expect(res.headers()['content-encoding']).toBe(encoding);
    expect(res.headers()['cache-control']).toBe('public, max-age=31536000, immutable');
    expect(res.headers()['vary']?.toLowerCase()).toContain('accept-encoding');
  }
  // A file whose name does not change with its content is revalidated.
  const icon = await request.get('/favicon.svg');
  expect(icon.status()).toBe(200);
  expect(icon.headers()['cache-control']).toBe('no-cache');
});
