// `frontline <command>`: dispatch to one file per subcommand; every failure ends as one line on stderr.
import { ConfigError } from '../config.ts';
import { CliError } from './cli-error.ts';
import { demo } from './demo.ts';
import { demoData } from './demo-data.ts';
import { exportCommand } from './export.ts';
import { importCommand } from './import.ts';
import { migrateCommand } from './migrate.ts';
import { serve } from './serve.ts';
import { sign } from './sign.ts';

export const HELP = `Usage: frontline <command> [options]

Commands:
  serve                        Serve the Frontline callbacks (settings from the environment: see README / .env.example)
  demo                         Serve on 127.0.0.1 with demo customers and signature checks off
  import FILE|-                Upsert customers from NDJSON or CSV
      --format ndjson|csv      Format when the file name does not tell (required for stdin)
      --skip-invalid           Write the valid records even if some are invalid
      --replace                Make the directory hold exactly this file's customers
  export                       Write every customer as NDJSON (the import format) to stdout
  migrate                      Bring the store's schema up to date (serve, import and export also do it)
  demo-data                    Write a synthetic customer book as NDJSON to stdout
      --customers N            How many customers (default 1000)
      --workers W              How many workers (default 10)
      --seed S                 Random seed (default 1)
  sign URL [--param k=v ...]   Print the X-Twilio-Signature for a POST to URL with these form fields
  help                         This text
`;

type Command = (argv: string[]) => Promise<number>;

const COMMANDS: Record<string, Command> = {
  serve,
  demo,
  import: importCommand,
  export: exportCommand,
  'demo-data': demoData,
  migrate: migrateCommand,
  sign,
};

export async function main(argv: string[]): Promise<number> {
  const [name, ...rest] = argv;
  if (name === undefined || name === 'help' || name === '--help' || name === '-h') {
    process.stdout.write(HELP);
    return name === undefined ? 2 : 0;
  }
  const command = Object.hasOwn(COMMANDS, name) ? COMMANDS[name] : undefined;
  if (command === undefined) {
    process.stderr.write(`frontline: unknown command "${name}" (see: frontline help)\n`);
    return 2;
  }
  try {
    return await command(rest);
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
