// Clients that behave as Twilio's do: each loop is one kept-alive connection of its own (a node:http Agent of one
// socket), sends one request at a time, and gives up on an answer after 6 s (the Frontline callback budget), closing
// that connection and opening a new one for its next request. `Connection: close` is honoured, as a load balancer
// does: the next request goes on a new connection. Each loop keeps its own counts, so a connection that never got
// an answer shows.
import http from 'node:http';
import type { Answer } from './ops-load.ts';
import { type Fields, type SignedRequest, sign } from './requests.ts';
import { BENCH_AUTH_TOKEN } from './server.ts';

export const TWILIO_TIMEOUT_MS = 6000;

export interface Loops {
  answers: Answer[];
  /** Requests that got no answer, by cause: "timeout" (gave up after 6 s), ECONNRESET, ECONNREFUSED... */
  errors: Record<string, number>;
  /** Loops that never got an answer (any status) since they started. */
  neverAnswered(): number;
  stop(): Promise<void>;
}

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

function send(
  url: URL,
  agent: http.Agent,
  request: SignedRequest,
  timeoutMs: number,
): Promise<number | string> {
  return new Promise((resolve) => {
    const outgoing = http.request(
      url,
      {
        method: 'POST',
        agent,
        timeout: timeoutMs,
        headers: {
          'content-type': 'application/x-www-form-urlencoded',
          'content-length': Buffer.byteLength(request.body),
          'x-twilio-signature': request.signature,
        },
      },
      (response) => {
        response.resume();
        response.on('end', () => resolve(response.statusCode ?? 0));
        response.on('error', (error: NodeJS.ErrnoException) => resolve(error.code ?? error.message));
      },
    );
    outgoing.on('timeout', () => outgoing.destroy(Object.assign(new Error('timeout'), { code: 'timeout' })));
    outgoing.on('error', (error: NodeJS.ErrnoException) => resolve(error.code ?? error.message));
    outgoing.end(request.body);
  });
}

/**
 * `loops` loops over the signed pool (loop i sends requests i, i + loops, ...) until stop(). `sending` false makes
 * every loop hold off, as a balancer that has taken the instance out sends it nothing more.
 */
export function connectionLoops(
  target: string,
  pool: Fields[],
  loops: number,
  options: { timeoutMs?: number; sending?: () => boolean } = {},
): Loops {
  const url = new URL(target);
  const { timeoutMs = TWILIO_TIMEOUT_MS, sending = () => true } = options;
  const signed = pool.map((fields) => sign(target, BENCH_AUTH_TOKEN, fields));
  const answers: Answer[] = [];
  const errors: Record<string, number> = {};
  const answeredBy = new Array<number>(loops).fill(0);
  let running = true;
  const work = Array.from({ length: loops }, async (_, loop) => {
    const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
    for (let index = loop; running; index += loops) {
      if (!sending()) {
        await pause(20);
        continue;
      }
      const at = performance.now();
      const outcome = await send(url, agent, signed[index % signed.length] as SignedRequest, timeoutMs);
      if (typeof outcome === 'number') {
        answers.push({ at, status: outcome, ms: performance.now() - at });
        answeredBy[loop] = (answeredBy[loop] ?? 0) + 1;
      } else {
        errors[outcome] = (errors[outcome] ?? 0) + 1;
        // A refused connection is an instance that stopped listening: a balancer would send elsewhere; so pause.
        if (outcome === 'ECONNREFUSED') await pause(50);
      }
    }
    agent.destroy();
  });
  return {
    answers,
    errors,
    neverAnswered: () => answeredBy.filter((count) => count === 0).length,
    async stop() {
      running = false;
      await Promise.all(work);
    },
  };
}
