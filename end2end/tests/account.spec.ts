import { test, expect } from './helpers';
import { apiMember, hydrated, watchCsp, latestMail, latestSms, login, loginWithForm, logout, openMenu, signUp, uniqueEmail, DEMO_PASSWORD, ORIGIN } from './helpers';

const PASSWORD = 'Sunny-Day-42!';

test('sign up with the mailed code, log out, log in again', { tag: '@mobile' }, async ({ page }) => {
  const email = await signUp(page, '새싹회원');
  await page.getByRole('link', { name: '로그인하러 가기' }).click();
  await loginWithForm(page, email, PASSWORD, true);
  await openMenu(page);
  await expect(page.locator('#topnav .me')).toHaveText('새싹회원님');
  await logout(page);
  // A wrong password is refused with a message that does not say whether the email exists.
  await page.goto('/login');
  await hydrated(page);
  await page.getByLabel('이메일').fill(email);
  await page.getByLabel('비밀번호').fill('Wrong-Pass-99');
  await page.getByRole('button', { name: '로그인' }).click();
  await expect(page.locator('.form-error')).toHaveText('이메일 또는 비밀번호가 올바르지 않습니다.');
  await loginWithForm(page, email, PASSWORD);
  await openMenu(page);
  await expect(page.locator('#topnav .me')).toHaveText('새싹회원님');
});

test('signup shows problems next to the fields', async ({ page }) => {
  await page.goto('/signup');
  await hydrated(page);
  await page.getByLabel('이메일', { exact: true }).fill('user1@minihompy.test');
  await page.getByLabel('비밀번호 (8자 이상)').fill('password');
  await page.getByLabel('이름').fill('김');
  await page.getByLabel('닉네임').fill('닉네임');
  await page.getByRole('button', { name: '가입하고 인증 코드 받기' }).click();
  await expect(page.locator('.field-error[data-field="password"]')).toBeVisible();
  await expect(page.locator('.field-error[data-field="name"]')).toBeVisible();
  await expect(page.locator('.field-error[data-field="agreeTerms"]')).toHaveText('이용약관에 동의해 주세요.');
  await expect(page.locator('.field-error[data-field="agreePrivacy"]')).toHaveText('개인정보 처리방침에 동의해 주세요.');
  await page.getByLabel('비밀번호 (8자 이상)').fill('Sunny-Day-42!');
  await page.getByLabel('이름').fill('김철수');
  await page.getByLabel('이용약관에 동의합니다').check();
  await page.getByLabel('개인정보 처리방침에 동의합니다').check();
  await page.getByRole('button', { name: '가입하고 인증 코드 받기' }).click();
  await expect(page.locator('.field-error[data-field="email"]')).toHaveText('이미 가입된 이메일입니다.');
});

test('change the password on 내 정보, then log in with the new one', async ({ page }) => {
  const email = await signUp(page, '비번바꿈');
  await login(page, email, PASSWORD);
  await page.goto('/account');
  await hydrated(page);
  await expect(page.getByRole('heading', { name: '로그인된 기기' })).toBeVisible();
  await expect(page.locator('.session.current')).toHaveCount(1);
  // The device is named for people (browser · system), not by its raw User-Agent.
  const ua = await page.evaluate(() => navigator.userAgent);
  const system = ua.includes('Android') ? 'Android' : 'Linux';
  await expect(page.locator('.session.current .device')).toHaveText(`Chrome · ${system}`);
  await page.getByLabel('현재 비밀번호').fill('not-my-password');
  await page.getByLabel('새 비밀번호').fill('Rainy-Night-77!');
  await page.getByRole('button', { name: '비밀번호 변경' }).click();
  await expect(page.locator('.field-error[data-field="currentPassword"]')).toBeVisible();
  await page.getByLabel('현재 비밀번호').fill(PASSWORD);
  await page.getByRole('button', { name: '비밀번호 변경' }).click();
  await expect(page.getByText('비밀번호를 변경했습니다.')).toBeVisible();
  await logout(page);
  await loginWithForm(page, email, 'Rainy-Night-77!');
  await openMenu(page);
  await expect(page.locator('#topnav .me')).toHaveText('비번바꿈님');
});

