import { existsSync } from 'node:fs';
import Module from 'node:module';
import { isAbsolute, join, relative, sep } from 'node:path';

/** Node's CommonJS resolver: the one step every `require` takes from a name to a file. */
interface Resolver {
  _resolveFilename(request: string, parent: unknown, ...rest: unknown[]): string;
}

let installed = false;

/**
 * For the compiled server (`npm start`, the benchmark): the workspace packages npm links into node_modules
 * name their TypeScript sources as `main` (`src/index.ts`), which is what Jest and ts-node load. Two kinds of
 * module reach them by name at run time: a workspace connector's entry, found by discovery, and the SDK that a
 * connector installed from npm requires as its peer dependency. Node cannot run TypeScript, so any `require`
 * that resolves to a `.ts` file of this project (outside node_modules) gets the JavaScript the build compiled
 * from it instead: `<buildRoot>/<the same path>.js`, as tsconfig.build.json lays the project out under dist/.
 * Both kinds then share the server's own compiled modules, the SDK included.
 */
export function useCompiledWorkspaces(projectRoot: string, buildRoot: string): void {
  if (installed) return;
  installed = true;
  const resolver = Module as unknown as Resolver;
  const resolve = resolver._resolveFilename.bind(resolver);
  resolver._resolveFilename = (request, parent, ...rest) =>
    compiledTwin(resolve(request, parent, ...rest), projectRoot, buildRoot);
}

function compiledTwin(file: string, projectRoot: string, buildRoot: string): string {
  if (!file.endsWith('.ts')) return file;
  const path = relative(projectRoot, file);
  if (path.startsWith('..') || isAbsolute(path) || path.split(sep).includes('node_modules')) return file;
  const twin = join(buildRoot, path.replace(/\.ts$/, '.js'));
  if (!existsSync(twin)) {
    throw new Error(`${path} has no compiled ${relative(projectRoot, twin)}: run npm run build`);
  }
  return twin;
}
