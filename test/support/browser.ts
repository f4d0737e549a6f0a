// A real headless Chromium for the browser tests: CHROMIUM_PATH when set (a system one), else the one
// @sparticuz/chromium ships inside its npm package. That package unpacks into os.tmpdir() and reuses whatever it
// finds there, so each run gets a temp folder of its own, removed at close. --no-sandbox: CI runs as root.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import chromium from '@sparticuz/chromium';
import puppeteer, { type Browser } from 'puppeteer-core';

export interface TestBrowser {
  browser: Browser;
  close(): Promise<void>;
}

export async function launchBrowser(): Promise<TestBrowser> {
  const dir = await mkdtemp(join(tmpdir(), 'frontline-chromium-'));
  const previous = process.env.TMPDIR;
  process.env.TMPDIR = dir;
  try {
    const system = process.env.CHROMIUM_PATH;
    const browser = await puppeteer.launch({
      executablePath: system || (await chromium.executablePath()),
      args: system ? ['--no-sandbox', '--headless=new'] : [...chromium.args, '--no-sandbox'],
      headless: true,
      userDataDir: join(dir, 'profile'),
    });
    return {
      browser,
      async close() {
        await browser.close();
        await rm(dir, { recursive: true, force: true });
      },
    };
  } finally {
    if (previous === undefined) delete process.env.TMPDIR;
    else process.env.TMPDIR = previous;
  }
}