test('change the email on 내 정보 with the code mailed to the new address', async ({ page, request }) => {
  const m = await apiMember(request, 'moving');
  await login(page, m.email, PASSWORD);
  await page.goto('/account');
  await hydrated(page);
  const section = page.locator('#email');
  await expect(section.locator('.current-email')).toContainText(m.email);
  await expect(section.locator('.sandbox-note')).toBeVisible();
  const moved = uniqueEmail('moved');
  await section.getByLabel('새 이메일').fill(moved);
  await section.getByLabel('계정 비밀번호').fill('not-my-password');
  await section.getByRole('button', { name: '인증 코드 보내기' }).click();
  await expect(section.locator('.field-error[data-field="password"]')).toHaveText('비밀번호가 올바르지 않습니다.');
  await section.getByLabel('계정 비밀번호').fill(PASSWORD);
  await section.getByRole('button', { name: '인증 코드 보내기' }).click();
  await expect(section.getByText(`${moved}(으)로 인증 코드를 보냈습니다.`, { exact: false })).toBeVisible();
  const code = (await latestMail(moved)).match(/^\d{6}$/m)![0];
  // A wrong code is refused and the address stays.
  await section.getByLabel('인증 코드').fill(code === '000000' ? '111111' : '000000');
  await section.getByRole('button', { name: '이메일 변경' }).click();
  await expect(section.locator('.field-error[data-field="code"]')).toBeVisible();
  await expect(section.locator('.current-email')).toContainText(m.email);
  await section.getByLabel('인증 코드').fill(code);
  await section.getByRole('button', { name: '이메일 변경' }).click();
  await expect(section.getByText('이메일을 변경했습니다.', { exact: false })).toBeVisible();
  await expect(section.locator('.current-email')).toContainText(moved);
  await expect(section.locator('.current-email')).toContainText('인증됨');
  // The old address is told; the new one signs in.
  expect(await latestMail(m.email)).toContain('바뀌었습니다');
  await logout(page);
  await loginWithForm(page, moved, PASSWORD);
  await openMenu(page);
  await expect(page.locator('#topnav .me')).toHaveText(`${m.nickname}님`);
});

test('add a mobile number on 내 정보 with the texted code', { tag: '@mobile' }, async ({ page, request }) => {
  const m = await apiMember(request, 'phoning');
  await login(page, m.email, PASSWORD);
  await page.goto('/account');
  await hydrated(page);
  const section = page.locator('#phone');
  await expect(section.locator('.current-phone')).toHaveText('등록된 번호가 없습니다.');
  await expect(section.locator('.sandbox-note')).toBeVisible();
  await section.getByLabel('새 휴대폰 번호').fill('02-123');
  await section.getByRole('button', { name: '인증 문자 보내기' }).click();
  await expect(section.locator('.field-error[data-field="phone"]')).toBeVisible();
  const digits = `010${String(Math.floor(Math.random() * 1e8)).padStart(8, '0')}`;
  const shown = `${digits.slice(0, 3)}-${digits.slice(3, 7)}-${digits.slice(7)}`;
  await section.getByLabel('새 휴대폰 번호').fill(shown);
  await section.getByRole('button', { name: '인증 문자 보내기' }).click();
  await expect(section.getByText(`${shown}(으)로 인증 문자를 보냈습니다.`, { exact: false })).toBeVisible();
  const code = (await latestSms(digits)).match(/\b(\d{6})\b/)![1];
  await section.getByLabel('인증 코드').fill(code);
  await section.getByRole('button', { name: '번호 인증' }).click();
  await expect(section.getByText('휴대폰 번호를 인증했습니다.')).toBeVisible();
  await expect(section.locator('.current-phone')).toHaveText(`${shown} · 인증됨`);
  // It stays after a reload (stored, not just shown).
  await page.reload();
  await hydrated(page);
  await expect(page.locator('#phone .current-phone')).toHaveText(`${shown} · 인증됨`);
});

