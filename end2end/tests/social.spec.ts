import { expect, test } from './helpers';
import { apiMember, hydrated, login, PASSWORD, uniqueEmail } from './helpers';

// Social login (docs/design/social-login.md). In tests the `minihompy` registration is this
// site's own OAuth provider, so the whole round trip runs here: a member of the provider
// signs up a new account through "minihompy로 로그인" and completes what it did not give.

test('sign up with the minihompy social login and complete the missing fields', async ({ page }) => {
  // The person at the provider: an existing member (their email is taken here, so the new
  // account needs another one, and gender and birth date were never given).
  const provider = await apiMember(page.request, 'sp');
  await login(page, provider.email, PASSWORD);

  await page.goto('/signup');
  await hydrated(page);
  await page.getByRole('link', { name: 'minihompy로 로그인' }).click();

  // The provider's consent screen for the site's own login app.
  await expect(page).toHaveURL(/\/oauth\/consent\?request=/);
  await hydrated(page);
  await expect(page.getByRole('heading', { level: 1 })).toContainText('에 minihompy 계정으로 로그인');
  await expect(page.locator('input[name=item][value=name]')).toBeChecked();
  await page.getByRole('button', { name: '동의하고 계속하기' }).click();

  // Back on the site: the completion form asks for what is missing.
  await expect(page).toHaveURL(/\/signup\/social$/);
  await hydrated(page);
  const form = page.locator('#social-signup-form');
  await expect(form.getByLabel('이름')).toHaveValue('테스트');
  await expect(form.getByLabel('이메일', { exact: true })).toHaveValue('');
  const email = uniqueEmail('social');
  await form.getByLabel('이메일', { exact: true }).fill(email);
  await form.getByLabel('성별').selectOption('FEMALE');
  await form.getByLabel('생년월일').fill('2000-05-06');
  // The terms and the privacy notice must be agreed to, as on the email signup.
  await form.getByRole('button', { name: '가입하기' }).click();
  await expect(form.locator('.field-error[data-field=agreeTerms]')).toContainText('이용약관에 동의해 주세요');
  await expect(page).toHaveURL(/\/signup\/social$/);
  await form.getByLabel('이용약관에 동의합니다').check();
  await form.getByLabel('개인정보 처리방침에 동의합니다').check();
  await form.getByRole('button', { name: '가입하기' }).click();

  // Signed in as the new member, with minihompy linked.
  await expect(page).toHaveURL(/\/$/);
  await page.goto('/account');
  await hydrated(page);
  await expect(page.locator('.account')).toContainText(email);
  const link = page.locator('#social-links li[data-provider=minihompy]');
  await expect(link).toContainText('연결됨');
  // An account made by a provider has no password: its only way in cannot be unlinked.
  await link.getByRole('button', { name: '연결 해제' }).click();
  await expect(page.locator('#social-links .form-error')).toContainText('마지막 로그인 방법');
  await expect(link).toContainText('연결됨');
  // The agreements are on record with their versions.
  await expect(page.locator('#consents .consent')).toHaveCount(2);
  await expect(page.locator('#consents')).not.toContainText('아직 동의하지 않았습니다');
});

test('a forged social login callback is refused on the login page', async ({ page }) => {
  await page.goto('/login/oauth2/code/minihompy?code=stolen&state=made-up');
  await expect(page).toHaveURL(/\/login\?socialError=/);
  await hydrated(page);
  await expect(page.getByRole('alert')).toContainText('다시 시도');
});
