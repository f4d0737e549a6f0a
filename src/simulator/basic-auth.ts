// The password a simulator bound beyond loopback requires (HTTP basic, any user name). It signs requests with the
// auth token, so whoever reaches it can have any request signed: the compare is constant-time over fixed-length
// digests, so neither the time nor the length of a guess tells anything.
import { createHash, timingSafeEqual } from 'node:crypto';

const digest = (text: string) => createHash('sha256').update(text, 'utf8').digest();

export function passwordMatcher(password: string): (header: string | undefined) => boolean {
  const expected = digest(password);
  return (header) => {
    const match = /^Basic ([A-Za-z0-9+/=]+)$/i.exec(header ?? '');
    if (match === null) return false;
    const decoded = Buffer.from(match[1] ?? '', 'base64').toString('utf8');
    const colon = decoded.indexOf(':');
    return colon >= 0 && timingSafeEqual(digest(decoded.slice(colon + 1)), expected);
  };
}
