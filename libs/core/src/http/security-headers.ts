import helmet from 'helmet';
import type { RequestHandler } from 'express';

/**
 * Helmet's headers on every response (nosniff, no-referrer, HSTS, no X-Powered-By, …), with framing
 * refused everywhere. Its default Content-Security-Policy suits the pages that are not ours to
 * tighten (Swagger UI at /docs, Bull Board at /admin/queues); the JSON API and the console send
 * stricter policies of their own (below).
 */
export function securityHeaders(): RequestHandler {
  return helmet({
    contentSecurityPolicy: { directives: { 'frame-ancestors': ["'none'"] } },
    frameguard: { action: 'deny' },
    referrerPolicy: { policy: 'no-referrer' },
  });
}

/**
 * The admin console: its own scripts, styles and API calls only, nothing inline, nothing framed.
 * `data:` images cover the inline favicon.
 */
export const consoleContentSecurityPolicy: RequestHandler = helmet.contentSecurityPolicy({
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
});

/** JSON answers never load anything: a response rendered as a page by mistake can do nothing. */
export const apiContentSecurityPolicy: RequestHandler = helmet.contentSecurityPolicy({
  useDefaults: false,
  directives: { 'default-src': ["'none'"], 'frame-ancestors': ["'none'"] },
});
