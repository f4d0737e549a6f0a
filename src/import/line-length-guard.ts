import { Transform } from 'node:stream';

/**
 * Fails the stream of text when a line grows past maxChars. node:readline holds a whole line in memory however long
 * it is, so without this a 2 GB JSON array written on one line would exhaust memory instead of failing with a message.
 * (A character is at least one byte, so a line of 4 Mi characters is at least 4 MB.)
 */
export function lineLengthGuard(maxChars: number, label: string): Transform {
  let lineChars = 0;
  let line = 1;
  return new Transform({
    decodeStrings: false,
    encoding: 'utf8',
    transform(chunk: string, _encoding, callback) {
      let start = 0;
      for (let newline = chunk.indexOf('\n'); newline !== -1; newline = chunk.indexOf('\n', start)) {
        lineChars += newline - start;
        if (lineChars > maxChars) break;
        lineChars = 0;
        line += 1;
        start = newline + 1;
      }
      if (lineChars <= maxChars) lineChars += chunk.length - start;
      if (lineChars > maxChars) {
        const limit = `${Math.round(maxChars / 1024 / 1024)} MB`;
        callback(
          new Error(`${label} line ${line}: longer than ${limit}; NDJSON holds one JSON object per line`),
        );
        return;
      }
      callback(null, chunk);
    },
  });
}
