import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { CustomerRecord } from '../../src/directory/customer.ts';
import { fold } from '../../src/directory/text-key.ts';
import { demoRecords, demoWorkers } from '../../src/import/demo-data.ts';
import { normalizeRecord } from '../../src/import/normalize.ts';
import { normalizeWorker } from '../../src/import/normalize-worker.ts';

const book = [...demoRecords({ customers: 5000, workers: 40, seed: 11 })];

describe('demoRecords', () => {
  test('every record is accepted by normalizeRecord unchanged, key order included', () => {
    for (const record of book) {
      const result = normalizeRecord(record, {});
      assert.ok(result.ok, result.ok ? '' : `${record.customer_id}: ${result.reason}`);
      assert.equal(JSON.stringify(result.record), JSON.stringify(record));
    }
  });

  test('is deterministic for a seed and differs across seeds', () => {
    const again = [...demoRecords({ customers: 5000, workers: 40, seed: 11 })];
    assert.deepEqual(again, book);
    const other = [...demoRecords({ customers: 50, workers: 40, seed: 12 })];
    assert.notDeepEqual(other, book.slice(0, 50));
  });

  test('numbers customers C0000001, C0000002...', () => {
    assert.deepEqual(
      book.slice(0, 3).map((record) => record.customer_id),
      ['C0000001', 'C0000002', 'C0000003'],
    );
    assert.equal(book.at(-1)?.customer_id, 'C0005000');
  });

  test('uses every channel type, and even a one-customer book shows them all', () => {
    const types = (records: CustomerRecord[]) =>
      new Set(records.flatMap((record) => (record.channels ?? []).map((channel) => channel.type)));
    assert.deepEqual([...types(book)].sort(), ['chat', 'email', 'sms', 'whatsapp']);
    const [only] = [...demoRecords({ customers: 1, workers: 1 })];
    assert.ok(only !== undefined);
    assert.deepEqual([...types([only])].sort(), ['chat', 'email', 'sms', 'whatsapp']);
    assert.ok(only.avatar?.startsWith('https://'));
    assert.deepEqual(
      only.links?.map((link) => link.value.split(':')[0]),
      ['https', 'mailto'],
    );
    assert.match(only.details?.content ?? '', /\n.*\n/);
  });

  test('gives each customer a phone number no other customer has, from several countries', () => {
    const owners = new Map<string, string>();
    const countries = new Set<string>();
    for (const record of book) {
      const numbers = new Set(
        (record.channels ?? []).flatMap((c) =>
          c.type === 'email' || c.type === 'chat' ? [] : [c.value.replace('whatsapp:', '')],
        ),
      );
      assert.equal(numbers.size, 1, record.customer_id);
      const [number] = numbers as Set<string>;
      assert.equal(owners.get(number as string), undefined, `${number} given twice`);
      owners.set(number as string, record.customer_id);
      countries.add((number as string).slice(0, 3));
    }
    for (const prefix of ['+1', '+44', '+49', '+33'])
      assert.ok(
        [...countries].some((c) => c.startsWith(prefix)),
        prefix,
      );
  });

  test('has names from many languages, with accents and letters that need extra folding', () => {
    const names = book.map((record) => record.display_name);
    assert.ok(new Set(names).size > 1000);
    assert.ok(names.some((name) => /[éëöüçñ]/i.test(name)));
    assert.ok(names.some((name) => /[øłæßđþı]/i.test(name)));
    assert.ok(names.some((name) => name.includes("'")));
    assert.ok(names.every((name) => fold(name) !== ''));
  });

  test('names the first workers alice, bob, carol, dave, then rep00005...', () => {
    const workers = new Set(book.flatMap((record) => record.workers));
    for (const identity of [
      'alice@example.com',
      'bob@example.com',
      'carol@example.com',
      'dave@example.com',
      'rep00005@example.com',
      'rep00040@example.com',
    ]) {
      assert.ok(workers.has(identity), identity);
    }
    assert.equal(workers.size, 40);
  });

  test('shares customers: about 75% have one worker, 20% two, 5% three', () => {
    const share = (n: number) => book.filter((record) => record.workers.length === n).length / book.length;
    assert.ok(Math.abs(share(1) - 0.75) < 0.03, `one: ${share(1)}`);
    assert.ok(Math.abs(share(2) - 0.2) < 0.03, `two: ${share(2)}`);
    assert.ok(Math.abs(share(3) - 0.05) < 0.02, `three: ${share(3)}`);
    const [solo] = [...demoRecords({ customers: 200, workers: 1 })].filter(
      (record) => record.workers.length !== 1,
    );
    assert.equal(solo, undefined, 'never more workers than there are');
    assert.deepEqual([...demoRecords({ customers: 1, workers: 0 })][0]?.workers, []);
  });

  test('rejects counts that are not whole numbers', () => {
    assert.throws(() => [...demoRecords({ customers: -1, workers: 1 })], RangeError);
    assert.throws(() => [...demoRecords({ customers: 1, workers: 1.5 })], RangeError);
  });

  // How fast it generates is the bench's business (a timed assertion fails on a loaded machine); that a big book
  // comes out whole, with every customer_id once, is the test's.
  test('generates a big book with every customer_id once', () => {
    const ids = new Set<string>();
    let records = 0;
    for (const record of demoRecords({ customers: 100_000, workers: 500 })) {
      ids.add(record.customer_id);
      records += 1;
    }
    assert.equal(records, 100_000);
    assert.equal(ids.size, 100_000);
  });

  test('demoWorkers names the workers demoRecords assigns, every profile valid', () => {
    const profiles = demoWorkers(30);
    const assigned = new Set(
      [...demoRecords({ customers: 500, workers: 30 })].flatMap((record) => record.workers),
    );
    assert.deepEqual(new Set(profiles.map((profile) => profile.identity)), assigned);
    assert.deepEqual(profiles[0], {
      identity: 'alice@example.com',
      display_name: 'Alice Smith',
      first_name: 'Alice',
      last_name: 'Smith',
    });
    for (const profile of profiles) assert.deepEqual(normalizeWorker(profile), { ok: true, profile });
  });
});
