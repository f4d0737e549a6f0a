// The participant attributes Frontline reads: `customer_id` ties a participant to its CRM record (the app opens
// Customer Details from it), `display_name` and `avatar` show in the conversation. Twilio keeps attributes as one
// JSON string that other integrations may write too, so ours are merged into it, never written over it.
import type { Customer } from '../directory/customer.ts';

export interface CustomerAttributes {
  customer_id: string;
  display_name: string;
  avatar?: string;
}

export function customerAttributes({ customer_id, display_name, avatar }: Customer): CustomerAttributes {
  return avatar === undefined ? { customer_id, display_name } : { customer_id, display_name, avatar };
}

/** A JSON object string → the object; anything else (blank, invalid, an array, a scalar) → an empty one. */
export function parseAttributes(json: unknown): Record<string, unknown> {
  if (typeof json !== 'string' || json.trim() === '') return {};
  try {
    const value: unknown = JSON.parse(json);
    return typeof value === 'object' && value !== null && !Array.isArray(value)
      ? (value as Record<string, unknown>)
      : {};
  } catch {
    return {};
  }
}

/**
 * The attributes to write, or null when they already say all this: an update that changes nothing would still
 * fire onParticipantUpdated everywhere, so none is made.
 */
export function mergeAttributes(current: string, wanted: object): string | null {
  const existing = parseAttributes(current);
  const changed = Object.entries(wanted).some(([key, value]) => existing[key] !== value);
  return changed ? JSON.stringify({ ...existing, ...wanted }) : null;
}
