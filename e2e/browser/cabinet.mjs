// Drives the gateway's cabinet in headless Chromium as a participant would, saves a
// screenshot of every page it visits, and prints what the pages showed as one JSON object on
// stdout (its last line); e2e/tests/gateway_chain.rs compares that with the chain.
//
//   node cabinet.mjs SCENARIO GATEWAY_URL KEY_HEX PASSPHRASE SHOTS_DIR [ARGS_JSON]
//
// Every scenario but `wallet` first imports the key in the sign-in page and signs in. Then:
//   bills        {meter_id, period}: opens the meter's bills; reports who the cabinet says
//                she is, every line of every bill shown, and the usage panel's cost so far;
//                downloads the meter's readings of `period` and her bills as workbooks.
//   refused      reports the refusal the sign-in page shows instead.
//   wallet       {address, amount}: a Keplr-compatible wallet holds the key instead (a
//                stand-in for the browser extension, signing in this process with the same
//                key); signs in with it and prepays `amount`, the wallet signing both;
//                reports what the wallet was asked, her holdings and the form's outcome.
//   prepay       {amount}: prepays `amount` (as typed, e.g. "12.34") with the key, signed in
//                the page; reports her holdings before and after and the form's outcome.
//   instalments  {meter_id, live_paid?}: with `live_paid` (an instalment id), prints READY
//                once the cabinet shows it and waits for live updates to show it paid;
//                then opens the meter's instalments; reports each row, and what the money
//                panel forecasts.
//   clerk        {reference, recipient, amount, meter_id, redemption_id, payout_reference}:
//                credits a deposit into the recipient's prepaid balance, then pays the meter's
//                oldest overdue instalment with its Pay button; reports both outcomes and the
//                overdue list before and after; downloads the meter's bills and payments as a
//                workbook; records the payout of the redemption request from its row.
//   tariffs      {tariff_id}: finds the tariff in the tariffs panel and opens its first
//                version; reports the row (name, retailer, versions) and the prices shown.
//   publish      {tariff_id, name, effective_from, components}: defines the tariff in the
//                retailer's publish form (the start as YYYY-MM-DD HH:MM UTC, the parts as
//                JSON text); reports the form's outcome and the tariff's row once listed.
//   meters       {meter_id, owner, retailer, public_key, tariff_id, contracted}: registers
//                the meter in the administrator's desk, then suspends it; reports both
//                outcomes and the status its card shows in the meters list (by owner).
//   participants {address, name, roles, new_roles}: registers the participant with `roles`
//                in the administrator's desk, then replaces its roles with `new_roles`;
//                reports both outcomes and the roles its row shows after.
//   blacklist    {address, reason, actor}: blacklists the participant; reports the outcome and
//                her standing in the participants table; then finds the blacklisting in the
//                audit log (the registry's events signed by `actor`, shown again until it is
//                indexed), reports its row and downloads those events as CSV.
//   drafts       {draft_id}: finds the draft in the drafts panel; reports each step of its
//                flow picture (holders and hops) as text.
//   loans        {plan_id, confirmation_id}: reports the plan's row among the open plans,
//                her confirmation's row, and the whole page's text.
//   cloud        {request?: {provider, instance_type, hours, escrow}, accept?: lease id}:
//                reports the cloud panel's organisation line and the instance types on
//                offer; with `request`, asks for a host and reports the form's outcome; with
//                `accept`, accepts that lease from its row and reports the status line and
//                the row after.
//   park         {energy_wh, max_price}: bids in the first open slot the park panel offers;
//                reports the panel's slot line, the slot, the form's outcome and the bid's
//                row in the order book.
//   contracts    {pause, reason, contract, query}: pauses the contract `pause` with `reason`
//                in the pause form (a guardian or the administrator); reports the form's
//                outcome, then the paused-contracts warning and that contract's status row;
//                then asks `contract` the JSON text `query` in the query console and reports
//                its answer, parsed.
// A download is saved beside the screenshots and reported as {path, name, outcome}.
// CHROMIUM names the browser (default /usr/bin/chromium, Debian's package).

import { createECDH, createPrivateKey, sign as ecdsaSign } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';

import { chromium } from 'playwright-core';

