// What is measured, and the targets it is held to (on the reference machine: 2 cores, SQLite, 1M customers,
// 20 connections). A target's ratio is to the baseline's requests/s.
import type { Fields } from './requests.ts';
import {
  anchoredPages,
  commonSearches,
  conversationAdds,
  details,
  firstPages,
  fragmentSearches,
  laterPages,
  proxyAddresses,
  rareSearches,
  templateRequests,
} from './requests.ts';
import { type BookSample, FRAGMENT_LENGTHS } from './sample.ts';

export type Kind = 'page' | 'details' | 'search' | 'whole-book';

export interface Target {
  /** Least share of the baseline's requests/s; null: none. */
  minRatio: number | null;
  maxP99Ms: number;
}

export const TARGETS: Record<Kind, Target> = {
  page: { minRatio: 0.25, maxP99Ms: 10 },
  details: { minRatio: 0.4, maxP99Ms: 10 },
  search: { minRatio: 0.08, maxP99Ms: 50 },
  'whole-book': { minRatio: null, maxP99Ms: 200 },
};

/** Requests/s on the largest book over requests/s on the smallest, for every scenario run at each size. */
export const GROWTH_TARGET = 0.8;

export interface PoolContext {
  sample: BookSample;
  /** The callback URL of the running server, for scenarios that need real answers first (page tokens). */
  url: string;
  authToken: string;
  size: number;
}

export interface Scenario {
  id: string;
  title: string;
  kind: Kind;
  visibility: 'assigned' | 'all';
  /** Where the requests go; the CRM callback when not given. */
  path?: string;
  fields(context: PoolContext): Promise<Fields[]>;
}

const sync = (make: (sample: BookSample, size: number) => Fields[]) => async (context: PoolContext) =>
  make(context.sample, context.size);

/** Run on every book: the growth comparison uses these. */
export const ASSIGNED: Scenario[] = [
  { id: 'first-page', title: 'first page', kind: 'page', visibility: 'assigned', fields: sync(firstPages) },
  {
    id: 'later-page',
    title: 'later page (NextPageToken)',
    kind: 'page',
    visibility: 'assigned',
    fields: async ({ sample, size, url, authToken }) => {
      const pages = await laterPages(url, authToken, firstPages(sample, size));
      if (pages.length === 0) throw new Error('no worker has a second page: use a bigger book per worker');
      return pages;
    },
  },
  {
    id: 'anchor-page',
    title: 'later page (Anchor)',
    kind: 'page',
    visibility: 'assigned',
    fields: async ({ sample, size, url, authToken }) => {
      const pages = await anchoredPages(url, authToken, firstPages(sample, size));
      if (pages.length === 0) throw new Error('no worker has a second page: use a bigger book per worker');
      return pages;
    },
  },
  {
    id: 'search-rare',
    title: 'search, rare query',
    kind: 'search',
    visibility: 'assigned',
    fields: sync(rareSearches),
  },
  {
    id: 'search-common',
    title: 'search, common 3 letters',
    kind: 'search',
    visibility: 'assigned',
    fields: sync(commonSearches),
  },
  {
    id: 'details',
    title: 'customer details',
    kind: 'details',
    visibility: 'assigned',
    fields: sync(details),
  },
];

/** CUSTOMER_VISIBILITY=all: every worker sees the whole book; run on the largest book only. */
export const WHOLE_BOOK: Scenario[] = [
  {
    id: 'all-first-page',
    title: 'whole book: first page',
    kind: 'whole-book',
    visibility: 'all',
    fields: sync(firstPages),
  },
  {
    id: 'all-search-rare',
    title: 'whole book: search, rare',
    kind: 'whole-book',
    visibility: 'all',
    fields: sync(rareSearches),
  },
  {
    id: 'all-search-common',
    title: 'whole book: search, common',
    kind: 'whole-book',
    visibility: 'all',
    fields: sync(commonSearches),
  },
];

/**
 * Searches by the length of what is typed, common and rare (sample.ts), in both visibilities: run on the largest book
 * only, beside ASSIGNED and WHOLE_BOOK. `search-common-3` is `search-common` over names and e-mails alike.
 */
export function fragmentScenarios(visibility: 'assigned' | 'all'): Scenario[] {
  const prefix = visibility === 'all' ? 'all-' : '';
  return (['common', 'rare'] as const).flatMap((kind) =>
    FRAGMENT_LENGTHS.map((length) => ({
      id: `${prefix}search-${kind}-${length}`,
      title: `${visibility === 'all' ? 'whole book: ' : ''}search, ${kind} ${length} char${length === 1 ? '' : 's'}`,
      kind: visibility === 'all' ? ('whole-book' as const) : ('search' as const),
      visibility,
      fields: sync(fragmentSearches(kind, length)),
    })),
  );
}

/**
 * The other callbacks, on the largest book only (they read one customer, like details, whose growth ASSIGNED
 * already measures), run with the fragment searches so that a smoke run stays short.
 */
const OTHER_CALLBACKS: Scenario[] = [
  // The other callbacks, each a customer the worker may see (src/callbacks/*.ts): a details read and a small answer.
  // Custom routing is not here: it calls the Conversations API, which a served process cannot be pointed away from.
  {
    id: 'outgoing',
    title: 'outgoing: proxy address',
    kind: 'details',
    visibility: 'assigned',
    path: '/callbacks/outgoing-conversation',
    fields: sync(proxyAddresses),
  },
  {
    id: 'templates',
    title: 'templates',
    kind: 'details',
    visibility: 'assigned',
    path: '/callbacks/templates',
    fields: sync(templateRequests),
  },
  {
    id: 'conversation-add',
    title: 'conversations: onConversationAdd',
    kind: 'details',
    visibility: 'assigned',
    path: '/callbacks/conversations',
    fields: sync(conversationAdds),
  },
];

/** On the largest book only, with the workers' scope: fragment searches and the other callbacks. */
export const FRAGMENTS_ASSIGNED = [...fragmentScenarios('assigned'), ...OTHER_CALLBACKS];
export const FRAGMENTS_WHOLE_BOOK = fragmentScenarios('all');
