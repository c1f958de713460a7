/** Structured JSON logs (pino). SECURITY: credentials, cookies and secrets are redacted. */
import { pino, type Logger } from 'pino';

export type { Logger };

/**
 * Buffered log output kept at most this large: if stdout cannot keep up, newer lines are dropped
 * rather than the process's memory growing without bound.
 */
const MAX_BUFFERED_BYTES = 16 * 1024 * 1024;
const BATCH_BYTES = 4096;
const FLUSH_INTERVAL_MS = 100;

export function createLogger(level: string): Logger {
  const options = {
    level,
    redact: {
      paths: [
        'req.headers.authorization',
        'req.headers.cookie',
        'req.headers["x-csrf-token"]',
        'req.headers["x-amz-security-token"]',
        'res.headers["set-cookie"]',
        'password',
        'secretAccessKey',
        'SecretAccessKey',
        '*.password',
        '*.secretAccessKey',
        '*.SecretAccessKey',
      ],
      censor: '[redacted]',
    },
  };
  if (level === 'silent') return pino(options);
  // Asynchronous, batched writes: a synchronous write per line (one per request with the access
  // log on) blocked the event loop for ~8% of a busy server's CPU. Lines are written once
  // BATCH_BYTES have gathered, or at the latest FLUSH_INTERVAL_MS after they were logged; pino
  // writes out what is buffered when the process exits (a SIGKILL loses at most that interval).
  const destination = pino.destination({ dest: 1, sync: false, minLength: BATCH_BYTES, maxLength: MAX_BUFFERED_BYTES });
  let open = true;
  destination.on('close', () => (open = false));
  setInterval(() => {
    if (open) destination.flush();
  }, FLUSH_INTERVAL_MS).unref();
  return pino(options, destination);
}
