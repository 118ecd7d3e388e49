import type { FastifyInstance } from 'fastify';
import helmet from 'helmet';

type HeaderMiddleware = ReturnType<typeof helmet>;

/**
 * Helmet's headers on every response (nosniff, no-referrer, HSTS, framing refused), built once per
 * policy (helmet's middleware, not a hand-written list). Its default Content-Security-Policy suits
 * the pages that are not ours to tighten (Swagger UI at /docs, Bull Board at /admin/queues).
 */
const DEFAULT_POLICY = helmet({
  contentSecurityPolicy: { directives: { 'frame-ancestors': ["'none'"] } },
  frameguard: { action: 'deny' },
  referrerPolicy: { policy: 'no-referrer' },
});

/**
 * The admin console: its own scripts, styles and API calls only, nothing inline, nothing framed.
 * `data:` images cover the inline favicon.
 */
const CONSOLE_POLICY = helmet({
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
});

/** JSON answers never load anything: a response rendered as a page by mistake can do nothing. */
const API_POLICY = helmet({
  contentSecurityPolicy: {
    useDefaults: false,
    directives: { 'default-src': ["'none'"], 'frame-ancestors': ["'none'"] },
  },
  frameguard: { action: 'deny' },
  referrerPolicy: { policy: 'no-referrer' },
});

const CONSOLE_PAGES = /^\/admin(\/(?!queues(\/|$))|$|\?)/;

function policyFor(url: string): HeaderMiddleware {
  if (url.startsWith('/api/')) return API_POLICY;
  return CONSOLE_PAGES.test(url) ? CONSOLE_POLICY : DEFAULT_POLICY;
}

/** Sends the policy of each request's path: the console's, the API's or the default. */
export function sendSecurityHeaders(fastify: FastifyInstance): void {
  fastify.addHook('onRequest', (request, reply, done) =>
    policyFor(request.url)(request.raw, reply.raw, (error) => done(error as Error | undefined)),
  );
}
