import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { accepted, assertFixedPoint, base, rejected } from './normalize-helpers.ts';

describe('avatar', () => {
  test('is an absolute https URL, stored in its WHATWG form', () => {
    const record = accepted({ ...base, avatar: ' https://Example.com/a b.png ' });
    assert.equal(record.avatar, 'https://example.com/a%20b.png');
    assertFixedPoint(record);
  });

  test('null and "" mean no avatar', () => {
    assert.equal('avatar' in accepted({ ...base, avatar: null }), false);
    assert.equal('avatar' in accepted({ ...base, avatar: '' }), false);
  });

  test('rejects relative, non-https and over-long URLs', () => {
    assert.equal(rejected({ ...base, avatar: '/a.png' }), 'avatar: "/a.png" is not an absolute URL');
    assert.equal(
      rejected({ ...base, avatar: 'http://example.com/a.png' }),
      'avatar: "http://example.com/a.png" is not allowed: only https: URLs',
    );
    assert.match(rejected({ ...base, avatar: 'data:image/png;base64,AAAA' }), /only https: URLs/);
    const path = 'a'.repeat(2048 - 'https://example.com/'.length);
    assert.ok(accepted({ ...base, avatar: `https://example.com/${path}` }).avatar);
    assert.equal(
      rejected({ ...base, avatar: `https://example.com/${path}b` }),
      'avatar: 2049 characters, at most 2048',
    );
    assert.match(rejected({ ...base, avatar: 7 }), /^avatar: expected a string/);
  });
});

describe('links', () => {
  test('accept https and mailto, defaulting display_name to the type', () => {
    const record = accepted({
      ...base,
      links: [
        {
          type: ' Salesforce ',
          value: 'https://example.my.salesforce.com/001',
          display_name: 'Open\nrecord',
        },
        { type: 'E-mail', value: 'mailto:zoe@example.com', display_name: null },
        { type: 'Web', value: 'https://example.com', display_name: '' },
      ],
    });
    assert.deepEqual(record.links, [
      { type: 'Salesforce', value: 'https://example.my.salesforce.com/001', display_name: 'Open record' },
      { type: 'E-mail', value: 'mailto:zoe@example.com', display_name: 'E-mail' },
      { type: 'Web', value: 'https://example.com/', display_name: 'Web' },
    ]);
    assertFixedPoint(record);
  });

  test('reject other protocols, relative URLs and empty mailto', () => {
    const link = (value: string) => ({ ...base, links: [{ type: 'Web', value }] });
    assert.equal(
      rejected(link('http://example.com')),
      'links[0].value: "http://example.com" is not allowed: only https: and mailto: URLs',
    );
    assert.match(rejected(link('javascript:alert(1)')), /is not allowed/);
    assert.match(rejected(link('tel:+12125550123')), /is not allowed/);
    assert.equal(rejected(link('example.com')), 'links[0].value: "example.com" is not an absolute URL');
    assert.equal(rejected(link('mailto:')), 'links[0].value: "mailto:" has no address');
    assert.equal(
      rejected(link(`https://example.com/${'a'.repeat(1005)}`)),
      'links[0].value: 1025 characters, at most 1024',
    );
  });

  test('check the type and display_name', () => {
    const value = 'https://example.com/';
    assert.equal(rejected({ ...base, links: [{ type: ' ', value }] }), 'links[0].type: empty');
    assert.equal(rejected({ ...base, links: [{ value }] }), 'links[0].type: missing');
    assert.equal(
      rejected({ ...base, links: [{ type: 't'.repeat(65), value }] }),
      'links[0].type: 65 characters, at most 64',
    );
    assert.equal(
      rejected({ ...base, links: [{ type: 'Web', value, display_name: 'd'.repeat(101) }] }),
      'links[0].display_name: 101 characters, at most 100',
    );
    assert.equal(
      rejected({ ...base, links: [{ type: 'Web', value, url: value }] }),
      'links[0]: unknown field "url"',
    );
  });

  test('check every link, and each of its fields', () => {
    const value = 'https://example.com/';
    assert.equal(
      rejected({
        ...base,
        links: [
          { type: ' ', value: 'http://example.com', display_name: 'd'.repeat(101) },
          { type: 'Web', value },
          'https://example.com/2',
        ],
      }),
      'links[0].type: empty; links[0].value: "http://example.com" is not allowed: only https: and mailto: URLs; ' +
        'links[0].display_name: 101 characters, at most 100; links[2]: expected an object, got a string ("https://example.com/2")',
    );
  });

  test('hold at most 10', () => {
    const links = (n: number) =>
      Array.from({ length: n }, (_, i) => ({ type: `L${i}`, value: 'https://example.com/' }));
    assert.equal(accepted({ ...base, links: links(10) }).links?.length, 10);
    assert.equal(rejected({ ...base, links: links(11) }), 'links: 11 links, at most 10');
    assert.equal('links' in accepted({ ...base, links: [] }), false);
  });
});
