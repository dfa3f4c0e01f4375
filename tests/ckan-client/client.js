// Drives Stadtkern's CKAN Action API with the ckan npm client (ckan.js 0.2.3), which POSTs JSON to
// {endpoint}/api/3/action/{name} and sends the API key as X-CKAN-API-KEY. Reads CKAN_URL and CKAN_TOKEN,
// prints one JSON line with what it saw, exits non-zero on the first unexpected answer.
'use strict';
const assert = require('node:assert/strict');
const CKAN = require('ckan');

const url = process.env.CKAN_URL;
const token = process.env.CKAN_TOKEN;
const org = process.env.CKAN_ORG;
const anonymous = new CKAN.Client(url);
const steward = new CKAN.Client(url, token);

function call(client, action, data) {
  return new Promise((resolve, reject) => {
    client.action(action, data, (err, body) => (err ? reject(Object.assign(new Error(String(err)), { body })) : resolve(body)));
  });
}

async function main() {
  const status = await call(anonymous, 'status_show', {});
  assert.equal(status.success, true);
  assert.match(status.result.ckan_version, /^2\.10\./);

  const created = await call(steward, 'package_create', {
    name: 'npm-client-dataset',
    title: 'Angelegt mit ckan.js',
    owner_org: org,
    notes: 'Luftmessstationen im Stadtgebiet',
    license_id: 'dl-zero-de/2.0',
    tags: [{ name: 'Luft' }],
    extras: [{ key: 'theme', value: '["ENVI"]' }],
    resources: [{ name: 'Messwerte', url: 'https://daten.musterstadt.example/luft.csv', format: 'CSV' }],
  });
  assert.equal(created.result.name, 'npm-client-dataset');

  const resource = await call(steward, 'resource_create', {
    package_id: created.result.id, name: 'Stationen', url: 'https://daten.musterstadt.example/stationen.json', format: 'JSON',
  });
  assert.equal(resource.result.package_id, created.result.id);

  const search = await call(anonymous, 'package_search', { q: 'Luftmessstationen', fq: 'tags:Luft', 'facet.field': ['res_format'] });
  assert.equal(search.result.count, 1);
  assert.deepEqual(search.result.facets.res_format, { CSV: 1, JSON: 1 });

  const shown = await call(anonymous, 'package_show', { id: 'npm-client-dataset' });
  assert.equal(shown.result.num_resources, 2);

  let denied;
  try {
    await call(anonymous, 'package_delete', { id: 'npm-client-dataset' });
  } catch (e) {
    denied = e;
  }
  assert.ok(denied, 'anonymous delete must fail');
  assert.match(denied.message, /HTTP code 403/);
  assert.equal(denied.body.error.__type, 'Authorization Error');

  await call(steward, 'package_delete', { id: 'npm-client-dataset' });
  const after = await call(anonymous, 'package_search', { q: 'Luftmessstationen' });
  assert.equal(after.result.count, 0);

  console.log(JSON.stringify({ ok: true, version: status.result.ckan_version, found: search.result.count, resources: shown.result.num_resources }));
}

main().catch((e) => {
  console.error(e.stack || String(e), e.body ? JSON.stringify(e.body) : '');
  process.exit(1);
});
