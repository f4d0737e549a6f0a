// The keywords of onMessageAdded (docs/other-callbacks.md, "Opt-outs"): a customer's message that is one of them,
// trimmed and in any case, opts its channel out or back in. Both lists are comma-separated words; a malformed one, or
// a word in both, stops the start naming the variable.
import { type Env, fail, list } from './config-values.ts';

export const DEFAULT_OPT_OUT_KEYWORDS = ['STOP', 'STOPALL', 'UNSUBSCRIBE', 'CANCEL', 'END', 'QUIT'] as const;
export const DEFAULT_OPT_IN_KEYWORDS = ['START', 'UNSTOP', 'YES'] as const;

export interface OptOutKeywords {
  /** Upper-cased (toUpperCase, as a message body is compared). */
  optOut: ReadonlySet<string>;
  optIn: ReadonlySet<string>;
}

// One word of letters or digits in any script: what a customer types as a keyword, never a phrase or a pattern.
const KEYWORD = /^[\p{L}\p{N}]{1,32}$/u;

function keywords(env: Env, variable: string, fallback: readonly string[]): Set<string> {
  const raw = env[variable];
  if (raw === undefined || raw.trim() === '') return new Set(fallback);
  const words = list(raw).map((word) => word.trim());
  for (const word of words)
    if (!KEYWORD.test(word))
      fail(variable, `must be comma-separated words of 1 to 32 letters or digits (got "${word}")`);
  return new Set(words.map((word) => word.toUpperCase()));
}

export function optOutKeywords(env: Env): OptOutKeywords {
  const optOut = keywords(env, 'OPT_OUT_KEYWORDS', DEFAULT_OPT_OUT_KEYWORDS);
  const optIn = keywords(env, 'OPT_IN_KEYWORDS', DEFAULT_OPT_IN_KEYWORDS);
  const both = [...optOut].find((word) => optIn.has(word));
  if (both !== undefined)
    fail(
      'OPT_IN_KEYWORDS',
      `holds "${both}", an opt-out keyword too (OPT_OUT_KEYWORDS): a word means one thing`,
    );
  return { optOut, optIn };
}