test('a member under 14 signs in once the guardian agreed through the mailed link', async ({ page }) => {
  const email = uniqueEmail('kid');
  const guardian = uniqueEmail('parent');
  const birth = new Date();
  birth.setFullYear(birth.getFullYear() - 10);
  await page.goto('/signup');
  await hydrated(page);
  await page.getByLabel('이메일', { exact: true }).fill(email);
  await page.getByLabel('비밀번호 (8자 이상)').fill(PASSWORD);
  await page.getByLabel('이름').fill('김어린');
  await page.getByLabel('닉네임').fill('어린이');
  await page.getByLabel('생년월일').fill(birth.toISOString().slice(0, 10));
  await page.getByLabel('이용약관에 동의합니다').check();
  await page.getByLabel('개인정보 처리방침에 동의합니다').check();
  await page.getByRole('button', { name: '가입하고 인증 코드 받기' }).click();
  await expect(page.locator('.field-error[data-field="guardianEmail"]')).toContainText('보호자 이메일이 필요합니다');
  await page.getByLabel('보호자 이메일').fill(guardian);
  await page.getByRole('button', { name: '가입하고 인증 코드 받기' }).click();
  await expect(page).toHaveURL(/\/signup\/verify\?email=/);
  const code = (await latestMail(email)).match(/^\d{6}$/m)![0];
  await page.getByLabel('인증 코드').fill(code);
  await page.getByRole('button', { name: '인증하기' }).click();
  await expect(page.getByRole('status')).toHaveText('이메일 인증이 완료되었습니다.');

  // Before the guardian agrees, login says why it cannot go on.
  await page.goto('/login');
  await hydrated(page);
  await page.getByLabel('이메일').fill(email);
  await page.getByLabel('비밀번호').fill(PASSWORD);
  await page.getByRole('button', { name: '로그인' }).click();
  await expect(page.locator('.form-error')).toContainText('보호자 동의를 기다리고 있습니다');

  const link = (await latestMail(guardian)).split('\n').find((l) => l.includes('/guardian/'))!.trim();
  await page.goto(new URL(link).pathname);
  await hydrated(page);
  await expect(page.getByText('김어린(어린이) 님이 minihompy에 가입하며')).toBeVisible();
  await page.getByRole('button', { name: '동의합니다' }).click();
  await expect(page.getByRole('status')).toHaveText('동의가 완료되었습니다. 이제 자녀가 로그인할 수 있습니다.');

  await loginWithForm(page, email, PASSWORD);
  await openMenu(page);
  await expect(page.locator('#topnav .me')).toHaveText('어린이님');
  await page.goto('/account');
  await hydrated(page);
  await expect(page.locator('#consents .consent-doc')).toHaveText(['보호자 동의', '개인정보 처리방침', '이용약관']);
});

test('reset a forgotten password through the mailed link', async ({ page }) => {
  const email = await signUp(page, '비번잊음');
  await page.goto('/account/reset');
  await hydrated(page);
  await page.getByLabel('가입한 이메일').fill(email);
  await page.getByRole('button', { name: '재설정 링크 받기' }).click();
  await expect(page.getByRole('status')).toContainText('재설정 링크를 보냈습니다');
  const link = (await latestMail(email)).match(/https?:\/\/\S+\/account\/reset\/[0-9a-f]{64}/)![0];
  await page.goto(new URL(link).pathname);
  await hydrated(page);
  await page.getByLabel('새 비밀번호').fill('Snowy-Morning-88!');
  await page.getByRole('button', { name: '변경하기' }).click();
  await expect(page.getByRole('status')).toContainText('비밀번호를 바꿨습니다');
  // The link works once.
  await page.goto(new URL(link).pathname);
  await hydrated(page);
  await page.getByLabel('새 비밀번호').fill('Another-Try-99!');
  await page.getByRole('button', { name: '변경하기' }).click();
  await expect(page.locator('.form-error')).toContainText('만료되었거나 이미 사용되었습니다');
  await loginWithForm(page, email, 'Snowy-Morning-88!');
});

test('an admin changes a member role and suspends them', async ({ page, browser }) => {
  const email = await signUp(page, '역할대상');
  await login(page, 'admin@minihompy.test', DEMO_PASSWORD);
  await page.goto('/admin');
  await hydrated(page);
  await page.getByLabel('회원 검색').fill(email);
  await page.getByRole('button', { name: '검색' }).click();
  const row = page.locator(`tr[data-email="${email}"]`);
  await expect(row).toBeVisible();
  await row.getByLabel('역할').selectOption('STAFF');
  await expect(page.getByRole('status')).toHaveText('역할을 바꿨습니다.');
  await page.reload();
  await hydrated(page);
  await page.getByLabel('회원 검색').fill(email);
  await page.getByRole('button', { name: '검색' }).click();
  await expect(row.getByLabel('역할')).toHaveValue('STAFF');
  await row.getByRole('button', { name: '정지', exact: true }).click();
  await expect(row.locator('.status')).toHaveText('정지');

  // The suspended member cannot log in.
  const other = await browser.newContext();
  watchCsp(other);
  const p2 = await other.newPage();
  await p2.goto('/login');
  await hydrated(p2);
  await p2.getByLabel('이메일').fill(email);
  await p2.getByLabel('비밀번호').fill(PASSWORD);
  await p2.getByRole('button', { name: '로그인' }).click();
  await expect(p2.locator('.form-error')).toContainText('이용이 정지된 계정');
  await other.close();
});

test('members who are not admins are refused the admin page', async ({ page }) => {
  await login(page, 'user2@minihompy.test', DEMO_PASSWORD);
  await page.goto('/admin');
  await hydrated(page);
  await expect(page.locator('.form-error')).toHaveText('권한이 없습니다.');
  await expect(page.locator('table.admin-users')).toHaveCount(0);
});