const SCENARIOS = ['bills', 'refused', 'prepay', 'wallet', 'instalments', 'clerk', 'tariffs', 'meters', 'blacklist', 'drafts', 'loans', 'contracts', 'park', 'cloud', 'publish', 'participants'];
const [scenario, url, keyHex, passphrase, shots, argsJson] = process.argv.slice(2);
if (!SCENARIOS.includes(scenario) || !shots) {
  console.error(`usage: node cabinet.mjs ${SCENARIOS.join('|')} GATEWAY_URL KEY_HEX PASSPHRASE SHOTS_DIR [ARGS_JSON]`);
  process.exit(2);
}
const args = JSON.parse(argsJson ?? '{}');
mkdirSync(shots, { recursive: true });

// A signed action waits for its block; the localnet makes one every second or so.
const ACTION_TIMEOUT = 60_000;

// The flags this machine's closed network needs: no background connections, no sandbox (CI
// runs as root), a fresh profile.
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
  args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
    '--disable-background-networking', '--disable-component-update', '--disable-sync'],
});
const page = await browser.newPage({ viewport: { width: 1100, height: 900 } });
const shot = (name) => page.screenshot({ path: join(shots, `${scenario}-${name}.png`), fullPage: true });
/** A screenshot of one panel only, where the whole page would be too long to read. */
const shotOf = (selector, name) => page.locator(selector).screenshot({ path: join(shots, `${scenario}-${name}.png`) });
const errors = [];
page.on('pageerror', (e) => errors.push(e.message));

/** Imports the key on the sign-in page and asks to sign in. */
async function signIn() {
  await page.goto(`${url}/`);
  await page.getByLabel('Private key (64 hex digits)').fill(keyHex);
  await page.getByLabel('New passphrase (at least 8 characters)').fill(passphrase);
  await page.getByLabel('Passphrase again').fill(passphrase);
  await shot('sign-in');
  await page.getByRole('button', { name: 'Encrypt, keep and sign in' }).click();
}

/** Signs in and waits for the cabinet to have loaded every panel. */
async function cabinet() {
  await signIn();
  await page.waitForURL('**/cabinet', { timeout: 30_000 });
  await page.locator('#me').waitFor({ state: 'visible' });
  await page.waitForFunction(() => document.getElementById('status').textContent === '', null, { timeout: 30_000 });
}

/** Waits until a form's outcome line is neither empty nor a step in progress; its text. */
async function outcomeOf(form) {
  const line = form.locator('output');
  await page.waitForFunction(
    (el) => el.textContent !== '' && !el.textContent.endsWith('…'),
    await line.elementHandle(),
    { timeout: ACTION_TIMEOUT },
  );
  return { text: await line.innerText(), error: await line.evaluate((el) => el.classList.contains('error')) };
}

async function holdings() {
  return {
    wallet: await page.locator('#money-wallet').innerText(),
    prepaid: await page.locator('#money-prepaid').innerText(),
  };
}

/** The rows of an instalments table body as {id, meter, due, amount, paid, status}. */
async function instalmentRows(rows) {
  const out = [];
  for (const row of await rows.all()) {
    const cells = await row.locator('td').allInnerTexts();
    out.push({ id: Number(cells[0]), meter: cells[1], period: cells[2], due: cells[3], amount: cells[4], paid: cells[5], status: cells[6] });
  }
  return out;
}

/**
 * Downloads through a form of the downloads panel: fills `fields` (label: value), clicks
 * `button`, and saves the file beside the screenshots.
 */
async function download(formId, fields, button) {
  const form = page.locator(`#${formId}`);
  for (const [label, value] of Object.entries(fields)) await form.getByLabel(label).fill(value);
  const [file] = await Promise.all([
    page.waitForEvent('download', { timeout: ACTION_TIMEOUT }),
    form.getByRole('button', { name: button }).click(),
  ]);
  const path = join(shots, `${scenario}-${file.suggestedFilename()}`);
  await file.saveAs(path);
  return { path, name: file.suggestedFilename(), outcome: await outcomeOf(form) };
}

