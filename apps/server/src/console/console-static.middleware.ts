import { Injectable, NestMiddleware } from '@nestjs/common';
import type { NextFunction, Request, Response } from 'express';
import { findConsoleDist } from './console-files';
import { serveConsole } from './serve-console';

/**
 * The console's files at /admin. A middleware answers before any guard runs, which is what we want:
 * the files hold no data, and every API call they make carries the admin token.
 */
@Injectable()
export class ConsoleStaticMiddleware implements NestMiddleware {
  private readonly serve = serveConsole(findConsoleDist());

  use(req: Request, res: Response, next: NextFunction): void {
    this.serve(req, res, next);
  }
}
