import { BadRequestException, PayloadTooLargeException, UnsupportedMediaTypeException } from '@nestjs/common';
import type { FastifyInstance } from 'fastify';
import type { IncomingMessage } from 'node:http';
import { cleanRequestJson } from './json-hygiene';

export const MAX_BODY_BYTES = 1024 * 1024;

const NOT_JSON = 'Request body is not valid JSON (a JSON object is expected)';

/**
 * The only bodies the API reads are JSON, up to 1 MiB. Parsed bodies are cleaned (NUL and lone
 * surrogates replaced) and limited in depth before any validator or database sees them. A body of
 * another type is read but not kept (the route then sees none, and its validation says so). Every
 * refusal is a Nest HTTP exception, so it is answered in the API's usual shape.
 */
export function acceptJsonBodies(fastify: FastifyInstance): void {
  fastify.removeAllContentTypeParsers();
  fastify.addContentTypeParser(/^application\/([\w.-]+\+)?json$/, (request, payload, done) => {
    const charset = /charset=([^;\s]+)/i.exec(request.headers['content-type'] ?? '')?.[1];
    if (charset && !/^utf-?8$/i.test(charset)) {
      return done(new UnsupportedMediaTypeException('Request body must be UTF-8 JSON'), undefined);
    }
    readBounded(payload, (error, text) => {
      if (error) return done(error, undefined);
      let parsed: unknown;
      try {
        parsed = JSON.parse(text);
      } catch {
        return done(new BadRequestException(NOT_JSON), undefined);
      }
      try {
        done(null, cleanRequestJson(parsed));
      } catch (refusal) {
        done(refusal as Error, undefined);
      }
    });
  });
  fastify.addContentTypeParser('*', (_request, payload, done) =>
    readBounded(payload, (error) => done(error ?? null, undefined)),
  );
}

/** The body as UTF-8 text, or a 413 once it passes MAX_BODY_BYTES (the rest is drained unread). */
function readBounded(payload: IncomingMessage, then: (error: Error | null, text: string) => void): void {
  const chunks: Buffer[] = [];
  let size = 0;
  let refused = false;
  payload.on('data', (chunk: Buffer) => {
    size += chunk.length;
    if (size > MAX_BODY_BYTES && !refused) {
      refused = true;
      chunks.length = 0;
      then(new PayloadTooLargeException(`Request body exceeds ${MAX_BODY_BYTES} bytes`), '');
    }
    if (!refused) chunks.push(chunk);
  });
  payload.on('error', (error) => !refused && then(error, ''));
  payload.on('end', () => !refused && then(null, Buffer.concat(chunks).toString('utf8')));
}
