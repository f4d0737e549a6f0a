// A one-line progress bar for terminals: how far a read has come (bytes of an import's file, contacts of a sync's full
// copy) and how many records it has seen. On a pipe or in CI it stays silent.
const WIDTH = 30;
const EVERY_MS = 200;

export function progressBar(stream: Pick<NodeJS.WriteStream, 'isTTY' | 'write'>, unit = 'records') {
  let last = 0;
  let drawn = false;
  return {
    /** `final`: draw this one whatever the time since the last (a read's last count). */
    update(bytesRead: number, totalBytes: number | undefined, records: number, final = false) {
      if (!stream.isTTY) return;
      const now = Date.now();
      if (now - last < EVERY_MS && !final) return;
      last = now;
      drawn = true;
      const share = totalBytes ? Math.min(1, bytesRead / totalBytes) : 0;
      const filled = Math.round(share * WIDTH);
      const bar = totalBytes
        ? `[${'#'.repeat(filled)}${'-'.repeat(WIDTH - filled)}] ${Math.floor(share * 100)}% `
        : '';
      stream.write(`\r${bar}${records.toLocaleString('en-US')} ${unit}`);
    },
    done() {
      if (drawn) stream.write('\n');
      drawn = false;
    },
  };
}
