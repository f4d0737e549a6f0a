// A CSV user filled in columns, not the JSON paths of the record built from them: the CSV reader says which columns
// gave which path of the raw record (csv-row.ts), and a problem of that path is worded with its column.

/** A path of the raw record (`channels[2]`, `details.title`, `workers`) → the columns it was built from. */
export type SourceColumns = ReadonlyMap<string, readonly string[]>;

/** Names a field by the column it came from (`channels[1].value` → "column sms"); by its path when none is known. */
export function columnNamer(columns: SourceColumns): (field: string) => string {
  return (field) => {
    for (let path = field; path !== ''; path = parentOf(path)) {
      const found = columns.get(path);
      if (found !== undefined) return `${found.length === 1 ? 'column' : 'columns'} ${found.join(', ')}`;
    }
    return field;
  };
}

const LAST_STEP = /(\.[^.[\]]+|\[\d+\])$/;

/** `channels[1].value` → `channels[1]` → `channels` → ''. */
function parentOf(path: string): string {
  const parent = path.replace(LAST_STEP, '');
  return parent === path ? '' : parent;
}