// The wallet's stand-in: Keplr's interface in the page (`window.keplr`), its signatures made
// here with the key, as the extension makes them: ADR-036 for `signArbitrary`, the SHA-256 of
// the protobuf SignDoc for `signDirect`, both 64 bytes r||s with a low s.
const ORDER = 0xFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFEBAAEDCE6AF48A03BBFD25E8CD0364141n;

function walletKey(hex) {
  const d = Buffer.from(hex, 'hex');
  const ecdh = createECDH('secp256k1');
  ecdh.setPrivateKey(d);
  const point = ecdh.getPublicKey(null, 'uncompressed');
  const b64url = (bytes) => bytes.toString('base64url');
  const jwk = { kty: 'EC', crv: 'secp256k1', d: b64url(d), x: b64url(point.subarray(1, 33)), y: b64url(point.subarray(33)) };
  return { key: createPrivateKey({ key: jwk, format: 'jwk' }), publicKey: ecdh.getPublicKey(null, 'compressed') };
}

function walletSign(key, bytes) {
  const signature = ecdsaSign('sha256', bytes, { key, dsaEncoding: 'ieee-p1363' });
  let s = BigInt(`0x${signature.subarray(32).toString('hex')}`);
  if (s > ORDER / 2n) s = ORDER - s;
  return Buffer.concat([signature.subarray(0, 32), Buffer.from(s.toString(16).padStart(64, '0'), 'hex')]).toString('base64');
}

function varint(value) {
  const out = [];
  let v = BigInt(value);
  do {
    const low = Number(v & 0x7fn);
    v >>= 7n;
    out.push(v > 0n ? low | 0x80 : low);
  } while (v > 0n);
  return Buffer.from(out);
}

function bytesField(number, bytes) {
  return Buffer.concat([varint((number << 3) | 2), varint(bytes.length), bytes]);
}

/** Installs the wallet for `address` in the page; returns what it was asked, in order. */
async function installWallet(address) {
  const { key, publicKey } = walletKey(keyHex);
  const asked = [];
  await page.exposeFunction('walletSignArbitrary', (signer, data) => {
    asked.push('sign in');
    if (signer !== address) throw new Error(`the wallet holds no key of ${signer}`);
    const doc = JSON.stringify({
      account_number: '0',
      chain_id: '',
      fee: { amount: [], gas: '0' },
      memo: '',
      msgs: [{ type: 'sign/MsgSignData', value: { data: Buffer.from(data, 'utf8').toString('base64'), signer } }],
      sequence: '0',
    });
    return walletSign(key, Buffer.from(doc, 'utf8'));
  });
  await page.exposeFunction('walletSignDirect', (signer, body, authInfo, chainId, accountNumber) => {
    asked.push('transaction');
    if (signer !== address) throw new Error(`the wallet holds no key of ${signer}`);
    const doc = Buffer.concat([
      bytesField(1, Buffer.from(body, 'base64')),
      bytesField(2, Buffer.from(authInfo, 'base64')),
      bytesField(3, Buffer.from(chainId, 'utf8')),
      BigInt(accountNumber) === 0n ? Buffer.alloc(0) : Buffer.concat([varint(4 << 3), varint(accountNumber)]),
    ]);
    return walletSign(key, doc);
  });
  await page.addInitScript(({ address, publicKey }) => {
    const bytes = (b64) => Uint8Array.from(atob(b64), (c) => c.charCodeAt(0));
    const b64 = (u8) => btoa(String.fromCharCode(...u8));
    const pubKey = { type: 'tendermint/PubKeySecp256k1', value: publicKey };
    window.keplr = {
      enable: async () => {},
      getKey: async () => ({ name: 'test wallet', algo: 'secp256k1', pubKey: bytes(publicKey), bech32Address: address }),
      signArbitrary: async (chainId, signer, data) => ({ pub_key: pubKey, signature: await window.walletSignArbitrary(signer, data) }),
      signDirect: async (chainId, signer, doc) => ({
        signed: doc,
        signature: {
          pub_key: pubKey,
          signature: await window.walletSignDirect(signer, b64(doc.bodyBytes), b64(doc.authInfoBytes), doc.chainId, doc.accountNumber.toString()),
        },
      }),
    };
  }, { address, publicKey: publicKey.toString('base64') });
  return asked;
}

