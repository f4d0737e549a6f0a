// The service's one pino logger. Headers that carry secrets are redacted in case an error serializer meets them.
import pino, { type Logger } from 'pino';

/**
 * Log lines are written to stdout in batches of at least this many bytes, or every FLUSH_MS, whichever comes
 * first: one write a request went through libuv's thread pool and cost up to a tenth of a request's CPU under
 * load (docs/benchmarks.md). pino flushes what is left synchronously when the process exits.
 */
const BATCH_BYTES = 4096;
const FLUSH_MS = 200;

export function createLogger(level: string, destination?: pino.DestinationStream): Logger {
  return pino(
    {
      level,
      base: { service: 'frontline' },
      redact: {
        paths: ['req.headers["x-twilio-signature"]', 'req.headers.authorization'],
        censor: '[redacted]',
      },
    },
    destination ?? pino.destination({ fd: 1, sync: false, minLength: BATCH_BYTES, periodicFlush: FLUSH_MS }),
  );
}
