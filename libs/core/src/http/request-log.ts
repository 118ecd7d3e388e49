import type { FastifyInstance } from 'fastify';

/**
 * Polled by load balancers and Prometheus every few seconds: not worth a line each. (The queue board
 * has its own requests logged like any page.)
 */
const QUIET_PATHS = /^\/(health|metrics)(\/|\?|$)/;
const INTAKE = '/api/internal/events';

/**
 * One line per request once it is answered: the request (headers redacted), its status and how long
 * it took. Bodies are never logged. An event accepted at intake (202) gets no line of its own: each
 * of its deliveries logs one per attempt, and `hookpost_events_total` counts it; a refused one does.
 */
export function logRequests(fastify: FastifyInstance): void {
  fastify.addHook('onResponse', (request, reply, done) => {
    const accepted = reply.statusCode === 202 && request.url === INTAKE;
    if (!accepted && !QUIET_PATHS.test(request.url)) {
      request.log.info(
        {
          req: request.raw,
          res: { statusCode: reply.statusCode },
          responseTime: Math.round(reply.elapsedTime),
        },
        'request completed',
      );
    }
    done();
  });
}
