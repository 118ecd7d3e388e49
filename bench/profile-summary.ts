/**
 * Summarises a V8 CPU profile (from `node --cpu-prof`): self time by package and the hottest
 * functions, so "where the time goes" is a table rather than a flame graph to squint at.
 *
 *   node --cpu-prof --cpu-prof-dir=bench/results/prof -r ts-node/register/transpile-only \
 *     -r tsconfig-paths/register bench/run.ts --only=throughput
 *   node -r ts-node/register/transpile-only bench/profile-summary.ts bench/results/prof/<file>.cpuprofile
 */
import { readFileSync } from 'node:fs';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  children?: number[];
}

interface Profile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
}

/** `node_modules/@scope/name` or `node_modules/name`, our own folders, or node internals. */
function owner(url: string): string {
  if (!url) return '(native / idle / gc)';
  const module = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(url);
  if (module) return module[1];
  if (url.startsWith('node:')) return `node:${url.slice(5).split('/')[0]}`;
  const local = /\/(libs\/[^/]+\/src\/[^/]+|apps\/[^/]+|connectors\/[^/]+|bench)\//.exec(url);
  return local ? local[1] : url;
}

function main(file: string): void {
  const profile = JSON.parse(readFileSync(file, 'utf8')) as Profile;
  const byId = new Map(profile.nodes.map((node) => [node.id, node]));
  const self = new Map<number, number>();
  profile.samples.forEach((id, index) =>
    self.set(id, (self.get(id) ?? 0) + (profile.timeDeltas[index] ?? 0)),
  );
  const total = [...self.values()].reduce((sum, value) => sum + value, 0);
  const byOwner = new Map<string, number>();
  const byFunction = new Map<string, number>();
  for (const [id, micros] of self) {
    const { functionName, url, lineNumber } = byId.get(id)!.callFrame;
    const who = owner(url);
    byOwner.set(who, (byOwner.get(who) ?? 0) + micros);
    const name = `${functionName || '(anonymous)'} ${who}:${lineNumber + 1}`;
    byFunction.set(name, (byFunction.get(name) ?? 0) + micros);
  }
  const print = (title: string, entries: Map<string, number>, limit: number) => {
    console.log(`\n${title}`);
    for (const [name, micros] of [...entries].sort((a, b) => b[1] - a[1]).slice(0, limit)) {
      console.log(
        `${((micros / total) * 100).toFixed(1).padStart(6)} %  ${(micros / 1000).toFixed(0).padStart(7)} ms  ${name}`,
      );
    }
  };
  console.log(`${file}: ${(total / 1e6).toFixed(1)} s sampled`);
  print('Self time by package / folder', byOwner, 25);
  print('Hottest functions (self time)', byFunction, 30);
}

main(process.argv[2] ?? '');
