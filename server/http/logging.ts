/** Pino options: ID numbers and phone numbers are masked in every logged URL and message. */
import type { FastifyServerOptions } from 'fastify';

const ID_RE = /(\d{6})\d{8}(\d{3}[\dXx])/g;
const PHONE_RE = /(?<!\d)(1[3-9]\d)\d{4}(\d{4})(?!\d)/g;

/** Masks ID numbers and mobile numbers inside free text. */
export function redactText(s: string): string {
  return s.replace(ID_RE, '$1********$2').replace(PHONE_RE, '$1****$2');
}

export function loggerOptions(level: string): FastifyServerOptions['logger'] {
  return {
    level,
    redact: { paths: ['req.headers.cookie', 'req.headers["x-csrf-token"]', 'req.headers.authorization', 'password', '*.password'], censor: '[已屏蔽]' },
    serializers: {
      req(req: { method: string; url: string; ip?: string }) {
        return { method: req.method, url: redactText(req.url), ip: req.ip };
      },
    },
    hooks: {
      logMethod(args, method) {
        const masked = args.map((a) => (typeof a === 'string' ? redactText(a) : a)) as Parameters<typeof method>;
        method.apply(this, masked);
      },
    },
  };
}
