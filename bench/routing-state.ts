// What routing's shared state costs per routed conversation: `node --import tsx bench/routing-state.ts COUNT`, with
// DATABASE_URL set (a SQLite path or a postgres:// URL). Each of COUNT conversations takes a round robin turn, reads
// the routed counts of a 20-rep pool over the window (least_busy) and records itself (pruning as it goes), as the
// routing callback does; it first fills the window with WINDOW_ROWS conversations so the counts read a real table.
// Prints {conversations, windowRows, msPerConversation, cpuMsPerConversation} as JSON.
import { loadConfig } from '../src/config.ts';
import { openStore } from '../src/stores/open-store.ts';

const count = Number(process.argv[2] ?? 1000);
const WINDOW_ROWS = 20_000;
const reps = Array.from({ length: 20 }, (_, n) => `rep${n}@example.com`);
const store = await openStore(loadConfig(process.env).database);
const state = store.routingState;
const dayAgo = () => new Date(Date.now() - 86_400_000);
try {
  const run = `${Date.now().toString(36)}-`;
  for (let n = 0; n < WINDOW_ROWS; n += 1)
    await state.recordRouted(`CHfill${run}${n}`, reps[n % reps.length] as string, dayAgo());
  const cpu = process.cpuUsage();
  const started = performance.now();
  for (let n = 0; n < count; n += 1) {
    const turn = await state.nextTurn('bench');
    await state.routedSince(reps, dayAgo());
    await state.recordRouted(`CH${run}${n}`, reps[turn % reps.length] as string, dayAgo());
  }
  const ms = performance.now() - started;
  const used = process.cpuUsage(cpu);
  console.log(
    JSON.stringify({
      conversations: count,
      windowRows: WINDOW_ROWS,
      msPerConversation: Number((ms / count).toFixed(3)),
      cpuMsPerConversation: Number(((used.user + used.system) / 1000 / count).toFixed(3)),
    }),
  );
} finally {
  await store.close();
}
