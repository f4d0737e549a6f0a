// A throwaway PostgreSQL cluster: initdb into a fresh temp folder, listen on 127.0.0.1 on a free port with the socket
// in that folder, fsync off. `npm test` runs one for the whole run (scripts/test.js); the outage tests run one of their
// own, since they stop it. As root, initdb and postgres run as the `postgres` OS user (both refuse root).
import { type SpawnSyncOptions, spawnSync } from 'node:child_process';
import { chownSync, existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';

export const INSTALL_COMMAND = 'Debian/Ubuntu: apt-get install postgresql postgresql-contrib';
export const INSTALL_HINT = `install PostgreSQL (${INSTALL_COMMAND}) or set TEST_DATABASE_URL to a server where the tests may create databases`;

export interface Cluster {
  /** postgres://postgres@127.0.0.1:PORT/postgres */
  url: string;
  dir: string;
  start(): void;
  /** Stops the server the way an administrator does (`pg_ctl stop -m fast`): sessions are ended. */
  stop(): void;
  /** Stops the server if it runs and removes its folder; safe to call twice. */
  destroy(): void;
}

/** The folder holding initdb and pg_ctl: $PG_BIN, pg_config's, Debian's newest, or the PATH's; null when none. */
export function findPostgresBin(): string | null {
  const debian = '/usr/lib/postgresql';
  const versions = existsSync(debian)
    ? readdirSync(debian)
        .filter((name) => /^\d+$/.test(name))
        .sort((a, b) => Number(b) - Number(a))
    : [];
  const pgConfig = spawnSync('pg_config', ['--bindir'], { encoding: 'utf8' });
  const candidates = [
    process.env.PG_BIN,
    pgConfig.status === 0 ? pgConfig.stdout.trim() : undefined,
    ...versions.map((version) => join(debian, version, 'bin')),
    ...(process.env.PATH ?? '').split(delimiter),
  ];
  return (
    candidates.find((dir) => dir && existsSync(join(dir, 'initdb')) && existsSync(join(dir, 'pg_ctl'))) ??
    null
  );
}

export async function startCluster(): Promise<Cluster> {
  const bin = findPostgresBin();
  if (bin === null) throw new Error(`PostgreSQL's initdb and pg_ctl were not found: ${INSTALL_HINT}`);
  const share = spawnSync(join(bin, 'pg_config'), ['--sharedir'], { encoding: 'utf8' }).stdout?.trim();
  if (share && !existsSync(join(share, 'extension', 'pg_trgm.control'))) {
    throw new Error(`PostgreSQL's pg_trgm extension is missing from ${share}/extension: ${INSTALL_HINT}`);
  }
  const dir = mkdtempSync(join(tmpdir(), 'frontline-pg-'));
  const owner = serverUser();
  if (owner !== undefined) chownSync(dir, owner.uid, owner.gid);
  const data = join(dir, 'data');
  const as: SpawnSyncOptions = { cwd: dir, encoding: 'utf8', ...owner };
  const run = (tool: string, args: string[]) => {
    const result = spawnSync(join(bin, tool), args, as);
    if (result.status !== 0)
      throw new Error(`${tool} failed: ${String(result.stderr || result.stdout).trim()}`);
  };
  const initdb = ['-D', data, '-U', 'postgres', '--auth=trust', '-E', 'UTF8', '--no-sync'];
  try {
    // A linguistic default collation (ICU en-US), so a key column missing COLLATE "C" would sort wrongly in tests.
    run('initdb', [...initdb, '--locale-provider=icu', '--icu-locale=en-US', '--locale=C.UTF-8']);
  } catch {
    rmSync(data, { recursive: true, force: true });
    run('initdb', initdb);
  }
  const port = await freePort();
  const options = [
    `-c listen_addresses=127.0.0.1 -p ${port} -c unix_socket_directories=${dir}`,
    '-c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=200',
  ].join(' ');
  let running = false;
  const cluster: Cluster = {
    url: `postgres://postgres@127.0.0.1:${port}/postgres`,
    dir,
    start() {
      run('pg_ctl', ['-D', data, '-l', join(dir, 'server.log'), '-o', options, '-w', '-t', '60', 'start']);
      running = true;
    },
    stop() {
      run('pg_ctl', ['-D', data, '-m', 'fast', '-w', 'stop']);
      running = false;
    },
    destroy() {
      if (running) spawnSync(join(bin, 'pg_ctl'), ['-D', data, '-m', 'immediate', '-w', 'stop'], as);
      running = false;
      rmSync(dir, { recursive: true, force: true });
    },
  };
  try {
    cluster.start();
  } catch (error) {
    cluster.destroy();
    throw error;
  }
  return cluster;
}

function serverUser(): { uid: number; gid: number } | undefined {
  if (process.getuid?.() !== 0) return undefined;
  const id = (flag: string) => spawnSync('id', [flag, 'postgres'], { encoding: 'utf8' });
  const uid = id('-u');
  const gid = id('-g');
  if (uid.status !== 0 || gid.status !== 0) {
    throw new Error(
      `running as root, but there is no \`postgres\` user to run the server as: ${INSTALL_HINT}`,
    );
  }
  return { uid: Number(uid.stdout), gid: Number(gid.stdout) };
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() =>
        typeof address === 'object' && address !== null ? resolve(address.port) : reject(),
      );
    });
  });
}
