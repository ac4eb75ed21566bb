import { pino, type Logger } from 'pino';

/**
 * Structured logs. Complaint data is sensitive: log ids and codes, never names, e-mail addresses,
 * descriptions, passwords, tokens or cookies. The redact list is a safety net, not the policy.
 */
export function createLogger(level: string): Logger {
  return pino({
    level,
    redact: {
      paths: ['password', '*.password', 'token', '*.token', 'authorization', '*.authorization', 'cookie', '*.cookie', 'email', '*.email'],
      censor: '[verborgen]',
    },
  });
}

export type { Logger };
