// Label values from known sets only: a label is a time series per value, so a value a caller chose (a Location
// typed by hand, a customer_id in a path) would let anyone grow the scrape without bound.

/** The Locations and EventTypes the callbacks answer; anything else a caller sends is "other". */
const KNOWN_OPERATIONS = new Set([
  'GetCustomersList',
  'GetCustomerDetailsByCustomerId',
  'GetProxyAddress',
  'GetTemplatesByCustomerId',
  'onConversationAdd',
  'onParticipantAdded',
]);

/** A request's Location (Frontline callbacks) or EventType (Conversations webhook): known, "other", or "". */
export function operationLabel(body: unknown): string {
  if (body === null || typeof body !== 'object') return '';
  const form = body as Record<string, unknown>;
  const value = form.Location ?? form.EventType;
  if (value === undefined) return '';
  return typeof value === 'string' && KNOWN_OPERATIONS.has(value) ? value : 'other';
}

/** The route's pattern (registered routes are a fixed set); "unmatched" for a URL no route has. */
export function routeLabel(pattern: string | undefined): string {
  return pattern ?? 'unmatched';
}
