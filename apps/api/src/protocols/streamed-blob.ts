/**
 * A blob output member too large to hold in memory (GetCredentialReport's Content: hundreds of
 * MB at a million users): the handler returns its bytes as a source read when the reply is
 * written, and the protocol serializers send it base64-encoded in place, as AWS does — the reply
 * is rendered around a placeholder, its head written, then the base64 of each piece as it is
 * read (with backpressure), then its tail. Nothing else about the reply changes, and the call
 * went through dispatch() (authorization and audit) before a byte is sent.
 */
import { randomBytes } from 'node:crypto';
import type { ServerResponse } from 'node:http';

export class StreamedBlob {
  /** `read` is called once, when the reply is written. */
  constructor(readonly read: () => AsyncIterable<Uint8Array>) {}
}

/** The output's top-level streamed member, if any, and the output with a placeholder in its place. */
export function withPlaceholder(output: unknown): { output: Record<string, unknown>; placeholder: string; blob: StreamedBlob } | undefined {
  if (!output || typeof output !== 'object') return undefined;
  const entry = Object.entries(output).find(([, value]) => value instanceof StreamedBlob);
  if (!entry) return undefined;
  // Letters and digits only: unchanged by XML escaping, JSON and the model's blob serializer.
  const placeholder = `StreamedBlob${randomBytes(16).toString('hex')}`;
  return { output: { ...output, [entry[0]]: placeholder }, placeholder, blob: entry[1] as StreamedBlob };
}

/**
 * Bytes per base64 piece (a multiple of 3): 64 KiB of text, small enough to stay out of V8's
 * large-object space, so each piece is collected young instead of piling up until a full GC.
 */
const PIECE_BYTES = 48 * 1024;

/** A source's bytes as base64 text pieces that join into one valid base64 text. */
export async function* base64Pieces(source: AsyncIterable<Uint8Array>): AsyncGenerator<string> {
  let carry = Buffer.alloc(0);
  for await (const chunk of source) {
    const bytes = carry.length ? Buffer.concat([carry, chunk]) : Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength);
    const whole = bytes.length - (bytes.length % 3);
    for (let at = 0; at < whole; at += PIECE_BYTES) yield bytes.subarray(at, Math.min(whole, at + PIECE_BYTES)).toString('base64');
    carry = Buffer.from(bytes.subarray(whole));
  }
  if (carry.length) yield carry.toString('base64');
}

/**
 * Sends `rendered` (the reply rendered with the placeholder where the blob goes) with the blob's
 * base64 in its place. The first piece is read before the status line, so a source that fails at
 * once is still answered as an error by the caller; one failing later ends the connection (the
 * client sees a truncated reply, never a wrong one).
 */
export async function sendWithBlob(res: ServerResponse, contentType: string, rendered: string, placeholder: string, blob: StreamedBlob): Promise<void> {
  const at = rendered.indexOf(placeholder);
  if (at === -1) throw new Error('streamed blob placeholder not rendered');
  const pieces = base64Pieces(blob.read())[Symbol.asyncIterator]();
  const first = await pieces.next();
  res.statusCode = 200;
  res.setHeader('Content-Type', contentType);
  const write = async (text: string) => {
    if (res.destroyed) throw new Error('connection closed');
    if (!res.write(text)) await new Promise<void>((resolve, reject) => {
      const done = (error?: Error) => {
        res.off('drain', done).off('close', closed);
        if (error) reject(error);
        else resolve();
      };
      const closed = () => done(new Error('connection closed'));
      res.on('drain', done).on('close', closed);
    });
  };
  try {
    await write(rendered.slice(0, at));
    for (let piece = first; !piece.done; piece = await pieces.next()) await write(piece.value);
    res.end(rendered.slice(at + placeholder.length));
  } catch {
    await pieces.return?.(undefined).catch(() => undefined);
    res.destroy();
  }
}
