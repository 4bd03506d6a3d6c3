import { defineConfig, devices } from '@playwright/test';

// Debian's chromium (Playwright cannot download its own browser here), with the flags
// this sandbox needs.
const launchOptions = {
  executablePath: process.env.CHROMIUM_PATH || '/usr/bin/chromium',
  args: [
    '--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
    '--disable-background-networking', '--disable-component-update', '--disable-sync',
    '--use-fake-device-for-media-stream', '--use-fake-ui-for-media-stream',
    // Voice messages are played from a test script, not a click.
    '--autoplay-policy=no-user-gesture-required',
  ],
};

export default defineConfig({
  testDir: './tests',
  // A loaded 2-core CI machine (site build 835 s instead of ~700) took a sign-up flow past 30 s.
  timeout: 60_000,
  expect: { timeout: 10_000 },
  workers: 2,
  retries: 0,
  forbidOnly: !!process.env.CI,
  outputDir: '../.data/test/playwright',
  reporter: [['list'], ['json', { outputFile: process.env.PW_JSON || '../.data/test/playwright.json' }]],
  use: {
    baseURL: process.env.BASE_URL || 'http://127.0.0.1:3100',
    launchOptions,
    locale: 'ko-KR',
    trace: 'retain-on-failure',
    screenshot: 'only-on-failure',
  },
  projects: [
    { name: 'desktop', use: { browserName: 'chromium', viewport: { width: 1280, height: 800 } } },
    {
      // The phone runs every page's layout check and the flows whose phone UI differs (the
      // menu, one chat pane at a time, the one-column homepage, the call view): tag @mobile.
      name: 'mobile',
      grep: /@mobile/,
      use: {
        ...devices['Pixel 7'],
        browserName: 'chromium',
        viewport: { width: 360, height: 740 },
      },
    },
  ],
});
