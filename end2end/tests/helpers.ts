import { expect, Page } from '@playwright/test';

/** Waits until the WASM app has hydrated the page (App sets body[data-hydrated]). */
export async function hydrated(page: Page) {
  await expect(page.locator('body')).toHaveAttribute('data-hydrated', 'true', { timeout: 15_000 });
}

export const isMobile = (projectName: string) => projectName === 'mobile';
