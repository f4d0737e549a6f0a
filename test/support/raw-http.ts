// Raw HTTP over node:net: requests no HTTP client would send (a bad URL, a broken chunked body, a body shorter than
// its Content-Length), and the answer as the server wrote it, read until the server closes the connection.
import { connect, type Socket } from 'node:net';

export interface RawResponse {
  status: number;
  headers: Record<string, string>;
  body: string;
}

export function parseResponse(text: string): RawResponse {
  const [head = '', ...rest] = text.split('\r\n\r\n');
  const [statusLine = '', ...lines] = head.split('\r\n');
  const headers: Record<string, string> = {};
  for (const line of lines) {
    const colon = line.indexOf(':');
    headers[line.slice(0, colon).trim().toLowerCase()] = line.slice(colon + 1).trim();
  }
  return { status: Number(statusLine.split(' ')[1]), headers, body: rest.join('\r\n\r\n') };
}

/** A connected socket to 127.0.0.1:port, and the text it receives until the server closes it. */
export async function openRaw(port: number): Promise<{ socket: Socket; received: Promise<string> }> {
  const socket = connect(port, '127.0.0.1');
  await new Promise<void>((resolve, reject) => {
    socket.once('connect', resolve);
    socket.once('error', reject);
  });
  const received = new Promise<string>((resolve, reject) => {
    let text = '';
    socket.setEncoding('utf8');
    socket.on('data', (chunk: string) => {
      text += chunk;
    });
    socket.once('error', reject);
    socket.once('close', () => resolve(text));
  });
  return { socket, received };
}

/** Sends `text` as is and returns the one answer. */
export async function rawRequest(port: number, text: string): Promise<RawResponse> {
  const { socket, received } = await openRaw(port);
  socket.write(text);
  return parseResponse(await received);
}
