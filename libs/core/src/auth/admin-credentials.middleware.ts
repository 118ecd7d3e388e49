import { createHash, timingSafeEqual } from 'node:crypto';
import type { NextFunction, Request, RequestHandler, Response } from 'express';

/**
 * The admin token for pages a browser opens directly (the queue board), where no script can add a
 * bearer header: HTTP Basic with any user name and the token as password is accepted too, and a
 * 401 carries `WWW-Authenticate: Basic` so the browser asks for it.
 */
export function adminCredentials(adminToken: string): RequestHandler {
  const expected = digest(adminToken);
  return (req: Request, res: Response, next: NextFunction) => {
    const presented = presentedToken(req.headers.authorization ?? '');
    if (presented !== null && timingSafeEqual(digest(presented), expected)) return next();
    res.status(401).setHeader('WWW-Authenticate', 'Basic realm="Hookpost"').json({
      statusCode: 401,
      message: 'A valid admin token is required: Basic auth with the token as password, or Bearer',
      error: 'Unauthorized',
    });
  };
}

function presentedToken(header: string): string | null {
  const bearer = /^Bearer\s+(.+)$/i.exec(header);
  if (bearer) return bearer[1].trim();
  const basic = /^Basic\s+([A-Za-z0-9+/=]+)\s*$/i.exec(header);
  if (!basic) return null;
  const decoded = Buffer.from(basic[1], 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  return colon < 0 ? null : decoded.slice(colon + 1);
}

/** Hashing first gives equal-length buffers, so the comparison leaks nothing about the length. */
function digest(value: string): Buffer {
  return createHash('sha256').update(value).digest();
}