// A 64×48 PNG made for this test.
const PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAEAAAAAwCAIAAAAuKetIAAAWf0lEQVR4nA3PEWO0AACA4YMgOAiCg4ODIAiC4CAIgoMgCIIgOAiCIAiCIAiCIAiCIAiCIAiCweCFwWAwGAwGg8FgMBh83/MPnsPhgHBAPHA8IB2QD5wOnA9cDigH1APaAf2AceB6wDxgHbAP3A44B9wD3gH/QHAgPHA/EB2IDyQH0gPZgfxAcaA8UB2oDzQH2gPdgf7AcGA8MB2YDywH1gPbgf3Aw4HHAxx4OvB84OXA64G3A+8HPg58Hvg68H3g58Dvgb8Dh4OAICAKHAUkAVngJHAWuAgoAqqAJqALGAJXAVPAErAFbgKOgCvgCfgCgUAocBeIBGKBRCAVyARygUKgFKgEaoFGoBXoBHqBQWAUmARmgUVgFdgEdoEHgUcBBJ4EngVeBF4F3gTeBT4EPgW+BL4FfgR+Bf6E/wERQUQUOYpIIrLISeQschFRRFQRTUQXMUSuIqaIJWKL3EQcEVfEE/FFApFQ5C4SicQiiUgqkonkIoVIKVKJ1CKNSCvSifQig8goMonMIovIKrKJ7CIPIo8iiDyJPIu8iLyKvIm8i3yIfIp8iXyL/Ij8ivyJ/wNHhCPikeMR6Yh85HTkfORyRDmiHtGO6EeMI9cj5hHriH3kdsQ54h7xjvhHgiPhkfuR6Eh8JDmSHsmO5EeKI+WR6kh9pDnSHumO9EeGI+OR6ch8ZDmyHtmO7Ecejjwe4cjTkecjL0dej7wdeT/yceTzyNeR7yM/R36P/B3/ByQECVHiKCFJyBInibPERUKRUCU0CV3CkLhKmBKWhC1xk3AkXAlPwpcIJEKJu0QkEUskEqlEJpFLFBKlRCVRSzQSrUQn0UsMEqPEJDFLLBKrxCaxSzxIPEog8STxLPEi8SrxJvEu8SHxKfEl8S3xI/Er8Sf9D8gIMqLMUUaSkWVOMmeZi4wio8poMrqMIXOVMWUsGVvmJuPIuDKejC8TyIQyd5lIJpZJZFKZTCaXKWRKmUqmlmlkWplOppcZZEaZSWaWWWRWmU1ml3mQeZRB5knmWeZF5lXmTeZd5kPmU+ZL5lvmR+ZX5k/+HzghnBBPHE9IJ+QTpxPnE5cTygn1hHZCP2GcuJ4wT1gn7BO3E84J94R3wj8RnAhP3E9EJ+ITyYn0RHYiP1GcKE9UJ+oTzYn2RHeiPzGcGE9MJ+YTy4n1xHZiP/Fw4vEEJ55OPJ94OfF64u3E+4mPE58nvk58n/g58Xvi7/Q/cEY4I545npHOyGdOZ85nLmeUM+oZ7Yx+xjhzPWOesc7YZ25nnDPuGe+MfyY4E565n4nOxGeSM+mZ7Ex+pjhTnqnO1GeaM+2Z7kx/ZjgznpnOzGeWM+uZ7cx+5uHM4xnOPJ15PvNy5vXM25n3Mx9nPs98nfk+83Pm98zf+X/ggnBBvHC8IF2QL5wunC9cLigX1AvaBf2CceF6wbxgXbAv3C44F9wL3gX/QnAhvHC/EF2ILyQX0gvZhfxCcaG8UF2oLzQX2gvdhf7CcGG8MF2YLywX1gvbhf3Cw4XHC1x4uvB84eXC64W3C+8XPi58Xvi68H3h58Lvhb/L/4CCoCAqHBUkBVnhpHBWuCgoCqqCpqArGApXBVPBUrAVbgqOgqvgKfgKgUKocFeIFGKFRCFVyBRyhUKhVKgUaoVGoVXoFHqFQWFUmBRmhUVhVdgUdoUHhUcFFJ4UnhVeFF4V3hTeFT4UPhW+FL4VfhR+Ff6U/wEVQUVUOapIKrLKSeWsclFRVFQVTUVXMVSuKqaKpWKr3FQcFVfFU/FVApVQ5a4SqcQqiUqqkqnkKoVKqVKp1CqNSqvSqfQqg8qoMqnMKovKqrKp7CoPKo8qqDypPKu8qLyqvKm8q3yofKp8qXyr/Kj8qvyp/wMagoaocdSQNGSNk8ZZ46KhaKgamoauYWhcNUwNS8PWuGk4Gq6Gp+FrBBqhxl0j0og1Eo1UI9PINQqNUqPSqDUajVaj0+g1Bo1RY9KYNRaNVWPT2DUeNB410HjSeNZ40XjVeNN41/jQ+NT40vjW+NH41fjT/gd0BB1R56gj6cg6J52zzkVH0VF1NB1dx9C56pg6lo6tc9NxdFwdT8fXCXRCnbtOpBPrJDqpTqaT6xQ6pU6lU+s0Oq1Op9PrDDqjzqQz6yw6q86ms+s86DzqoPOk86zzovOq86bzrvOh86nzpfOt86Pzq/On/w8YCAaiwdFAMpANTgZng4uBYqAaaAa6gWFwNTANLAPb4GbgGLgGnoFvEBiEBneDyCA2SAxSg8wgNygMSoPKoDZoDFqDzqA3GAxGg8lgNlgMVoPNYDd4MHg0wODJ4NngxeDV4M3g3eDD4NPgy+Db4Mfg1+DP+B+4IlwRrxyvSFfkK6cr5yuXK8oV9Yp2Rb9iXLleMa9YV+wrtyvOFfeKd8W/ElwJr9yvRFfiK8mV9Ep2Jb9SXCmvVFfqK82V9kp3pb8yXBmvTFfmK8uV9cp2Zb/ycOXxCleerjxfebnyeuXtyvuVjyufV76ufF/5ufJ75e/6P2AimIgmRxPJRDY5mZxNLiaKiWqimegmhsnVxDSxTGyTm4lj4pp4Jr5JYBKa3E0ik9gkMUlNMpPcpDApTSqT2qQxaU06k95kMBlNJpPZZDFZTTaT3eTB5NEEkyeTZ5MXk1eTN5N3kw+TT5Mvk2+TH5Nfkz/zf8BCsBAtjhaShWxxsjhbXCwUC9VCs9AtDIurhWlhWdgWNwvHwrXwLHyLwCK0uFtEFrFFYpFaZBa5RWFRWlQWtUVj0Vp0Fr3FYDFaTBazxWKxWmwWu8WDxaMFFk8WzxYvFq8WbxbvFh8WnxZfFt8WPxa/Fn/W/4CNYCPaHG0kG9nmZHO2udgoNqqNZqPbGDZXG9PGsrFtbjaOjWvj2fg2gU1oc7eJbGKbxCa1yWxym8KmtKlsapvGprXpbHqbwWa0mWxmm8VmtdlsdpsHm0cbbJ5snm1ebF5t3mzebT5sPm2+bL5tfmx+bf7s/4Ebwg3xxvGGdEO+cbpxvnG5odxQb2g39BvGjesN84Z1w75xu+HccG94N/wbwY3wxv1GdCO+kdxIb2Q38hvFjfJGdaO+0dxob3Q3+hvDjfHGdGO+sdxYb2w39hsPNx5vcOPpxvONlxuvN95uvN/4uPF54+vG942fG783/m7/Aw6Cg+hwdJAcZIeTw9nh4qA4qA6ag+5gOFwdTAfLwXa4OTgOroPn4DsEDqHD3SFyiB0Sh9Qhc8gdCofSoXKoHRqH1qFz6B0Gh9FhcpgdFofVYXPYHR4cHh1weHJ4dnhxeHV4c3h3+HD4dPhy+Hb4cfh1+HP+B1wEF9Hl6CK5yC4nl7PLxUVxUV00F93FcLm6mC6Wi+1yc3FcXBfPxXcJXEKXu0vkErskLqlL5pK7FC6lS+VSuzQurUvn0rsMLqPL5DK7LC6ry+ayuzy4PLrg8uTy7PLi8ury5vLu8uHy6fLl8u3y4/Lr8uf+D3gIHqLH0UPykD1OHmePi4fioXpoHrqH4XH1MD0sD9vj5uF4uB6eh+8ReIQed4/II/ZIPFKPzCP3KDxKj8qj9mg8Wo/Oo/cYPEaPyWP2WDxWj81j93jwePTA48nj2ePF49XjzePd48Pj0+PL49vjx+PX48/7H/ARfESfo4/kI/ucfM4+Fx/FR/XRfHQfw+fqY/pYPrbPzcfxcX08H98n8Al97j6RT+yT+KQ+mU/uU/iUPpVP7dP4tD6dT+8z+Iw+k8/ss/isPpvP7vPg8+iDz5PPs8+Lz6vPm8+7z4fPp8+Xz7fPj8+vz5//PxAgBIgBxwApQA44BZwDLgFKgBqgBegBRsA1wAywAuyAW4AT4AZ4AX5AEBAG3AOigDggCUgDsoA8oAgoA6qAOqAJaAO6gD5gCBgDpoA5YAlYA7aAPeAh4DGAgKeA54CXgNeAt4D3gI+Az4CvgO+An4DfgL/gfyBECBFDjiFSiBxyCjmHXEKUEDVEC9FDjJBriBlihdghtxAnxA3xQvyQICQMuYdEIXFIEpKGZCF5SBFShlQhdUgT0oZ0IX3IEDKGTCFzyBKyhmwhe8hDyGMIIU8hzyEvIa8hbyHvIR8hnyFfId8hPyG/IX/h/8Ad4Y5453hHuiPfOd0537ncUe6od7Q7+h3jzvWOece6Y9+53XHuuHe8O/6d4E54534nuhPfSe6kd7I7+Z3iTnmnulPfae60d7o7/Z3hznhnujPfWe6sd7Y7+52HO493uPN05/nOy53XO2933u983Pm883Xn+87Pnd87f/f/gQghQow4RkgRcsQp4hxxiVAi1AgtQo8wIq4RZoQVYUfcIpwIN8KL8COCiDDiHhFFxBFJRBqRReQRRUQZUUXUEU1EG9FF9BFDxBgxRcwRS8QasUXsEQ8RjxFEPEU8R7xEvEa8RbxHfER8RnxFfEf8RPxG/EX/AzFCjBhzjJFi5JhTzDnmEqPEqDFajB5jxFxjzBgrxo65xTgxbowX48cEMWHMPSaKiWOSmDQmi8ljipgypoqpY5qYNqaL6WOGmDFmipljlpg1ZovZYx5iHmOIeYp5jnmJeY15i3mP+Yj5jPmK+Y75ifmN+Yv/BxKEBDHhmCAlyAmnhHPCJUFJUBO0BD3BSLgmmAlWgp1wS3AS3AQvwU8IEsKEe0KUECckCWlClpAnFAllQpVQJzQJbUKX0CcMCWPClDAnLAlrwpawJzwkPCaQ8JTwnPCS8JrwlvCe8JHwmfCV8J3wk/Cb8Jf8D6QIKWLKMUVKkVNOKeeUS4qSoqZoKXqKkXJNMVOsFDvlluKkuCleip8SpIQp95QoJU5JUtKULCVPKVLKlCqlTmlS2pQupU8ZUsaUKWVOWVLWlC1lT3lIeUwh5SnlOeUl5TXlLeU95SPlM+Ur5TvlJ+U35S/9H8gQMsSMY4aUIWecMs4ZlwwlQ83QMvQMI+OaYWZYGXbGLcPJcDO8DD8jyAgz7hlRRpyRZKQZWUaeUWSUGVVGndFktBldRp8xZIwZU8acsWSsGVvGnvGQ8ZhBxlPGc8ZLxmvGW8Z7xkfGZ8ZXxnfGT8Zvxl/2P5Aj5Ig5xxwpR8455ZxzLjlKjpqj5eg5Rs41x8yxcuycW46T4+Z4OX5OkBPm3HOinDgnyUlzspw8p8gpc6qcOqfJaXO6nD5nyBlzppw5Z8lZc7acPech5zGHnKec55yXnNect5z3nI+cz5yvnO+cn5zfnL/8f6BAKBALjgVSgVxwKjgXXAqUArVAK9ALjIJrgVlgFdgFtwKnwC3wCvyCoCAsuBdEBXFBUpAWZAV5QVFQFlQFdUFT0BZ0BX3BUDAWTAVzwVKwFmwFe8FDwWMBBU8FzwUvBa8FbwXvBR8FnwVfBd8FPwW/BX/F/0CJUCKWHEukErnkVHIuuZQoJWqJVqKXGCXXErPEKrFLbiVOiVvilfglQUlYci+JSuKSpCQtyUrykqKkLKlK6pKmpC3pSvqSoWQsmUrmkqVkLdlK9pKHkscSSp5KnkteSl5L3kreSz5KPku+Sr5Lfkp+S/7K/4EKoUKsOFZIFXLFqeJccalQKtQKrUKvMCquFWaFVWFX3CqcCrfCq/Argoqw4l4RVcQVSUVakVXkFUVFWVFV1BVNRVvRVfQVQ8VYMVXMFUvFWrFV7BUPFY8VVDxVPFe8VLxWvFW8V3xUfFZ8VXxX/FT8VvxV/wM1Qo1Yc6yRauSaU8255lKj1Kg1Wo1eY9Rca8waq8auudU4NW6NV+PXBDVhzb0mqolrkpq0JqvJa4qasqaqqWuamramq+lrhpqxZqqZa5aatWar2Wseah5rqHmqea55qXmteat5r/mo+az5qvmu+an5rfmr/wcahAax4dggNcgNp4Zzw6VBaVAbtAa9wWi4NpgNVoPdcGtwGtwGr8FvCBrChntD1BA3JA1pQ9aQNxQNZUPVUDc0DW1D19A3DA1jw9QwNywNa8PWsDc8NDw20PDU8Nzw0vDa8Nbw3vDR8Nnw1fDd8NPw2/DX/A+0CC1iy7FFapFbTi3nlkuL0qK2aC16i9FybTFbrBa75dbitLgtXovfErSELfeWqCVuSVrSlqwlbylaypaqpW5pWtqWrqVvGVrGlqllblla1patZW95aHlsoeWp5bnlpeW15a3lveWj5bPlq+W75aflt+Wv/R/oEDrEjmOH1CF3nDrOHZcOpUPt0Dr0DqPj2mF2WB12x63D6XA7vA6/I+gIO+4dUUfckXSkHVlH3lF0lB1VR93RdLQdXUffMXSMHVPH3LF0rB1bx97x0PHYQcdTx3PHS8drx1vHe8dHx2fHV8d3x0/Hb8df9z/QI/SIPcceqUfuOfWcey49So/ao/XoPUbPtcfssXrsnluP0+P2eD1+T9AT9tx7op64J+lJe7KevKfoKXuqnrqn6Wl7up6+Z+gZe6aeuWfpWXu2nr3noeexh56nnueel57Xnree956Pns+er57vnp+e356//n9gQBgQB44D0oA8cBo4D1wGlAF1QBvQB4yB64A5YA3YA7cBZ8Ad8Ab8gWAgHLgPRAPxQDKQDmQD+UAxUA5UA/VAM9AOdAP9wDAwDkwD88AysA5sA/vAw8DjAANPA88DLwOvA28D7wMfA58DXwPfAz8DvwN/w//AiDAijhxHpBF55DRyHrmMKCPqiDaijxgj1xFzxBqxR24jzog74o34I8FIOHIfiUbikWQkHclG8pFipBypRuqRZqQd6Ub6kWFkHJlG5pFlZB3ZRvaRh5HHEUaeRp5HXkZeR95G3kc+Rj5Hvka+R35Gfkf+xv+BCWFCnDhOSBPyxGniPHGZUCbUCW1CnzAmrhPmhDVhT9wmnAl3wpvwJ4KJcOI+EU3EE8lEOpFN5BPFRDlRTdQTzUQ70U30E8PEODFNzBPLxDqxTewTDxOPE0w8TTxPvEy8TrxNvE98THxOfE18T/xM/E78Tf8DM8KMOHOckWbkmdPMeeYyo8yoM9qMPmPMXGfMGWvGnrnNODPujDfjzwQz4cx9JpqJZ5KZdCabyWeKmXKmmqlnmpl2ppvpZ4aZcWaamWeWmXVmm9lnHmYeZ5h5mnmeeZl5nXmbeZ/5mPmc+Zr5nvmZ+Z35m/8HFoQFceG4IC3IC6eF88JlQVlQF7QFfcFYuC6YC9aCvXBbcBbcBW/BXwgWwoX7QrQQLyQL6UK2kC8UC+VCtVAvNAvtQrfQLwwL48K0MC8sC+vCtrAvPCw8LrDwtPC88LLwuvC28L7wsfC58LXwvfCz8Lvwt/wPrAgr4spxRVqRV04r55XLirKirmgr+oqxcl0xV6wVe+W24qy4K96KvxKshCv3lWglXklW0pVsJV8pVsqVaqVeaVbalW6lXxlWxpVpZV5ZVtaVbWVfeVh5XGHlaeV55WXldeVt5X3lY+Vz5Wvle+Vn5Xflb/0f2BA2xI3jhrQhb5w2zhuXDWVD3dA29A1j47phblgb9sZtw9lwN7wNfyPYCDfuG9FGvJFspBvZRr5RbJQb1Ua90Wy0G91GvzFsjBvTxryxbKwb28a+8bDxuMHG08bzxsvG68bbxvvGx8bnxtfG98bPxu/G3/Y/sCPsiDvHHWlH3jntnHcuO8qOuqPt6DvGznXH3LF27J3bjrPj7ng7/k6wE+7cd6KdeCfZSXeynXyn2Cl3qp16p9lpd7qdfmfYGXemnXln2Vl3tp1952HncYedp53nnZed1523nfedj53Pna+d752fnd+dv51/ejmxHqDnHXIAAAAASUVORK5CYII=', 'base64');

