// What opt-outs add to the read paths and what a keyword costs: `node --import tsx bench/opt-outs.ts COUNT`, with
// DATABASE_URL set (a SQLite path or a postgres:// URL). It first stores OPT_OUTS opt-outs (one import), then times
// COUNT lookups of a details answer's 3 channels (the CRM details, templates and outgoing callbacks each make one),
// COUNT/10 lookups of a 1,000-record API page's channels, and COUNT keyword writes (a STOP, then its START).
// Prints {optOuts, msPerDetailsLookup, msPerPageLookup, msPerKeyword, cpuMs...} as JSON.

import { loadConfig } from '../src/config.ts';
import type { ChannelAddress } from '../src/directory/address.ts';
import { openStore } from '../src/stores/open-store.ts';

const count = Number(process.argv[2] ?? 2000);
const OPT_OUTS = 100_000;
const number = (n: number) => `+1212${String(5_000_000 + n).padStart(7, '0')}`;
const address = (n: number): ChannelAddress => ({ type: n % 2 === 0 ? 'sms' : 'whatsapp', key: number(n) });
const store = await openStore(loadConfig(process.env).database);

async function timed(times: number, work: (n: number) => Promise<unknown>): Promise<[number, number]> {
  const cpu = process.cpuUsage();
  const started = performance.now();
  for (let n = 0; n < times; n += 1) await work(n);
  const used = process.cpuUsage(cpu);
  const round = (value: number) => Number(value.toFixed(4));
  return [round((performance.now() - started) / times), round((used.user + used.system) / 1000 / times)];
}

try {
  const session = await store.beginImport();
  const at = new Date();
  for (let from = 0; from < OPT_OUTS; from += 1000)
    await session.setOptOuts(
      Array.from({ length: 1000 }, (_, i) => ({ address: address(from + i), optedOutAt: at })),
    );
  await session.commit();
  // Half of each lookup's addresses opted out, half not: both a hit and a miss probe the key.
  const [details, detailsCpu] = await timed(count, (n) =>
    store.optOuts.optedOut([
      address((n * 7) % OPT_OUTS),
      address(OPT_OUTS + n),
      address((n * 13) % OPT_OUTS),
    ]),
  );
  const pages = Math.max(1, Math.round(count / 10));
  const [page, pageCpu] = await timed(pages, (n) =>
    store.optOuts.optedOut(
      Array.from({ length: 1000 }, (_, i) => address((n * 1000 + i * 2) % (2 * OPT_OUTS))),
    ),
  );
  const [keyword, keywordCpu] = await timed(count, async (n) => {
    const stranger = address(3 * OPT_OUTS + n);
    await store.optOuts.optOut(stranger, new Date());
    await store.optOuts.optIn(stranger);
  });
  console.log(
    JSON.stringify({
      optOuts: OPT_OUTS,
      msPerDetailsLookup: details,
      cpuMsPerDetailsLookup: detailsCpu,
      msPerPageLookup: page,
      cpuMsPerPageLookup: pageCpu,
      msPerKeywordPair: keyword,
      cpuMsPerKeywordPair: keywordCpu,
    }),
  );
} finally {
  await store.close();
}
