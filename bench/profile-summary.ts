/**
 * Summarises V8 CPU profiles (`node --cpu-prof`) of the service: self time by area (our folders,
 * node_modules packages, Node's internals, GC, V8/native, idle), the hottest functions, and CPU µs
 * per delivered event, counting only the samples inside the measured window. Used by the bench's
 * profile run; also a command for any profile:
 *
 *   node -r ts-node/register/transpile-only bench/profile-summary.ts <file.cpuprofile>… [--deliveries=N]
 */
import { readFileSync } from 'node:fs';
import { basename, join, relative } from 'node:path';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  children?: number[];
}

interface Profile {
  nodes: ProfileNode[];
  startTime: number;
  samples: number[];
  timeDeltas: number[];
}

export type Group = 'ours' | 'packages' | 'node' | 'gc' | 'v8' | 'idle';

export interface AreaRow {
  group: Group;
  area: string;
  ms: number;
}

export interface ProfileSummary {
  files: string[];
  /** Wall time covered (the window, or the whole profiles), ms. */
  windowMs: number;
  /** Sampled time that was not idle, ms (all profiled processes together). */
  cpuMs: number;
  idleMs: number;
  /** CPU (not idle) per profiled process, ms, by file. */
  perFile: { file: string; cpuMs: number }[];
  deliveries?: number;
  areas: AreaRow[];
  functions: { name: string; area: string; ms: number }[];
}

const ROOT = join(__dirname, '..');
const GROUP_TITLE: Record<Group, string> = {
  ours: 'our code (apps, libs, connectors, bench hook)',
  packages: 'node_modules packages',
  node: 'Node.js internals',
  gc: 'garbage collector',
  v8: 'V8 and native code not called from a script',
  idle: 'idle (not CPU; left out of the totals)',
};