test('upload a profile photo with progress and see the server thumbnail', async ({ page }) => {
  const email = await signUp(page, '사진회원');
  await login(page, email, PASSWORD);
  await page.goto('/account');
  await hydrated(page);
  await expect(page.locator('.profile-photo.empty')).toBeVisible();
  await page.getByLabel('프로필 사진 파일').setInputFiles({ name: 'me.png', mimeType: 'image/png', buffer: PNG });
  await expect(page.getByRole('status').filter({ hasText: '프로필 사진을 바꿨습니다.' })).toBeVisible();
  await expect(page.locator('.upload-progress')).toHaveAttribute('value', '100');
  const img = page.locator('img.profile-photo');
  await expect(img).toHaveAttribute('src', /^\/files\/profile\/[0-9a-f]{32}\.png$/);
  await expect.poll(() => img.evaluate((i: HTMLImageElement) => i.naturalWidth)).toBe(256);

  // A text file named .png is refused with a message.
  await page.getByLabel('프로필 사진 파일').setInputFiles({ name: 'fake.png', mimeType: 'image/png', buffer: Buffer.from('hello, not an image') });
  await expect(page.locator('.form-error')).toContainText('이미지 파일');
});

// Browsers read a backslash as a slash and drop tabs, so these were `//evil.example/`.
for (const next of ['/\\evil.example/', '/%09/evil.example/', '//evil.example/', 'http://evil.example/']) {
  test(`login never leaves the site for next=${next}`, async ({ page, request }) => {
    const m = await apiMember(request, 'next');
    await page.goto(`/login?next=${next.startsWith('/%') ? next : encodeURIComponent(next)}`);
    await hydrated(page);
    await page.getByLabel('이메일').fill(m.email);
    await page.getByLabel('비밀번호').fill(PASSWORD);
    await page.getByRole('button', { name: '로그인' }).click();
    await expect(page).toHaveURL(`${ORIGIN}/`);
    await hydrated(page);
    await expect(page.locator('.topbar')).toContainText(m.nickname);
  });
}

