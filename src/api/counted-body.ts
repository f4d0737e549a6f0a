// The import body as the driver reads it: the request stream, counted. Fastify's bodyLimit applies only to bodies it
// reads whole, so this is where POST /imports stops at its maximum; and a client that goes away mid-body ends the
// import with an error of ours (rolled back) rather than a bare socket error.
import { type Readable, Transform } from 'node:stream';
import { AppError } from '../errors.ts';

export const tooLarge = (maxBytes: number) =>
  new AppError(
    'payload_too_large',
    `The body is over ${maxBytes} bytes, the most an import reads: nothing was written`,
  );

export function countedBody(body: Readable, maxBytes: number): Readable {
  let bytes = 0;
  const counter = new Transform({
    transform(chunk: Buffer, _encoding, callback) {
      bytes += chunk.length;
      callback(bytes > maxBytes ? tooLarge(maxBytes) : null, chunk);
    },
  });
  body.on('error', () =>
    counter.destroy(new AppError('bad_request', 'The body was cut off before its end: nothing was written')),
  );
  // 'aborted' without 'error': the client closed the connection before sending the whole body.
  body.on('aborted', () =>
    counter.destroy(new AppError('bad_request', 'The body was cut off before its end: nothing was written')),
  );
  body.pipe(counter);
  return counter;
}
