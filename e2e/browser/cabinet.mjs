// Drives the gateway's cabinet in headless Chromium as a participant would, saves a
// screenshot of every page it visits, and prints what the pages showed as one JSON object on
// stdout; e2e/tests/gateway_chain.rs compares that with the chain.
//
//   node cabinet.mjs bills    GATEWAY_URL KEY_HEX PASSPHRASE SHOTS_DIR METER_ID
//   node cabinet.mjs refused  GATEWAY_URL KEY_HEX PASSPHRASE SHOTS_DIR
//
// `bills`: imports the key in the sign-in page, signs in, opens the meter's bills in the
// cabinet and reports who the cabinet says she is and every line of every bill shown.
// `refused`: imports the key, tries to sign in and reports the refusal the page shows.
// CHROMIUM names the browser (default /usr/bin/chromium, Debian's package).

import { mkdirSync } from 'node:fs';
import { join } from 'node:path';

import { chromium } from 'playwright-core';

const [scenario, url, keyHex, passphrase, shots, meterId] = process.argv.slice(2);
if (!['bills', 'refused'].includes(scenario) || !shots || (scenario === 'bills' && !meterId)) {
  console.error('usage: node cabinet.mjs bills|refused GATEWAY_URL KEY_HEX PASSPHRASE SHOTS_DIR [METER_ID]');
  process.exit(2);
}
mkdirSync(shots, { recursive: true });

// The flags this machine's closed network needs: no background connections, no sandbox (CI
// runs as root), a fresh profile.
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
  args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
    '--disable-background-networking', '--disable-component-update', '--disable-sync'],
});
const page = await browser.newPage({ viewport: { width: 1100, height: 900 } });
const shot = (name) => page.screenshot({ path: join(shots, `${scenario}-${name}.png`), fullPage: true });
const errors = [];
page.on('pageerror', (e) => errors.push(e.message));

try {
  await page.goto(`${url}/`);
  await page.getByLabel('Private key (64 hex digits)').fill(keyHex);
  await page.getByLabel('New passphrase (at least 8 characters)').fill(passphrase);
  await page.getByLabel('Passphrase again').fill(passphrase);
  await shot('sign-in');
  await page.getByRole('button', { name: 'Encrypt, keep and sign in' }).click();

  if (scenario === 'refused') {
    const refusal = page.locator('#refusal');
    await refusal.waitFor({ state: 'visible', timeout: 30_000 });
    await shot('refusal');
    report({ refusal: await page.locator('#refusal-text').innerText(), url: page.url() });
  } else {
    await page.waitForURL('**/cabinet', { timeout: 30_000 });
    await page.locator('#me').waitFor({ state: 'visible' });
    const me = {
      address: await page.locator('#me-address').innerText(),
      roles: await page.locator('#me-roles').innerText(),
      status: await page.locator('#me-status').innerText(),
    };
    const card = page.locator('article.card', { has: page.getByRole('heading', { name: `Meter ${meterId}` }) });
    await card.waitFor({ state: 'visible', timeout: 30_000 });
    await shot('cabinet');
    await card.getByRole('button', { name: 'Show bills' }).click();
    await card.locator('tbody tr').first().waitFor({ state: 'visible', timeout: 30_000 });
    await shot('bills');
    const bills = [];
    for (const bill of await card.locator('article.card').all()) {
      const lines = [];
      for (const row of await bill.locator('tbody tr').all()) {
        const cells = await row.locator('td').allInnerTexts();
        lines.push({ description: cells[0], quantity: cells[1], unit_price: cells[2], amount: cells[3] });
      }
      const foot = Object.fromEntries(await Promise.all((await bill.locator('tfoot tr').all())
        .map(async (row) => [await row.locator('th').innerText(), await row.locator('td').innerText()])));
      bills.push({ heading: await bill.locator('h3').innerText(), lines, total: foot.Total });
    }
    report({ me, bills, url: page.url() });
  }
} catch (e) {
  await shot('failure').catch(() => {});
  console.error(`${scenario}: ${e.message}`);
  process.exitCode = 1;
} finally {
  await browser.close();
}

function report(seen) {
  if (errors.length) seen.page_errors = errors;
  console.log(JSON.stringify(seen));
}
