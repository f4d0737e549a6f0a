// A one-line progress bar for terminals: bytes read of the file, records seen. On a pipe or in CI it stays silent.
const WIDTH = 30;
const EVERY_MS = 200;

export function progressBar(stream: NodeJS.WriteStream) {
  let last = 0;
  let drawn = false;
  return {
    update(bytesRead: number, totalBytes: number | undefined, records: number) {
      if (!stream.isTTY) return;
      const now = Date.now();
      if (now - last < EVERY_MS) return;
      last = now;
      drawn = true;
      const share = totalBytes ? Math.min(1, bytesRead / totalBytes) : 0;
      const filled = Math.round(share * WIDTH);
      const bar = totalBytes
        ? `[${'#'.repeat(filled)}${'-'.repeat(WIDTH - filled)}] ${Math.floor(share * 100)}% `
        : '';
      stream.write(`\r${bar}${records.toLocaleString('en-US')} records`);
    },
    done() {
      if (drawn) stream.write('\n');
      drawn = false;
    },
  };
}
