// The simulator in a real headless Chromium against this service (SQLite): sign in from the directory picker,
// scroll Ann's whole list of 130, search, open details, mask the phone numbers with the keyboard, start a
// conversation and open the templates; every assertion is on what the page shows. Nothing the browser receives
// holds the token. SIMULATOR_SCREENSHOTS=docs/images saves phone-sized screenshots for docs/simulator.md.
import assert from 'node:assert/strict';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { test } from 'node:test';
import type { Page } from 'puppeteer-core';
import { startSimulator, storeWorkers } from '../../src/simulator/start-simulator.ts';
import { AUTH_TOKEN, harness } from '../support/app-harness.ts';
import { launchBrowser } from '../support/browser.ts';
import { ANN, ANN_CUSTOMERS, SIMULATOR_ENV, simulatorBook } from './simulator-book.ts';

const SHOTS = process.env.SIMULATOR_SCREENSHOTS;
const shot = async (page: Page, name: string) => {
  if (SHOTS) await page.screenshot({ path: join(SHOTS, `simulator-${name}.png`) });
};
// innerText, not textContent: the test reads what a person sees, line breaks between blocks included.
const text = (page: Page, selector: string) =>
  // biome-ignore lint/performance/useDomNodeTextContent: the rendered text is what is asserted on
  page.$eval(selector, (node) => (node as unknown as { innerText: string }).innerText);
const names = (page: Page) =>
  page.$$eval('#list .name', (nodes) => nodes.map((node) => node.textContent ?? ''));

/** Scrolls the list's end into view until the page says the list ended. */
async function scrollToEnd(page: Page): Promise<string> {
  for (let i = 0; i < 40; i += 1) {
    const status = await text(page, '#list-status');
    if (status.startsWith('End of list')) return status;
    await page.$eval('#list-status', (node) => node.scrollIntoView());
    await new Promise((done) => setTimeout(done, 150));
  }
  return text(page, '#list-status');
}

test('the simulator plays the Frontline app against this service in Chromium', {
  timeout: 180_000,
}, async () => {
  const h = await harness(simulatorBook(), SIMULATOR_ENV);
  const chromium = await launchBrowser();
  let sim: Awaited<ReturnType<typeof startSimulator>> | undefined;
  try {
    await h.app.listen({ port: 0, host: '127.0.0.1' });
    const base = `http://127.0.0.1:${(h.app.server.address() as AddressInfo).port}/callbacks`;
    sim = await startSimulator({
      target: {
        crmUrl: `${base}/crm`,
        outgoingUrl: `${base}/outgoing-conversation`,
        templatesUrl: `${base}/templates`,
      },
      authToken: AUTH_TOKEN,
      workers: storeWorkers(h.store),
      host: '127.0.0.1',
      port: 0,
    });
    const page = await chromium.browser.newPage();
    await page.setViewport({ width: 390, height: 844, deviceScaleFactor: 1, isMobile: true, hasTouch: true });
    const received: Promise<string>[] = [];
    page.on('response', (response) => received.push(response.text().catch(() => '')));

    await page.goto(sim.url);
    await page.waitForFunction("document.querySelector('#workers-note')?.textContent?.includes('ann@')");
    assert.match(await text(page, '#target'), /\(this service\)$/);
    await shot(page, 'sign-in');
    await page.type('#worker', ANN);
    await page.keyboard.press('Enter');
    await page.waitForSelector('#list li');
    assert.equal(await text(page, '#signed-in'), `Signed in as ${ANN}`);

    const end = await scrollToEnd(page);
    assert.equal(end, `End of list: ${ANN_CUSTOMERS} customers.`);
    const all = await names(page);
    assert.equal(all.length, ANN_CUSTOMERS);
    assert.equal(new Set(all).size, ANN_CUSTOMERS, 'each customer once');
    assert.ok(all.every((name) => /\d{3}$/.test(name)));
    assert.equal(await page.$$eval('#list .avatar', (nodes) => nodes.length), ANN_CUSTOMERS);
    await page.$eval('#customers', (node) => node.scrollIntoView());
    await shot(page, 'customers');

    await page.type('#search', 'łukasz');
    // 19 matches and no token: as the app does, one more request by Anchor when scrolled to the end, empty.
    await page.waitForFunction(
      "document.querySelector('#list-status')?.textContent?.startsWith('19 customers')",
    );
    assert.equal(await scrollToEnd(page), 'End of list: 19 customers.');
    const found = await names(page);
    assert.equal(found.length, 19);
    assert.ok(found.every((name) => name.startsWith('Łukasz Nowak')));
    assert.match(await text(page, '#search-note'), /searchable: true/);
    await shot(page, 'search');

    await page.click('#list li button');
    await page.waitForFunction("document.querySelector('#details-name')?.textContent?.startsWith('Łukasz')");
    const channels = await text(page, '#channels');
    assert.match(channels, /sms: \+12125551065/);
    assert.match(channels, /email: client65@example\.com/);
    assert.match(await text(page, '#links'), /Open in CRM \(CRM\)/);
    assert.match(await text(page, '#details-block'), /Notes\s+Met at the fair\.\s+Customer number 65\./);
    assert.equal(await text(page, '#details-avatar'), 'ŁN');
    await shot(page, 'details');

    await page.focus('#mask');
    await page.keyboard.press('Space');
    const hidden = await text(page, '#channels');
    assert.match(hidden, /sms: \+1212555••••/);
    assert.match(hidden, /whatsapp: whatsapp:\+1212555••••/);
    assert.doesNotMatch(hidden, /1065/);
    assert.match(hidden, /email: client65@example\.com/, 'an e-mail address is not a phone number');
    await shot(page, 'masked');

    const [, whatsapp] = await page.$$('#channels button');
    await whatsapp?.click();
    await page.waitForFunction("document.querySelector('#proxy')?.textContent?.startsWith('From')");
    assert.equal(
      await text(page, '#proxy'),
      'From whatsapp:+14155238886 (the proxy address) to the customer by whatsapp',
    );
    await page.keyboard.press('Enter'); // the focus moved to Templates
    await page.waitForSelector('#templates .template');
    const templates = await text(page, '#templates');
    assert.match(templates, /Hello Łukasz, this is ann@example\.com from Acme/);
    assert.doesNotMatch(templates, /\{\{|Placeholder left unfilled/);
    await page.$eval('#conversation', (node) => node.scrollIntoView());
    await shot(page, 'templates');

    const verdicts = await page.$$eval('#calls .verdict', (nodes) => nodes.map((node) => node.textContent));
    assert.ok(verdicts.length >= 10);
    assert.deepEqual([...new Set(verdicts)], ['OK']);
    const newest = await text(page, '#calls li summary');
    assert.match(
      newest,
      /^OK GetTemplatesByCustomerId · status 200 · \d+\.\d KB of 64 KB · \d+ ms of 6000 ms$/,
    );
    await page.$eval('#calls li details', (node) => {
      (node as unknown as { open: boolean }).open = true;
      node.scrollIntoView();
    });
    assert.match(await text(page, '#calls li'), /Location=GetTemplatesByCustomerId/);
    await shot(page, 'callbacks');

    const bodies = await Promise.all(received);
    assert.ok(bodies.length > 10);
    assert.ok(
      bodies.every((body) => !body.includes(AUTH_TOKEN)),
      'the token never reaches the browser',
    );
  } finally {
    await sim?.app.close();
    await chromium.close();
    await h.close();
  }
});
