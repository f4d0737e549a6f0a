// Search: the app leaves `Query` to the integration only when list answers say `searchable: true`; otherwise it
// filters what it has loaded, and a rep with 500 customers cannot find the 31st. The results must contain the query
// (in the name, an e-mail address or a phone number) and find the customer the query was taken from.
import { digitsOf, fold } from '../directory/text-key.ts';
import type { CheckContext } from './check-context.ts';
import { type CheckResult, fail, pass, plural, warn } from './check-result.ts';
import { crawl } from './crawl.ts';
import { isObject, type ListedCustomer } from './list-page.ts';

/** The longest run of letters and digits in a name: a word every integration that searches names should find. */
export function queryFrom(name: string): string | undefined {
  const words = name.match(/[\p{L}\p{N}]+/gu) ?? [];
  return words.sort((a, b) => b.length - a.length)[0];
}

export interface SearchOutcome {
  searchable: CheckResult;
  results: CheckResult;
}

const DETAILS_LOOKUPS = 10;
/** Search results crawled at most: enough to find the customer behind the query, not a whole book's worth. */
const SEARCH_CAP = 300;

export async function searchChecks(
  context: CheckContext,
  worker: string,
  from: ListedCustomer | undefined,
  pageSizeHonoured: boolean,
): Promise<SearchOutcome> {
  if (from === undefined) {
    const none = 'not run: the worker has no listed customer to search for';
    return { searchable: warn('search.searchable', none), results: warn('search.results', none) };
  }
  const query = queryFrom(from.display_name) ?? from.display_name;
  const about = `a word of ${from.customer_id}'s name (${plural([...query].length, 'character')})`;
  const first = await context.list(
    worker,
    { PageSize: String(context.options.pageSize), Query: query },
    'search',
  );
  if (first.page === undefined) {
    const why = `Query=${about}: ${first.problem}`;
    return { searchable: fail('search.searchable', why), results: warn('search.results', `not run: ${why}`) };
  }
  if (first.page.searchable !== true) {
    const saw = `Query=${about}: objects.searchable is ${first.page.searchable ?? 'missing'}, so the app only filters the customers it has loaded`;
    return {
      searchable: fail('search.searchable', saw),
      results: warn('search.results', 'not run: not searchable'),
    };
  }
  const searchable = pass('search.searchable', `Query=${about}: searchable: true`);
  // Without paging (list.page-size failed), an Anchor would only repeat the first page: it is all there is.
  const mode = first.page.nextPageToken === undefined && pageSizeHonoured ? 'anchor' : 'token';
  const walked = await crawl(context, worker, mode, query, SEARCH_CAP);
  if (walked.ended === 'problem') return { searchable, results: fail('search.results', `${walked.problem}`) };
  const word = fold(query);
  const off: string[] = [];
  let lookups = 0;
  for (const id of walked.ids) {
    const name = walked.names.get(id);
    if (name !== undefined && fold(name).includes(word)) continue;
    if (lookups >= DETAILS_LOOKUPS) break;
    lookups += 1;
    const details = await context.details(worker, id, 'a search result');
    if (!channelsContain(details.json, word)) off.push(id);
  }
  if (off.length > 0)
    return {
      searchable,
      results: fail(
        'search.results',
        `${plural(off.length, 'result')} without the query in name, e-mail or phone: ${off.slice(0, 3).join(', ')}`,
      ),
    };
  const found = walked.ids.includes(from.customer_id);
  const saw = `${plural(walked.ids.length, 'result')}, each containing the query`;
  if (!found && walked.ended === 'cap')
    return {
      searchable,
      results: warn('search.results', `${saw}; ${from.customer_id} not among the first ${walked.ids.length}`),
    };
  if (!found)
    return {
      searchable,
      results: fail('search.results', `${saw}, but not ${from.customer_id}, whose name it came from`),
    };
  return { searchable, results: pass('search.results', `${saw}, ${from.customer_id} among them`) };
}

function channelsContain(body: unknown, word: string): boolean {
  if (!isObject(body) || !isObject(body.objects) || !isObject(body.objects.customer)) return false;
  const { channels, display_name: name } = body.objects.customer;
  if (typeof name === 'string' && fold(name).includes(word)) return true;
  if (!Array.isArray(channels)) return false;
  const digits = digitsOf(word);
  return channels.some((channel) => {
    if (!isObject(channel) || typeof channel.value !== 'string') return false;
    return (
      fold(channel.value).includes(word) || (digits.length >= 3 && digitsOf(channel.value).includes(digits))
    );
  });
}