test('login comes back to the page that asked for it, query and all', async ({ page, request }) => {
  const m = await apiMember(request, 'back');
  await page.goto('/search?q=%EC%8B%B8%EC%9D%B4');
  await hydrated(page);
  await page.locator('.login-prompt').getByRole('link', { name: '로그인' }).click();
  await expect(page).toHaveURL(/\/login\?next=%2Fsearch%3Fq%3D/);
  await page.getByLabel('이메일').fill(m.email);
  await page.getByLabel('비밀번호').fill(PASSWORD);
  await page.getByRole('button', { name: '로그인' }).click();
  await expect(page).toHaveURL(`${ORIGIN}/search?q=%EC%8B%B8%EC%9D%B4`);
});

test('the admin list pages forward and back', async ({ page, request }) => {
  // Every test signs members up, so the test database holds well over one page of them.
  for (let i = 0; i < 21; i++) await apiMember(request, 'pager');
  await page.request.post('/api/users/login', { headers: { Origin: ORIGIN }, data: { email: 'admin@minihompy.test', password: DEMO_PASSWORD } });
  await page.goto('/admin');
  await hydrated(page);
  const pager = page.locator('.card .pager');
  await expect(pager.getByRole('button', { name: '이전' })).toBeDisabled();
  await expect(pager).not.toContainText('total');
  const first = await page.locator('table.admin-users tbody tr').first().getAttribute('data-email');
  await pager.getByRole('button', { name: '다음' }).click();
  await expect(pager).toContainText('2 쪽');
  await expect(page.locator('table.admin-users tbody tr').first()).not.toHaveAttribute('data-email', first!);
  await pager.getByRole('button', { name: '이전' }).click();
  await expect(pager).toContainText('1 쪽');
});

test('a guest gets the same login prompt on every member-only page', async ({ page }) => {
  for (const [path, back] of [['/ilchon', '%2Filchon'], ['/admin', '%2Fadmin'], ['/chat', '%2Fchat'], ['/search', '%2Fsearch']]) {
    await page.goto(path);
    await hydrated(page);
    const prompt = page.locator('.login-prompt');
    await expect(prompt, path).toBeVisible();
    await expect(prompt.getByRole('link', { name: '로그인' })).toHaveAttribute('href', `/login?next=${back}`);
  }
});
