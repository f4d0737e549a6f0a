import { CHANNEL_TYPES, type ChannelType } from '../directory/customer.ts';
import { LINK_COLUMN_PREFIX } from './csv-header.ts';
import type { SourceColumns } from './source-columns.ts';

// The cells of workers and of the channel columns (sms, whatsapp, email, chat) may list several values separated by
// ';', which occurs in no phone number, e-mail address or worker identity; ',' never separates them, whatever the
// file's separator (a ';'-separated file quotes such a cell, as spreadsheets do). Every other cell is one value, taken
// whole: a link's URL may hold ';' (Salesforce and HubSpot URLs do), and so may an avatar URL or the details.
const LIST_SEPARATOR = ';';

/** A CSV row as normalizeRecord's raw object, and which columns each of its fields came from. */
export interface CsvRecord {
  raw: Record<string, unknown>;
  /** Worked out when asked, for a refused row only: a valid row costs no more than its raw object. */
  columns: () => SourceColumns;
}

type Origin = (path: string, column: string) => void;

/**
 * One CSV row, keyed by column (see parseCsvHeader), as the raw object normalizeRecord takes. Empty cells are
 * absent fields; nothing is validated here, so CSV and NDJSON files get the same checks and the same reasons, and
 * `columns` lets the driver word those reasons with the columns (`channels[2]` came from "email").
 */
export function csvRowToRaw(row: Readonly<Record<string, string>>): CsvRecord {
  return { raw: rawOf(row), columns: () => columnsOf(row) };
}

/** The same walk as the raw object's, so a path always names the column that gave it. */
function columnsOf(row: Readonly<Record<string, string>>): SourceColumns {
  const columns = new Map<string, string[]>();
  rawOf(row, (path, column) => {
    const list = columns.get(path);
    if (list === undefined) columns.set(path, [column]);
    else if (!list.includes(column)) list.push(column);
  });
  return columns;
}

function rawOf(row: Readonly<Record<string, string>>, from?: Origin): Record<string, unknown> {
  const raw: Record<string, unknown> = {};
  const channels: { type: ChannelType; value: string }[] = [];
  const links: { type: string; value: string; display_name: string }[] = [];
  const details: { title?: string; content?: string } = {};
  for (const [column, cell] of Object.entries(row)) {
    if (cell.trim() === '') {
      // A blank required cell is a missing field, and its problem names the column too.
      from?.(column, column);
      continue;
    }
    const channelType = CHANNEL_TYPES.find((type) => type === column);
    if (channelType !== undefined) {
      for (const value of splitList(cell)) {
        from?.(`channels[${channels.length}]`, column);
        from?.('channels', column);
        channels.push({ type: channelType, value });
      }
    } else if (column.startsWith(LINK_COLUMN_PREFIX)) {
      const type = column.slice(LINK_COLUMN_PREFIX.length);
      from?.(`links[${links.length}]`, column);
      from?.('links', column);
      links.push({ type, value: cell.trim(), display_name: type });
    } else if (column === 'workers') {
      from?.('workers', column);
      raw.workers = splitList(cell);
    } else if (column === 'details_title') {
      from?.('details.title', column);
      details.title = cell;
    } else if (column === 'details_content') {
      from?.('details.content', column);
      details.content = cell;
    } else {
      from?.(column, column);
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
