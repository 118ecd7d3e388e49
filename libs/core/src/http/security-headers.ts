import type { IncomingMessage, ServerResponse } from 'node:http';
import type { FastifyInstance } from 'fastify';
import helmet from 'helmet';

type Headers = Record<string, string>;

/**
 * The headers a helmet middleware sets, taken once: they depend only on its options, so every
 * response gets helmet's own values without running its middleware per request.
 */
function headersOf(middleware: ReturnType<typeof helmet>): Headers {
  const headers: Headers = {};
  const response = {
    setHeader: (name: string, value: unknown) => void (headers[name.toLowerCase()] = String(value)),
    removeHeader: (name: string) => void delete headers[name.toLowerCase()],
  };
  middleware({} as IncomingMessage, response as unknown as ServerResponse, (error) => {
    if (error) throw error;
  });
  return headers;
}

/**
 * Helmet's headers on every response (nosniff, no-referrer, HSTS, framing refused). Its default
 * Content-Security-Policy suits the pages that are not ours to tighten (Swagger UI at /docs, Bull
 * Board at /admin/queues).
 */
const DEFAULT_POLICY = headersOf(
  helmet({
    contentSecurityPolicy: { directives: { 'frame-ancestors': ["'none'"] } },
    frameguard: { action: 'deny' },
    referrerPolicy: { policy: 'no-referrer' },
  }),
);

/**
 * The admin console: its own scripts, styles and API calls only, nothing inline, nothing framed.
 * `data:` images cover the inline favicon.
 */
const CONSOLE_POLICY = headersOf(
  helmet({
    contentSecurityPolicy: {
      useDefaults: false,
      directives: {
        'default-src': ["'none'"],
        'script-src': ["'self'"],
        'style-src': ["'self'"],
        'img-src': ["'self'", 'data:'],
        'font-src': ["'self'"],
        'connect-src': ["'self'"],
        'manifest-src': ["'self'"],
        'base-uri': ["'none'"],
        'form-action': ["'none'"],
        'frame-ancestors': ["'none'"],
      },
    },
    frameguard: { action: 'deny' },
    referrerPolicy: { policy: 'no-referrer' },
  }),
);

/** JSON answers never load anything: a response rendered as a page by mistake can do nothing. */
const API_POLICY = headersOf(
  helmet({
    contentSecurityPolicy: {
      useDefaults: false,
      directives: { 'default-src': ["'none'"], 'frame-ancestors': ["'none'"] },
    },
    frameguard: { action: 'deny' },
    referrerPolicy: { policy: 'no-referrer' },
  }),
);

const CONSOLE_PAGES = /^\/admin(\/(?!queues(\/|$))|$|\?)/;

function policyFor(url: string): Headers {
  if (url.startsWith('/api/')) return API_POLICY;
  return CONSOLE_PAGES.test(url) ? CONSOLE_POLICY : DEFAULT_POLICY;
}

/** Sends the policy of each request's path: the console's, the API's or the default. */
export function sendSecurityHeaders(fastify: FastifyInstance): void {
  fastify.addHook('onRequest', (request, reply, done) => {
    void reply.headers(policyFor(request.url));
    done();
  });
}
