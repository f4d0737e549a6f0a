import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { ConfigError } from '../../src/config-values.ts';
import { normalizeRecord } from '../../src/import/normalize.ts';
import { type HubspotContext, hubspotRecord } from '../../src/sync/hubspot-record.ts';
import {
  DEFAULT_HUBSPOT,
  DEFAULT_SALESFORCE,
  hubspotProperties,
  loadMapping,
  salesforceFields,
} from '../../src/sync/mapping.ts';
import { salesforceRecord } from '../../src/sync/salesforce-record.ts';
import { tempDir } from '../support/temp-dir.ts';

const dir = tempDir('frontline-mapping-');
const file = (name: string, text: string) => {
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
};
const rejects = (path: string, message: string) =>
  assert.rejects(
    loadMapping(path),
    (error: unknown) => error instanceof ConfigError && error.message === message,
  );

const context: HubspotContext = {
  fields: DEFAULT_HUBSPOT,
  owners: new Map([['77', 'Ana@Example.com']]),
  portalId: '4200',
  appUrl: 'https://app.hubspot.com',
};

describe('the mapping file', () => {
  test('is the documented default without a file', async () => {
    assert.deepEqual(await loadMapping(undefined), {
      hubspot: DEFAULT_HUBSPOT,
      salesforce: DEFAULT_SALESFORCE,
    });
    assert.deepEqual(hubspotProperties(DEFAULT_HUBSPOT), [
      'firstname',
      'lastname',
      'phone',
      'mobilephone',
      'email',
      'hubspot_owner_id',
    ]);
  });

  test('reads YAML and JSON, the fields it leaves out keeping their default', async () => {
    const yaml = file(
      'm.yaml',
      'hubspot:\n  whatsapp: [whatsapp_number]\n  avatar: photo_url\n  link: false\n',
    );
    assert.deepEqual(await loadMapping(yaml), {
      hubspot: { ...DEFAULT_HUBSPOT, whatsapp: ['whatsapp_number'], avatar: 'photo_url', link: false },
      salesforce: DEFAULT_SALESFORCE,
    });
    const json = file(
      'm.json',
      '{"hubspot":{"display_name":["company"],"owners":["hubspot_owner_id","second_rep"]}}',
    );
    assert.deepEqual(await loadMapping(json), {
      hubspot: { ...DEFAULT_HUBSPOT, displayName: ['company'], owners: ['hubspot_owner_id', 'second_rep'] },
      salesforce: DEFAULT_SALESFORCE,
    });
  });

  test('stops the start with one line naming the file and what is wrong', async () => {
    await rejects(
      join(dir, 'm.txt'),
      `SYNC_MAPPING_FILE ${join(dir, 'm.txt')}: must be a .yaml, .yml or .json file`,
    );
    await rejects(
      join(dir, 'none.yaml'),
      `SYNC_MAPPING_FILE ${join(dir, 'none.yaml')}: cannot be read (ENOENT)`,
    );
    const typo = file('typo.yaml', 'hubspot:\n  emial: [email]\n');
    await rejects(typo, `SYNC_MAPPING_FILE ${typo}: unknown field "hubspot.emial"`);
    const wrong = file('wrong.yaml', 'hubspot:\n  sms: phone\n');
    await rejects(wrong, `SYNC_MAPPING_FILE ${wrong}: hubspot.sms must be array`);
    const broken = file('broken.json', '{"hubspot": ');
    await assert.rejects(
      loadMapping(broken),
      /^ConfigError: SYNC_MAPPING_FILE .*broken\.json: is not valid JSON: /,
    );
  });
});

describe('a HubSpot contact', () => {
  test('becomes a record with its name, channels, owner and page by the default mapping', () => {
    const raw = hubspotRecord(
      {
        id: '101',
        properties: {
          firstname: 'Mary',
          lastname: 'Major',
          phone: '+1 415 555 0100',
          mobilephone: '+14155550101',
          email: 'mary@example.com',
          hubspot_owner_id: '77',
        },
      },
      context,
    );
    const result = normalizeRecord(raw, {});
    assert.deepEqual(result, {
      ok: true,
      record: {
        customer_id: 'hubspot:101',
        display_name: 'Mary Major',
        channels: [
          { type: 'sms', value: '+14155550100' },
          { type: 'sms', value: '+14155550101' },
          { type: 'email', value: 'mary@example.com' },
        ],
        links: [
          {
            type: 'HubSpot',
            value: 'https://app.hubspot.com/contacts/4200/record/0-1/101',
            display_name: 'Open in HubSpot',
          },
        ],
        workers: ['Ana@Example.com'],
      },
      // A CRM's record never carries an explicit opt-out change: a sync cannot clear a customer's STOP.
      optOuts: [],
    });
  });

  test('is named by its e-mail, then its id, and has no worker for an unknown owner', () => {
    const byEmail = hubspotRecord(
      { id: '5', properties: { email: 'x@example.com', hubspot_owner_id: '9' } },
      context,
    );
    assert.equal(byEmail.display_name, 'x@example.com');
    assert.deepEqual(byEmail.workers, []);
    const byId = hubspotRecord(
      { id: '6', properties: { firstname: ' ', lastname: null } },
      { ...context, portalId: null },
    );
    assert.deepEqual(byId, { customer_id: 'hubspot:6', display_name: '6', workers: [] });
  });

  test('with a phone that is not a number is refused by the import rules', () => {
    const result = normalizeRecord(hubspotRecord({ id: '7', properties: { phone: 'call me' } }, context), {});
    assert.equal(result.ok, false);
  });
});

