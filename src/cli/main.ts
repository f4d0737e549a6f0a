// `frontline <command>`: dispatch to one file per subcommand; every failure ends as one line on stderr.
import { API_KEY_NAME_RULE } from '../api/api-keys.ts';
import { ConfigError } from '../config-values.ts';
import { endOfLifeNotice, nodeNoticeEnabled } from '../node-support.ts';
import { serviceVersion } from '../version.ts';
import { CliError } from './cli-error.ts';
import { CHECK_OPTIONS, SIMULATOR_OPTIONS } from './command-options.ts';
import { FILE_OPTIONS_HELP } from './file-options.ts';

type Command = (argv: string[]) => Promise<number>;

/**
 * A command whose module is loaded only when it runs: `frontline --version` or `import` does not load Fastify, the
 * PostgreSQL client, the simulator or the CRM clients (loading every command took 2.5 s of CPU).
 */
function lazy<M>(load: () => Promise<M>, pick: (module: M) => Command): Command {
  return async (argv) => pick(await load())(argv);
}

interface CommandEntry {
  run: Command;
  /** What follows the command's name on its usage line. */
  synopsis: string;
  summary: string;
  /** Its options, one `  --flag   meaning` line each. */
  options?: string;
}

const COMMANDS: Record<string, CommandEntry> = {
  serve: {
    run: lazy(
      () => import('./serve.ts'),
      (m) => m.serve,
    ),
    synopsis: '',
    summary: 'Serve the Frontline callbacks (settings from the environment: see README / .env.example)',
  },
  demo: {
    run: lazy(
      () => import('./demo.ts'),
      (m) => m.demo,
    ),
    synopsis: '',
    summary: 'Serve on 127.0.0.1 with demo customers and signature checks off',
  },
  import: {
    run: lazy(
      () => import('./import.ts'),
      (m) => m.importCommand,
    ),
    synopsis: 'FILE|-',
    summary: 'Upsert customers from NDJSON or CSV',
    options: `${FILE_OPTIONS_HELP}
  --skip-invalid           Write the valid records even if some are invalid (with --replace, the
                           customers of invalid rows are kept as they are)
  --replace                Make the directory hold exactly this file's customers
  --dry-run                Print what the import would do, and write nothing
  --max-remove N|P%        Stop a replace that would remove more customers than this (default 10%)
  --force                  Commit a replace whatever it removes`,
  },
  'import-workers': {
    run: lazy(
      () => import('./import-workers.ts'),
      (m) => m.importWorkersCommand,
    ),
    synopsis: 'FILE|-',
    summary: 'Upsert the worker profiles templates sign with, from CSV or NDJSON, all or nothing',
    options: `${FILE_OPTIONS_HELP}
  --replace                Make the store hold exactly this file's worker profiles`,
  },
  export: {
    run: lazy(
      () => import('./export.ts'),
      (m) => m.exportCommand,
    ),
    synopsis: '',
    summary: 'Write every customer as NDJSON (the import format) to stdout',
  },
  migrate: {
    run: lazy(
      () => import('./migrate.ts'),
      (m) => m.migrateCommand,
    ),
    synopsis: '',
    summary: "Bring the store's schema up to date (serve, import and export also do it)",
  },
  'api-key create': {
    run: lazy(
      () => import('./api-key.ts'),
      (m) => m.apiKeyCreate,
    ),
    synopsis: 'NAME',
    summary: 'Create a key for the directory API (/api/v1) and print it, this once only',
    options: `  --read-only              The key may read (GET) but not write
  NAME is ${API_KEY_NAME_RULE}`,
  },
  'api-key list': {
    run: lazy(
      () => import('./api-key.ts'),
      (m) => m.apiKeyList,
    ),
    synopsis: '',
    summary: "List the directory API's keys: name, created, last used, read-only (never the key)",
  },
  'api-key revoke': {
    run: lazy(
      () => import('./api-key.ts'),
      (m) => m.apiKeyRevoke,
    ),
    synopsis: 'NAME',
    summary: 'Delete a key: from now on no instance accepts it',
  },
  'demo-data': {
    run: lazy(
      () => import('./demo-data.ts'),
      (m) => m.demoData,
    ),
    synopsis: '',
    summary: 'Write a synthetic customer book as NDJSON to stdout',
    options: `  --customers N            How many customers (default 1000)
  --workers W              How many workers (default 10)
  --seed S                 Random seed (default 1)`,
  },
  sync: {
    run: lazy(
      () => import('./sync.ts'),
      (m) => m.syncCommand,
    ),
    synopsis: 'hubspot|salesforce --once|--every DURATION',
    summary:
      'Copy what changed in HubSpot or Salesforce since the last run into the directory (settings: docs/crm-sync.md)',
    options: `  --once                   One run, then exit (for cron)
  --every DURATION         Run, wait DURATION (30s, 5m, 1h), run again, until SIGTERM/SIGINT
  --full                   Read every contact, and remove the customers of that source the CRM no longer has
  One run per source at a time: a second one exits 3 (--every tries at its next tick)`,
  },
  'sync status': {
    run: lazy(
      () => import('./sync-status.ts'),
      (m) => m.syncStatusCommand,
    ),
    synopsis: '[--json]',
    summary: "Each source's checkpoint, last run (counts, errors, start, duration) and whether one runs now",
    options: '  --json                   The same as JSON, for scripts',
  },
  check: {
    run: lazy(
      () => import('./check.ts'),
      (m) => m.checkCommand,
    ),
    synopsis: 'URL --worker ID ...',
    summary: "Check a Frontline integration's callbacks against the protocol, signing every request",
    options: CHECK_OPTIONS,
  },
  simulator: {
    run: lazy(
      () => import('./simulator.ts'),
      (m) => m.simulatorCommand,
    ),
    synopsis: '[--target URL]',
    summary:
      'Serve a page on 127.0.0.1:5002 that plays the Frontline app against the callbacks, signing each one',
    options: SIMULATOR_OPTIONS,
  },
  sign: {
    run: lazy(
      () => import('./sign.ts'),
      (m) => m.sign,
    ),
    synopsis: 'URL [--param k=v ...]',
    summary: 'Print the X-Twilio-Signature for a POST to URL with these form fields',
  },
};

