import { Transform } from 'node:stream';

/**
 * Fails the stream when a line grows past maxBytes. node:readline holds a whole line in memory however long it is,
 * so without this a 2 GB JSON array written on one line would exhaust memory instead of failing with a message.
 */
export function lineLengthGuard(maxBytes: number, label: string): Transform {
  let lineBytes = 0;
  let line = 1;
  return new Transform({
    transform(chunk: Buffer, _encoding, callback) {
      let start = 0;
      for (let newline = chunk.indexOf(10); newline !== -1; newline = chunk.indexOf(10, start)) {
        lineBytes += newline - start;
        if (lineBytes > maxBytes) break;
        lineBytes = 0;
        line += 1;
        start = newline + 1;
      }
      if (lineBytes <= maxBytes) lineBytes += chunk.length - start;
      if (lineBytes > maxBytes) {
        const limit = `${Math.round(maxBytes / 1024 / 1024)} MB`;
        callback(
          new Error(`${label} line ${line}: longer than ${limit}; NDJSON holds one JSON object per line`),
        );
        return;
      }
      callback(null, chunk);
    },
  });
}
