/** Structured JSON logs (pino). SECURITY: credentials, cookies and secrets are redacted. */
import { pino, type Logger } from 'pino';

export type { Logger };

export function createLogger(level: string): Logger {
  return pino({
    level,
    redact: {
      paths: [
        'req.headers.authorization',
        'req.headers.cookie',
        'req.headers["x-csrf-token"]',
        'req.headers["x-amz-security-token"]',
        'res.headers["set-cookie"]',
        '*.password',
        '*.secretAccessKey',
        '*.SecretAccessKey',
      ],
      censor: '[redacted]',
    },
  });
}