/** Which area a script belongs to; '' for a frame with no script (native code, GC, idle). */
function area(url: string): { group: Group; area: string } | undefined {
  if (!url) return undefined;
  const module = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(url);
  if (module) return { group: 'packages', area: module[1] };
  if (url.startsWith('node:')) {
    const first = url
      .slice(5)
      .replace(/^internal\//, '')
      .split('/')[0];
    return { group: 'node', area: `node:${NODE_AREAS[first] ?? first.replace(/^_/, '')}` };
  }
  const path = relative(ROOT, url.replace(/^file:\/\//, ''));
  const local = /^(libs\/core\/src\/[^/]+|libs\/[^/]+|apps\/[^/]+|connectors\/[^/]+|bench)\//.exec(path);
  return { group: 'ours', area: local ? local[1].replace('libs/core/src/', 'core/') : path };
}

/** Node's internal modules folded into the public module they implement. */
const NODE_AREAS: Record<string, string> = {
  _http_server: 'http',
  _http_outgoing: 'http',
  _http_incoming: 'http',
  _http_common: 'http',
  _http_agent: 'http',
  _http_client: 'http',
  streams: 'stream',
  stream_base_commons: 'net', // socket reads and writes
};

const SPECIAL: Record<string, Group> = {
  '(garbage collector)': 'gc',
  '(idle)': 'idle',
  '(program)': 'v8',
  '(root)': 'v8',
};

function where(frame: ProfileNode['callFrame']): string {
  if (!frame.url) return '';
  const path = frame.url.replace(/^file:\/\//, '');
  const shown = path.includes('node_modules/')
    ? path.slice(path.lastIndexOf('node_modules/') + 13)
    : relative(ROOT, path);
  return `${shown.startsWith('..') ? path : shown}:${frame.lineNumber + 1}`;
}

/**
 * Self time per area and function over `files`, counting samples stamped within `window` (µs on the
 * monotonic clock profiles use) when given. Native functions (no script: JSON.parse, crypto, socket
 * writes) count towards the area of the script that called them.
 */
export function summariseProfiles(
  files: string[],
  window?: { startUs: number; endUs: number },
  deliveries?: number,
): ProfileSummary {
  const areas = new Map<string, AreaRow>();
  const functions = new Map<string, { name: string; area: string; ms: number }>();
  let covered = 0;
  const perFile: ProfileSummary['perFile'] = [];
  for (const file of files) {
    let fileMs = 0;
    const profile = JSON.parse(readFileSync(file, 'utf8')) as Profile;
    const byId = new Map(profile.nodes.map((node) => [node.id, node]));
    const parent = new Map<number, number>();
    for (const node of profile.nodes) for (const child of node.children ?? []) parent.set(child, node.id);
    const owner = new Map<number, { group: Group; area: string }>();
    const ownerOf = (id: number): { group: Group; area: string } => {
      const known = owner.get(id);
      if (known) return known;
      const { functionName, url } = byId.get(id)!.callFrame;
      const special = SPECIAL[functionName];
      const up = parent.get(id);
      const found = special
        ? { group: special, area: functionName }
        : (area(url) ?? (up === undefined ? { group: 'v8' as const, area: '(native)' } : ownerOf(up)));
      owner.set(id, found);
      return found;
    };
    let at = profile.startTime;
    let first = Infinity;
    let last = -Infinity;
    profile.samples.forEach((id, index) => {
      at += profile.timeDeltas[index] ?? 0;
      if (window && (at < window.startUs || at > window.endUs)) return;
      // A sample's weight is the time until the next one (the last sample gets none).
      const micros = profile.timeDeltas[index + 1] ?? 0;
      first = Math.min(first, at);
      last = Math.max(last, at);
      const who = ownerOf(id);
      if (who.group !== 'idle') fileMs += micros / 1000;
      const key = `${who.group}|${who.area}`;
      const row = areas.get(key) ?? { ...who, ms: 0 };
      row.ms += micros / 1000;
      areas.set(key, row);
      const frame = byId.get(id)!.callFrame;
      const name = SPECIAL[frame.functionName]
        ? frame.functionName
        : `${frame.functionName || '(anonymous)'} ${where(frame) || `(native, from ${who.area})`}`;
      const entry = functions.get(name) ?? { name, area: who.area, ms: 0 };
      entry.ms += micros / 1000;
      functions.set(name, entry);
    });
    if (last > first) covered = Math.max(covered, (last - first) / 1000);
    perFile.push({ file, cpuMs: fileMs });
  }
  const rows = [...areas.values()].sort((a, b) => b.ms - a.ms);
  const idleMs = rows.filter((row) => row.group === 'idle').reduce((sum, row) => sum + row.ms, 0);
  const totalMs = rows.reduce((sum, row) => sum + row.ms, 0);
  return {
    files,
    windowMs: covered,
    cpuMs: totalMs - idleMs,
    idleMs,
    perFile,
    deliveries,
    areas: rows,
    functions: [...functions.values()].filter((entry) => entry.area !== '(idle)').sort((a, b) => b.ms - a.ms),
  };
}

/** The summary as text: groups with their main areas, then the hottest functions. */
export function formatProfileSummary(summary: ProfileSummary, { areasPerGroup = 6, functions = 25 } = {}) {
  const { cpuMs, deliveries } = summary;
  const line = (ms: number, label: string) =>
    `${((ms / cpuMs) * 100).toFixed(1).padStart(6)} %  ${ms.toFixed(0).padStart(6)} ms` +
    (deliveries ? `  ${((ms * 1000) / deliveries).toFixed(1).padStart(7)} µs/event` : '') +
    `  ${label}`;
  const lines = [
    `${(summary.windowMs / 1000).toFixed(1)} s profiled, ${(cpuMs / 1000).toFixed(2)} s of JavaScript-thread CPU ` +
      `(idle ${(summary.idleMs / 1000).toFixed(1)} s left out)` +
      (deliveries
        ? `, ${deliveries} deliveries: ${((cpuMs * 1000) / deliveries).toFixed(0)} µs of CPU per delivered event`
        : ''),
  ];
  if (summary.perFile.length > 1) {
    for (const { file, cpuMs: fileMs } of summary.perFile) lines.push(line(fileMs, basename(file)));
  }
  lines.push('', 'Self time by area (native functions count towards the script that called them):');
  const groups = (Object.keys(GROUP_TITLE) as Group[])
    .map((group) => ({ group, rows: summary.areas.filter((row) => row.group === group) }))
    .filter(({ group, rows }) => rows.length && group !== 'idle')
    .map(({ group, rows }) => ({ group, rows, ms: rows.reduce((sum, row) => sum + row.ms, 0) }))
    .sort((a, b) => b.ms - a.ms);
  for (const { group, rows, ms } of groups) {
    lines.push(line(ms, GROUP_TITLE[group]));
    if (group === 'gc' || group === 'v8') continue;
    for (const row of rows.slice(0, areasPerGroup)) lines.push(`  ${line(row.ms, row.area)}`);
    const rest = rows.slice(areasPerGroup);
    if (rest.length)
      lines.push(
        `  ${line(
          rest.reduce((sum, row) => sum + row.ms, 0),
          `${rest.length} more`,
        )}`,
      );
  }
  lines.push('', `Hottest functions (self time):`);
  for (const entry of summary.functions.slice(0, functions)) lines.push(line(entry.ms, entry.name));
  return lines.join('\n');
}

if (require.main === module) {
  const args = process.argv.slice(2);
  const deliveries = Number(args.find((arg) => arg.startsWith('--deliveries='))?.split('=')[1]) || undefined;
  const files = args.filter((arg) => !arg.startsWith('--'));
  if (!files.length) throw new Error('usage: profile-summary.ts <file.cpuprofile>… [--deliveries=N]');
  console.log(formatProfileSummary(summariseProfiles(files, undefined, deliveries)));
}