function meterCard(meterId) {
  return page.locator('article.card', { has: page.getByRole('heading', { name: `Meter ${meterId}`, exact: true }) });
}

const run = {
  async refused() {
    await signIn();
    const refusal = page.locator('#refusal');
    await refusal.waitFor({ state: 'visible', timeout: 30_000 });
    await shot('refusal');
    return { refusal: await page.locator('#refusal-text').innerText() };
  },

  async bills() {
    await cabinet();
    const me = {
      address: await page.locator('#me-address').innerText(),
      roles: await page.locator('#me-roles').innerText(),
      status: await page.locator('#me-status').innerText(),
    };
    const card = meterCard(args.meter_id);
    await card.waitFor({ state: 'visible', timeout: 30_000 });
    await shot('cabinet');
    await card.getByRole('button', { name: 'Show bills' }).click();
    await card.locator('article.card tbody tr').first().waitFor({ state: 'visible', timeout: 30_000 });
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
    // The period running now: what it would cost if it closed now, and its charts.
    await card.getByRole('button', { name: 'Show usage' }).click();
    const quote = card.locator('table.quote');
    await quote.waitFor({ state: 'visible', timeout: 30_000 });
    await shot('usage');
    const summary = await card.locator('p', { hasText: /^Period \d+, / }).innerText();
    const usage = {
      period: Number(/^Period (\d+),/.exec(summary)[1]),
      total: await quote.locator('tfoot tr', { hasText: 'Total if closed now' }).locator('td').innerText(),
      lines: (await quote.locator('tbody tr td:first-child').allInnerTexts()),
      charts: await card.locator('figure.chart svg[role="img"]').count(),
      without_energy: await card.locator('p.muted', { hasText: 'no energy yet' }).count(),
    };
    const readings = await download('readings-form',
      { 'Meter id': args.meter_id, 'Billing period or month': String(args.period) }, 'Download readings');
    const billsFile = await download('bills-form', {}, 'Download bills');
    await page.locator('#downloads').scrollIntoViewIfNeeded();
    await shot('downloads');
    return { me, bills, usage, downloads: { readings, bills: billsFile } };
  },

  async prepay() {
    await cabinet();
    const before = await holdings();
    const form = page.locator('#prepay-form');
    await form.getByLabel('Amount').fill(args.amount);
    await form.getByLabel('Passphrase of your key').fill(passphrase);
    await shot('form');
    await form.getByRole('button', { name: 'Sign and prepay' }).click();
    const outcome = await outcomeOf(form);
    await page.waitForFunction((b) => document.getElementById('money-prepaid').textContent !== b, before.prepaid, { timeout: 10_000 })
      .catch(() => {});
    await shot('prepaid');
    return { before, after: await holdings(), outcome };
  },

  async wallet() {
    const asked = await installWallet(args.address);
    await page.goto(`${url}/`);
    const signInForm = page.locator('#wallet-form');
    await signInForm.waitFor({ state: 'visible', timeout: 10_000 });
    await shot('sign-in');
    await signInForm.getByRole('button', { name: 'Sign in with your wallet' }).click();
    await page.waitForURL('**/cabinet', { timeout: 30_000 });
    await page.waitForFunction(() => document.getElementById('status').textContent === '', null, { timeout: 30_000 });
    const before = await holdings();
    const form = page.locator('#prepay-form');
    const passphraseAsked = await form.getByLabel('Passphrase of your key').isVisible();
    await form.getByLabel('Amount').fill(args.amount);
    await form.getByRole('button', { name: 'Sign and prepay' }).click();
    const outcome = await outcomeOf(form);
    await page.waitForFunction((b) => document.getElementById('money-prepaid').textContent !== b, before.prepaid, { timeout: 10_000 })
      .catch(() => {});
    await shot('prepaid');
    return {
      me: await page.locator('#me-address').innerText(),
      asked,
      passphrase_asked: passphraseAsked,
      before,
      after: await holdings(),
      outcome,
      stored_key: await page.evaluate(() => localStorage.length),
    };
  },

  async instalments() {
    await cabinet();
    let live = null;
    if (args.live_paid !== undefined) {
      // Live updates: with the page open, the test settles once READY is printed; the row
      // must turn to paid without a reload.
      const cell = `#money-instalments tr[data-instalment="${args.live_paid}"] td.state`;
      const before = await page.locator(cell).innerText();
      console.log('READY');
      await page.waitForFunction((css) => document.querySelector(css)?.textContent === 'paid', cell, { timeout: 90_000 });
      await shot('live');
      live = { before, after: await page.locator(cell).innerText(), line: await page.locator('#live').innerText() };
    }
    const card = meterCard(args.meter_id);
    await card.getByRole('button', { name: 'Show instalments' }).click();
    const rows = card.locator('tbody tr');
    await rows.first().waitFor({ state: 'visible', timeout: 30_000 });
    await shot('instalments');
    return {
      live,
      rows: await instalmentRows(rows),
      holdings: await holdings(),
      forecast: await page.locator('#money-forecast').innerText(),
      warning: await page.locator('#money-warning').isVisible(),
    };
  },

  async clerk() {
    await cabinet();
    const overdue = page.locator('#bank-overdue-rows tr');
    const before = await instalmentRows(overdue);
    const deposit = page.locator('#deposit-form');
    await deposit.getByLabel('Transfer reference').fill(args.reference);
    await deposit.getByLabel('Recipient address').fill(args.recipient);
    await deposit.getByLabel('Amount').fill(args.amount);
    await deposit.getByLabel("Into the consumer's prepaid balance").check();
    await shot('deposit');
    await deposit.getByRole('button', { name: 'Credit deposit' }).click();
    const credited = await outcomeOf(deposit);
    await shot('credited');
    const oldest = overdue.filter({ has: page.locator('td', { hasText: new RegExp(`^${args.meter_id}$`) }) }).first();
    const id = Number(await oldest.locator('td').first().innerText());
    await oldest.getByRole('button', { name: /^Pay / }).click();
    const line = page.locator('#bank-overdue-outcome');
    await page.waitForFunction((el) => el.textContent !== '' && !el.textContent.endsWith('…'), await line.elementHandle(), { timeout: ACTION_TIMEOUT });
    await page.locator(`#bank-overdue-rows tr[data-instalment="${id}"]`).waitFor({ state: 'detached', timeout: 10_000 }).catch(() => {});
    await shot('paid');
    const workbook = await download('bills-form', { 'Meter ids, separated by commas': args.meter_id }, 'Download bills');
    // The redemption request: its row's button fills in the payout form.
    const request = page.locator(`#bank-redemptions-rows tr[data-redemption="${args.redemption_id}"]`);
    await request.getByRole('button', { name: `Record the payout of redemption request ${args.redemption_id}` }).click();
    const redeem = page.locator('#payout-form');
    await redeem.getByLabel('Payout transfer reference').fill(args.payout_reference);
    await redeem.getByRole('button', { name: 'Record the payout' }).click();
    const redeemed = await outcomeOf(redeem);
    // The list is drawn again after the action: its row is looked up afresh.
    const state = `#bank-redemptions-rows tr[data-redemption="${args.redemption_id}"] td.state`;
    await page.waitForFunction((css) => document.querySelector(css)?.textContent === 'redeemed', state, { timeout: 10_000 })
      .catch(() => {});
    await page.locator(state).scrollIntoViewIfNeeded();
    await shot('redeemed');
    return {
      redeemed,
      redemption_status: await page.locator(state).innerText(),
      workbook,
      credited,
      paid_instalment: id,
      paid: { text: await line.innerText(), error: await line.evaluate((el) => el.classList.contains('error')) },
      before,
      after: await instalmentRows(overdue),
      totals: Object.fromEntries(await Promise.all((await page.locator('#bank-totals dd').all())
        .map(async (dd) => [await dd.getAttribute('data-total'), await dd.innerText()]))),
    };
  },

  async tariffs() {
    await cabinet();
    const row = page.locator(`#tariffs-rows tr[data-tariff="${args.tariff_id}"]`);
    await row.waitFor({ state: 'visible', timeout: 30_000 });
    const cells = await row.locator('td').allInnerTexts();
    const versions = await row.getByRole('button').count();
    await row.getByRole('button', { name: `Show version 1 of tariff ${args.tariff_id}` }).click();
    const card = page.locator('#tariff-version article');
    await card.waitFor({ state: 'visible', timeout: 30_000 });
    await card.scrollIntoViewIfNeeded();
    await shot('tariffs');
    const labels = await card.locator('dt').allInnerTexts();
    const texts = await card.locator('dd').allInnerTexts();
    return {
      row: { tariff_id: cells[0], name: cells[1], retailer: cells[2], versions },
      heading: await card.locator('h3').innerText(),
      prices: labels.map((label, i) => [label, texts[i]]),
      band_tables: await card.locator('table.bands').count(),
    };
  },

  async publish() {
    await cabinet();
    const form = page.locator('#tariff-publish');
    await form.getByLabel('Tariff id').fill(args.tariff_id);
    await form.getByLabel('Name (only to define a new tariff)').fill(args.name);
    await form.getByLabel('Takes effect (UTC, YYYY-MM-DD HH:MM)').fill(args.effective_from);
    await form.getByLabel('Parts (JSON)').fill(args.components);
    await form.getByRole('button', { name: 'Publish' }).click();
    const published = await outcomeOf(form);
    const row = page.locator(`#tariffs-rows tr[data-tariff="${args.tariff_id}"]`);
    if (!published.error) await row.waitFor({ state: 'visible', timeout: 30_000 });
    await form.scrollIntoViewIfNeeded();
    await shotOf('#tariffs', 'published');
    return {
      published,
      row: published.error ? null : (await row.locator('td').allInnerTexts()).join(' | '),
    };
  },

  async meters() {
    await cabinet();
    const register = page.locator('#register-meter-form');
    await register.getByLabel('Meter id').fill(args.meter_id);
    await register.getByLabel("Owner (a consumer's address)").fill(args.owner);
    await register.getByLabel('Retailer (address)').fill(args.retailer);
    await register.getByLabel("Meter's public key (66 hex digits)").fill(args.public_key);
    await register.getByLabel('Tariff id').fill(args.tariff_id);
    await register.getByLabel('Contracted monthly amount').fill(args.contracted);
    await shot('register');
    await register.getByRole('button', { name: 'Register meter' }).click();
    const registered = await outcomeOf(register);
    const status = page.locator('#meter-status-form');
    await status.getByLabel('Meter id').fill(args.meter_id);
    await status.getByLabel('New status').selectOption('suspended');
    await status.getByRole('button', { name: 'Set status' }).click();
    const suspended = await outcomeOf(status);
    // Her meters in the list, where the new one shows its status.
    const filter = page.locator('#meters-filter');
    await filter.getByLabel('Owner address (empty for all)').fill(args.owner);
    await filter.getByRole('button', { name: 'Show' }).click();
    // The list is drawn again on every registry event, so the card is looked up afresh
    // each time rather than held.
    const statusOf = (id) => {
      const card = [...document.querySelectorAll('#meters-list article.card')]
        .find((a) => a.querySelector('h3')?.textContent === `Meter ${id}`);
      const label = card && [...card.querySelectorAll('dt')].find((dt) => dt.textContent === 'Status');
      return label?.nextElementSibling?.textContent ?? null;
    };
    // Asked from here, a function at a time: the page's policy forbids evaluating a string
    // as script, which a polled string expression would.
    for (let tries = 0; tries < 30 && await page.evaluate(statusOf, args.meter_id) !== 'suspended'; tries += 1) {
      await page.waitForTimeout(1_000);
    }
    await shot('suspended');
    return { registered, suspended, card_status: await page.evaluate(statusOf, args.meter_id) };
  },

  async participants() {
    await cabinet();
    const tick = async (form, roles) => {
      for (const box of await form.locator('input[name="roles"]').all()) await box.uncheck();
      for (const role of roles) await form.getByLabel(role.replaceAll('_', ' '), { exact: true }).check();
    };
    const register = page.locator('#participant-register');
    await register.getByLabel('Address').fill(args.address);
    await register.getByLabel('Name').fill(args.name);
    await tick(register, args.roles);
    await register.getByRole('button', { name: 'Register' }).click();
    const registered = await outcomeOf(register);
    const change = page.locator('#participant-roles');
    await change.getByLabel('Address').fill(args.address);
    await tick(change, args.new_roles);
    await change.getByRole('button', { name: 'Set roles' }).click();
    const changed = await outcomeOf(change);
    const cell = `#participants-rows tr[data-address="${args.address}"] td:nth-child(3)`;
    const wanted = args.new_roles.join(', ');
    await page.waitForFunction(([css, text]) => document.querySelector(css)?.textContent === text, [cell, wanted], { timeout: 30_000 })
      .catch(() => {});
    await change.scrollIntoViewIfNeeded();
    await shotOf('#participants', 'participants');
    return { registered, changed, roles: await page.locator(cell).innerText({ timeout: 5_000 }).catch(() => null) };
  },

  async blacklist() {
    await cabinet();
    const form = page.locator('#blacklist-form');
    await form.getByLabel('Participant address').fill(args.address);
    await form.getByLabel('Reason (kept in the registry)').fill(args.reason);
    await shot('form');
    await form.getByRole('button', { name: 'Blacklist', exact: true }).click();
    const outcome = await outcomeOf(form);
    // The table is drawn again after the action: wait for her row to say so.
    const standing = `#participants-rows tr[data-address="${args.address}"] td.standing`;
    await page.waitForFunction((css) => document.querySelector(css)?.textContent.startsWith('blacklisted'), standing, { timeout: 10_000 })
      .catch(() => {});
    await shot('blacklisted');
    const standingText = await page.locator(standing).innerText({ timeout: 5_000 }).catch(() => null);
    // The audit log: the registry's events she signed, asked again until the index has the
    // block of the blacklisting.
    const filter = page.locator('#audit-filter');
    await filter.getByLabel('Contract (name, e.g. registry, bank, meter, draft, or address)').fill('registry');
    await filter.getByLabel('Actor (address that signed)').fill(args.actor);
    const row = page.locator('#audit-rows tr', { hasText: args.address }).filter({ hasText: 'blacklist' });
    for (let tries = 0; tries < 30 && await row.count() === 0; tries += 1) {
      await filter.getByRole('button', { name: 'Show events' }).click();
      await page.waitForTimeout(1_000);
    }
    await row.last().scrollIntoViewIfNeeded();
    await shotOf('#audit', 'audit');
    const cells = await row.last().locator('td').allInnerTexts();
    const csv = await download('audit-export', {}, 'Download these events as CSV');
    return {
      outcome,
      standing: standingText,
      audit: { height: Number(cells[0]), contract: cells[2], action: cells[3], actor: cells[4], attributes: cells[6] },
      csv,
    };
  },

  async drafts() {
    await cabinet();
    const card = page.locator(`#drafts article[data-draft="${args.draft_id}"]`);
    await card.waitFor({ state: 'visible', timeout: 30_000 });
    await card.scrollIntoViewIfNeeded();
    await shotOf('#drafts', 'drafts');
    const steps = await card.locator('ol.flow > li').allInnerTexts();
    return { steps: steps.map((s) => s.replaceAll('\n', ' ')) };
  },

  async loans() {
    await cabinet();
    const plan = page.locator(`#loan-plans-rows tr[data-plan="${args.plan_id}"]`);
    const confirmation = page.locator(`#loan-confirmations-rows tr[data-confirmation="${args.confirmation_id}"]`);
    await plan.waitFor({ state: 'visible', timeout: 30_000 });
    await confirmation.waitFor({ state: 'visible', timeout: 30_000 });
    await page.locator('#loans').scrollIntoViewIfNeeded();
    await shotOf('#loans', 'loans');
    return {
      plan: (await plan.locator('td').allInnerTexts()).join(' | '),
      confirmation: (await confirmation.locator('td').allInnerTexts()).join(' | '),
      text: await page.locator('body').innerText(),
    };
  },

  async cloud() {
    await cabinet();
    await page.locator('#cloud').waitFor({ state: 'visible', timeout: 30_000 });
    const seen = {
      org: await page.locator('#cloud-org').innerText(),
      prices: (await page.locator('#cloud-prices-rows tr').allInnerTexts()).map((r) => r.replaceAll('\t', ' | ')),
    };
    if (args.request) {
      const form = page.locator('#cloud-request');
      await form.getByLabel('Provider (organisation id)').fill(args.request.provider);
      await form.getByLabel('Instance type').fill(args.request.instance_type);
      await form.getByLabel('Held for (hours)').fill(String(args.request.hours));
      await form.getByLabel('Escrow (minor units of the settlement token)').fill(String(args.request.escrow));
      await form.getByRole('button', { name: 'Request' }).click();
      seen.requested = await outcomeOf(form);
    }
    if (args.accept != null) {
      const row = page.locator(`#cloud-leases-rows tr[data-lease="${args.accept}"]`);
      await row.getByRole('button', { name: 'Accept' }).click();
      const status = page.locator('#cloud-leases-status');
      await page.waitForFunction((el) => el.textContent !== '', await status.elementHandle(), { timeout: ACTION_TIMEOUT });
      seen.accepted = await status.innerText();
      await page.waitForFunction((id) => document.querySelector(`#cloud-leases-rows tr[data-lease="${id}"] td:nth-child(6)`)?.textContent === 'running',
        args.accept, { timeout: ACTION_TIMEOUT });
      seen.row = (await row.locator('td').allInnerTexts()).join(' | ');
    }
    await page.locator('#cloud').scrollIntoViewIfNeeded();
    await shotOf('#cloud', args.accept != null ? 'provider' : 'user');
    return seen;
  },

  async park() {
    await cabinet();
    const form = page.locator('#park-bid');
    await form.waitFor({ state: 'visible', timeout: 30_000 });
    const slot = await form.getByLabel('Slot').inputValue();
    await form.getByLabel('Energy (Wh)').fill(String(args.energy_wh));
    await form.getByLabel('Most price (minor units per kWh; the bid escrows its whole cost)').fill(String(args.max_price));
    await form.getByRole('button', { name: 'Bid' }).click();
    const bid = await outcomeOf(form);
    const id = /Bid (\d+) posted/.exec(bid.text)?.[1];
    const row = page.locator(`#park-book-rows tr[data-order="${id}"]`);
    if (id) await row.waitFor({ state: 'visible', timeout: 30_000 });
    await page.locator('#park').scrollIntoViewIfNeeded();
    await shotOf('#park', 'park');
    return {
      slot_line: await page.locator('#park-slot').innerText(),
      slot: Number(slot),
      bid,
      order_id: id ? Number(id) : null,
      row: id ? (await row.locator('td').allInnerTexts()).join(' | ') : null,
    };
  },

  async contracts() {
    await cabinet();
    const panel = page.locator('#contracts');
    const pauseForm = page.locator('#contract-pause');
    await pauseForm.getByLabel('Contract (of the main chain)').selectOption(args.pause);
    await pauseForm.getByLabel('Reason (shown to every participant)').fill(args.reason);
    await pauseForm.getByRole('button', { name: 'Pause' }).click();
    const paused = await outcomeOf(pauseForm);
    const warning = page.locator('#contracts-paused');
    await warning.waitFor({ state: 'visible', timeout: 30_000 });
    const row = page.locator(`#contracts-rows tr[data-contract="${args.pause}"]`);
    const status = await row.locator('td.standing').innerText();
    const form = page.locator('#contract-query');
    await form.getByLabel('Contract (on the chain chosen above)').selectOption(args.contract);
    await form.getByLabel('Query (JSON)').fill(args.query);
    await form.getByRole('button', { name: 'Ask' }).click();
    const asked = await outcomeOf(form);
    await panel.scrollIntoViewIfNeeded();
    await shotOf('#contracts', 'contracts');
    const answer = await page.locator('#contract-query-answer').innerText();
    return {
      paused,
      warning: await warning.innerText(),
      status,
      asked,
      answer: answer ? JSON.parse(answer) : null,
    };
  },
};

try {
  const seen = await run[scenario]();
  seen.url = page.url();
  if (errors.length) seen.page_errors = errors;
  console.log(JSON.stringify(seen));
} catch (e) {
  await shot('failure').catch(() => {});
  console.error(`${scenario}: ${e.message}`);
  process.exitCode = 1;
} finally {
  await browser.close();
}