/** The commands that start a service or a long write, where a Node past its end of life is worth a line. */
const NOTICE_AT_START = new Set(['serve', 'demo', 'sync', 'import']);

const indent = (text: string) => text.replace(/^/gm, '    ');

export const HELP = `Usage: frontline <command> [options]

Commands:
${Object.entries(COMMANDS)
  .map(([name, entry]) => {
    const head = `  ${`${name} ${entry.synopsis}`.trim().padEnd(29)}${entry.summary}`;
    return entry.options === undefined ? head : `${head}\n${indent(entry.options)}`;
  })
  .join('\n')}
  help                         This text (and \`frontline <command> --help\`: that command's)
  --version                    The version of this service
`;

function usage(name: string, entry: CommandEntry): string {
  const options = entry.options === undefined ? '' : `\nOptions:\n${entry.options}\n`;
  return `Usage: frontline ${`${name} ${entry.synopsis}`.trim()}\n\n${entry.summary}.\n${options}`;
}

function version(): string {
  return `frontline ${serviceVersion()}\n`;
}

/** The command's name (one word, or two: `api-key create`) and the arguments after it. */
function commandOf(argv: string[]): [string | undefined, string[]] {
  const [first, second, ...more] = argv;
  const pair = `${first} ${second}`;
  return Object.hasOwn(COMMANDS, pair) ? [pair, more] : [first, argv.slice(1)];
}

export async function main(argv: string[]): Promise<number> {
  const [name, rest] = commandOf(argv);
  if (name === undefined || name === 'help' || name === '--help' || name === '-h') {
    process.stdout.write(HELP);
    return name === undefined ? 2 : 0;
  }
  if (name === '--version' || name === '-v' || name === 'version') {
    process.stdout.write(version());
    return 0;
  }
  const command = Object.hasOwn(COMMANDS, name) ? COMMANDS[name] : undefined;
  if (command === undefined) {
    const subcommands = Object.keys(COMMANDS).filter((known) => known.startsWith(`${name} `));
    const message =
      subcommands.length === 0
        ? `frontline: unknown command "${name}"`
        : `frontline ${name}: say which: ${subcommands.join(', ')}`;
    process.stderr.write(`${message} (see: frontline help)\n`);
    return 2;
  }
  // Before the command parses anything: --help must work whatever else is on the line.
  if (rest.includes('--help') || rest.includes('-h')) {
    process.stdout.write(usage(name, command));
    return 0;
  }
  try {
    if (NOTICE_AT_START.has(name) && nodeNoticeEnabled(process.env)) {
      const notice = endOfLifeNotice(process.versions.node, new Date());
      if (notice !== null) process.stderr.write(`${notice}\n`);
    }
    return await command.run(rest);
  } catch (error) {
    const exitCode = error instanceof CliError ? error.exitCode : 1;
    const prefix = error instanceof ConfigError ? 'configuration: ' : '';
    process.stderr.write(`frontline ${name}: ${prefix}${oneLine(error)}\n`);
    return exitCode;
  }
}

function oneLine(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  return message.split('\n')[0] ?? 'failed';
}
