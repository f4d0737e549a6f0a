// A settings file read whole and parsed by its extension (.yaml, .yml or .json), for the files a setting names
// (TEMPLATES_FILE, SYNC_MAPPING_FILE): any problem is a one-line ConfigError naming the setting and the file, so a
// bad file stops the start with a message instead of a stack.
import { readFile } from 'node:fs/promises';
import { extname } from 'node:path';
import { parse as parseYaml } from 'yaml';
import { ConfigError } from './config-values.ts';

/** Throws the ConfigError of `setting` naming `path` and why. */
export const documentError =
  (setting: string, path: string) =>
  (why: string): never => {
    throw new ConfigError(`${setting} ${path}: ${why}`);
  };

/** The parsed document; its shape is the caller's to check. */
export async function readDocument(setting: string, path: string): Promise<unknown> {
  const fail = documentError(setting, path);
  const format = extname(path).toLowerCase();
  if (!['.yaml', '.yml', '.json'].includes(format)) fail('must be a .yaml, .yml or .json file');
  let text = '';
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    fail(`cannot be read (${(error as NodeJS.ErrnoException).code ?? 'error'})`);
  }
  try {
    return format === '.json' ? JSON.parse(text) : parseYaml(text);
  } catch (error) {
    return fail(
      `is not valid ${format === '.json' ? 'JSON' : 'YAML'}: ${(error as Error).message.split('\n')[0]?.replace(/:$/, '')}`,
    );
  }
}
