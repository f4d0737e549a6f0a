// A worker's whole list walked the way the app scrolls: by `next_page_token` while the answers give one, or by
// `Anchor` (the last customer_id shown). It stops at the end (a page without a token, or an empty page in Anchor
// mode), at the first problem, or at the --max-customers cap.
import type { CheckContext } from './check-context.ts';

export interface Crawl {
  mode: 'token' | 'anchor';
  /** The customer ids in the order they came, each once (a repeat ends the crawl as a problem). */
  ids: string[];
  /** The names the list gave, by id. */
  names: Map<string, string>;
  pages: number;
  /** The largest page seen, against the PageSize asked. */
  largestPage: number;
  /** Whether any page gave a next_page_token. */
  gaveToken: boolean;
  ended: 'end' | 'cap' | 'problem';
  problem?: string;
}

export async function crawl(
  context: CheckContext,
  worker: string,
  mode: 'token' | 'anchor',
  query?: string,
  maxCustomers = context.options.maxCustomers,
): Promise<Crawl> {
  const { pageSize } = context.options;
  const result: Crawl = {
    mode,
    ids: [],
    names: new Map(),
    pages: 0,
    largestPage: 0,
    gaveToken: false,
    ended: 'end',
  };
  const seen = new Set<string>();
  const tokens = new Set<string>();
  let next: Record<string, string> = {};
  for (;;) {
    const fields = { PageSize: String(pageSize), ...(query === undefined ? {} : { Query: query }), ...next };
    const answer = await context.list(worker, fields, `${mode} crawl page ${result.pages + 1}`);
    if (answer.page === undefined)
      return { ...result, ended: 'problem', problem: `page ${result.pages + 1} ${answer.problem}` };
    const { customers, nextPageToken } = answer.page;
    result.pages += 1;
    result.largestPage = Math.max(result.largestPage, customers.length);
    for (const { customer_id: id, display_name: name } of customers) {
      if (seen.has(id))
        return { ...result, ended: 'problem', problem: `customer ${id} came twice (page ${result.pages})` };
      seen.add(id);
      result.ids.push(id);
      result.names.set(id, name);
    }
    if (nextPageToken !== undefined) result.gaveToken = true;
    if (result.ids.length >= maxCustomers) return { ...result, ended: 'cap' };
    if (mode === 'token') {
      if (nextPageToken === undefined) return result;
      if (tokens.has(nextPageToken))
        return { ...result, ended: 'problem', problem: `page ${result.pages} gave a token it gave before` };
      tokens.add(nextPageToken);
      next = { NextPageToken: nextPageToken };
    } else {
      const last = customers.at(-1);
      if (last === undefined) return result;
      next = { Anchor: last.customer_id };
    }
  }
}
