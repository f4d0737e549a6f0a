/** Bytes in, text out, as the bytes arrive; either throws a one-line Error naming the file (decode-text.ts). */
export interface DecodeStep {
  write(chunk: Buffer): string;
  end(): string;
}
