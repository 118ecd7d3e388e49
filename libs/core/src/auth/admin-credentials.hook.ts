import type { onRequestHookHandler } from 'fastify';
import { isToken, tokenDigest } from './token-digest';

/**
 * The admin token for pages a browser opens directly (the queue board), where no script can add a
 * bearer header: HTTP Basic with any user name and the token as password is accepted too, and a
 * 401 carries `WWW-Authenticate: Basic` so the browser asks for it.
 */
export function adminCredentials(adminToken: string): onRequestHookHandler {
  const expected = tokenDigest(adminToken);
  return (request, reply, done) => {
    const presented = presentedToken(request.headers.authorization ?? '');
    if (presented !== null && isToken(presented, expected)) return done();
    void reply.status(401).header('WWW-Authenticate', 'Basic realm="Hookpost"').send({
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
