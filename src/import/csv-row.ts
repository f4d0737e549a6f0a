import { CHANNEL_TYPES, type ChannelType } from '../directory/customer.ts';
import { LINK_COLUMN_PREFIX } from './csv-header.ts';

// The cells of workers and of the channel columns (sms, whatsapp, email, chat) may list several values separated by
// ';', which occurs in no phone number, e-mail address or worker identity; ',' never separates them, whatever the
// file's separator (a ';'-separated file quotes such a cell, as spreadsheets do). Every other cell is one value, taken
// whole: a link's URL may hold ';' (Salesforce and HubSpot URLs do), and so may an avatar URL or the details.
const LIST_SEPARATOR = ';';

/**
 * One CSV row, keyed by column (see parseCsvHeader), as the raw object normalizeRecord takes. Empty cells are
 * absent fields; nothing is validated here, so CSV and NDJSON files get the same checks and the same reasons.
 */
export function csvRowToRaw(row: Readonly<Record<string, string>>): Record<string, unknown> {
  const raw: Record<string, unknown> = {};
  const channels: { type: ChannelType; value: string }[] = [];
  const links: { type: string; value: string; display_name: string }[] = [];
  const details: { title?: string; content?: string } = {};
  for (const [column, cell] of Object.entries(row)) {
    if (cell.trim() === '') continue;
    const channelType = CHANNEL_TYPES.find((type) => type === column);
    if (channelType !== undefined) {
      for (const value of splitList(cell)) channels.push({ type: channelType, value });
    } else if (column.startsWith(LINK_COLUMN_PREFIX)) {
      const type = column.slice(LINK_COLUMN_PREFIX.length);
      links.push({ type, value: cell.trim(), display_name: type });
    } else if (column === 'workers') {
      raw.workers = splitList(cell);
    } else if (column === 'details_title') {
      details.title = cell;
    } else if (column === 'details_content') {
      details.content = cell;
    } else {
      raw[column] = cell;
    }
  }
  if (channels.length > 0) raw.channels = channels;
  if (links.length > 0) raw.links = links;
  if (details.title !== undefined || details.content !== undefined) raw.details = details;
  return raw;
}

function splitList(cell: string): string[] {
  return cell
    .split(LIST_SEPARATOR)
    .map((value) => value.trim())
    .filter((value) => value !== '');
}