describe('the Salesforce mapping', () => {
  test('selects Id, SystemModstamp and the mapped fields by default, Owner.Email among them', () => {
    assert.deepEqual(salesforceFields(DEFAULT_SALESFORCE), [
      'Id',
      'SystemModstamp',
      'FirstName',
      'LastName',
      'Phone',
      'MobilePhone',
      'Email',
      'Owner.Email',
    ]);
  });

  test('reads objects and extra worker fields, and refuses a field name SOQL could not take as it is', async () => {
    const yaml = file(
      'sf.yaml',
      'salesforce:\n  objects: [Contact, Lead]\n  workers: [Owner.Email, Second_Rep__r.Email]\n',
    );
    assert.deepEqual((await loadMapping(yaml)).salesforce, {
      ...DEFAULT_SALESFORCE,
      objects: ['Contact', 'Lead'],
      workers: ['Owner.Email', 'Second_Rep__r.Email'],
    });
    const injected = file('inj.yaml', 'salesforce:\n  email: ["Email FROM User WHERE Name = \'x\'"]\n');
    await assert.rejects(
      loadMapping(injected),
      /^ConfigError: SYNC_MAPPING_FILE .*inj\.yaml: salesforce\.email\.0 must match pattern/,
    );
    const object = file('obj.yaml', 'salesforce:\n  objects: [Account]\n');
    await assert.rejects(
      loadMapping(object),
      /^ConfigError: SYNC_MAPPING_FILE .*obj\.yaml: salesforce\.objects\.0 /,
    );
  });
});

describe('details and extra workers', () => {
  test('are read from the file, each placeholder a field the sync then asks for', async () => {
    const yaml = file(
      'details.yaml',
      [
        'hubspot:',
        '  worker_emails: [team_rep_email]',
        '  details: { title: Company, content: "{{company}}, {{jobtitle}}" }',
        'salesforce:',
        '  details: { title: "{{Account.Name}}", content: "{{Title}}, {{Department}}\\nLead source: {{LeadSource}}" }',
        '',
      ].join('\n'),
    );
    const mapping = await loadMapping(yaml);
    assert.deepEqual(mapping.hubspot.workerEmails, ['team_rep_email']);
    assert.deepEqual(hubspotProperties(mapping.hubspot).slice(-3), ['team_rep_email', 'company', 'jobtitle']);
    assert.deepEqual(salesforceFields(mapping.salesforce).slice(-4), [
      'Account.Name',
      'Title',
      'Department',
      'LeadSource',
    ]);
    const hubspot = normalizeRecord(
      hubspotRecord(
        {
          id: '8',
          properties: {
            firstname: 'Ann',
            company: 'Acme',
            hubspot_owner_id: '77',
            team_rep_email: 'Team@Example.com',
          },
        },
        { ...context, fields: mapping.hubspot },
      ),
      {},
    );
    assert.ok(hubspot.ok);
    assert.deepEqual(hubspot.record.details, { title: 'Company', content: 'Acme' });
    assert.deepEqual(hubspot.record.workers, ['Ana@Example.com', 'Team@Example.com']);
    const salesforce = normalizeRecord(
      salesforceRecord(
        'Contact',
        {
          Id: '003Dn0000000000001',
          SystemModstamp: '2026-11-01T00:00:00.000+0000',
          LastName: 'Major',
          Title: 'CFO',
          LeadSource: 'Web',
          Account: { attributes: { type: 'Account', url: '' }, Name: 'Acme' },
          Owner: null,
        },
        { fields: mapping.salesforce, instanceUrl: 'https://acme.my.salesforce.com' },
      ),
      {},
    );
    assert.ok(salesforce.ok);
    // A missing field removes itself and the comma before it, as in the templates file.
    assert.deepEqual(salesforce.record.details, { title: 'Acme', content: 'CFO\nLead source: Web' });
    assert.deepEqual(salesforce.record.workers, []);
  });

  test('leave the details out when the content has nothing, and refuse a placeholder that is no field name', async () => {
    const mapping = await loadMapping(
      file('d.yaml', 'hubspot:\n  details: { title: Notes, content: "{{notes}}" }\n'),
    );
    assert.equal(
      hubspotRecord({ id: '9', properties: {} }, { ...context, fields: mapping.hubspot }).details,
      undefined,
    );
    const bad = file(
      'bad-details.yaml',
      'salesforce:\n  details: { title: T, content: "{{Account Name}}" }\n',
    );
    await rejects(
      bad,
      `SYNC_MAPPING_FILE ${bad}: salesforce.details.content {{Account Name}} is not a field name`,
    );
  });
});
