import { Injectable, NestMiddleware } from '@nestjs/common';
import type { NextFunction, Request, Response } from 'express';
import { consoleContentSecurityPolicy } from '@hookpost/core/http/security-headers';
import { findConsoleDist } from './console-files';
import { serveConsole } from './serve-console';

/**
 * The console's files at /admin. A middleware answers before any guard runs, which is what we want:
 * the files hold no data, and every API call they make carries the admin token. They go out with
 * the console's strict Content-Security-Policy.
 */
@Injectable()
export class ConsoleStaticMiddleware implements NestMiddleware {
  private readonly serve = serveConsole(findConsoleDist());

  use(req: Request, res: Response, next: NextFunction): void {
    consoleContentSecurityPolicy(req, res, () => this.serve(req, res, next));
  }
}
