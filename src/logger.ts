// The service's one pino logger. Headers that carry secrets are redacted in case an error serializer meets them.
import pino, { type Logger } from 'pino';

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
    destination ?? pino.destination({ fd: 1, sync: false }),
  );
}
