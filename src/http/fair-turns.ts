// Requests share the event loop in slices, in the order they were read, so that a busy process still accepts new
// connections and reads every socket it has.
//
// Why: libuv accepts one new connection each time the listening socket is polled, once a turn of the event loop
// (`strace -e accept4,epoll_pwait` on `frontline serve` shows one accept4 between epoll_pwaits). A turn that runs
// every request its ready sockets hold lasts as long as all their work together: 300 busy connections at a few ms
// each make a turn of a second or more. A connection still in the accept queue then waits one turn for each
// connection ahead of it, never gets an answer within Twilio's 6 s, gives up, reconnects at the back of the queue,
// and starves for as long as the load lasts, while the accepted connections are served every turn (bench:ops,
// docs/operations.md "Connections served fairly").
//
// So a turn runs requests for at most `sliceMs`. Past it, requests wait in a queue, first read first served, and
// are let go one per setImmediate callback: Node runs a callback's ticks and promise jobs before the next one, so a
// synchronous SQLite request has finished before the next is let go, and the check phase stops once its slice is
// spent. The loop then polls again: it accepts a connection and reads every ready socket into the queue's tail.
// Each connection has at most one request in the queue (Twilio does not pipeline), so the queue is bounded by the
// connections; a request that waited too long is shed by the caller (src/http/overload.ts) without being worked on.

export interface FairTurns {
  /**
   * Calls `go` when it is this request's turn: at once while the loop's current slice lasts and nobody is waiting,
   * else from the queue, with how long it waited there (ms).
   */
  admit(go: (queuedMs: number) => void): void;
  /** Requests waiting for their turn now. */
  readonly waiting: number;
}

interface Waiting {
  go: (queuedMs: number) => void;
  since: number;
}

/** `clock` is performance.now unless a test gives its own. */
export function fairTurns(sliceMs: number, clock: () => number = () => performance.now()): FairTurns {
  const queue: Waiting[] = [];
  // When the current slice began; -1 between slices. Each slice ends at the next check phase (an immediate queued
  // when it began runs before the steps queued after it), so the poll phase and the check phase each get one.
  let sliceStart = -1;
  const endSlice = () => {
    sliceStart = -1;
  };
  const inSlice = (now: number): boolean => {
    if (sliceStart < 0) {
      sliceStart = now;
      setImmediate(endSlice);
    }
    return now - sliceStart < sliceMs;
  };

  function step(): void {
    const now = clock();
    // Spent: this request waits for the next turn, behind nobody new (immediates queued now run first there).
    if (!inSlice(now)) {
      setImmediate(step);
      return;
    }
    const next = queue.shift();
    next?.go(now - next.since);
  }

  return {
    admit(go) {
      const now = clock();
      if (queue.length === 0 && inSlice(now)) {
        go(0);
        return;
      }
      queue.push({ go, since: now });
      setImmediate(step);
    },
    get waiting() {
      return queue.length;
    },
  };
}
