import {
  BadRequestException,
  HttpException,
  Injectable,
  NestMiddleware,
  PayloadTooLargeException,
  UnsupportedMediaTypeException,
} from '@nestjs/common';
import { json } from 'express';
import type { NextFunction, Request, Response } from 'express';
import { cleanRequestJson } from './json-hygiene';

export const MAX_BODY_BYTES = 1024 * 1024;

/**
 * JSON body parsing as a Nest middleware (not `app.use`), so a parser failure becomes a Nest
 * HTTP exception with the usual `{ statusCode, message, error }` shape instead of Express's HTML page.
 * Parsed bodies are cleaned (NUL and lone surrogates replaced) and limited in depth before any
 * validator or database sees them.
 */
@Injectable()
export class JsonBodyMiddleware implements NestMiddleware {
  private readonly parse = json({ limit: MAX_BODY_BYTES, strict: true });

  async use(req: Request, res: Response, next: NextFunction): Promise<void> {
    await new Promise<void>((resolve, reject) =>
      this.parse(req, res, (error?: unknown) => (error ? reject(toHttpException(error)) : resolve())),
    );
    req.body = cleanRequestJson(req.body);
    next();
  }
}

function toHttpException(error: unknown): HttpException {
  const type = (error as { type?: string }).type;
  switch (type) {
    case 'entity.too.large':
      return new PayloadTooLargeException(`Request body exceeds ${MAX_BODY_BYTES} bytes`);
    case 'encoding.unsupported':
    case 'charset.unsupported':
      return new UnsupportedMediaTypeException('Request body must be UTF-8 JSON');
    default:
      return new BadRequestException('Request body is not valid JSON (a JSON object is expected)');
  }
}
