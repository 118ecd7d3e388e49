import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { type ProfileSummary, summariseProfiles } from '../profile-summary';
import type { BenchContext } from '../support/context';
import { step } from '../support/progress';
import { type Throughput, throughput } from './throughput';

export interface CpuProfile {
  /** The profiled run itself: the same load as the HTTP throughput run, under the profiler's overhead. */
  run: Throughput;
  summary: ProfileSummary;
}

/**
 * Where the service's CPU goes during HTTP throughput: the service is restarted with `--cpu-prof`,
 * given the same run as without (warm-up, events, in-flight), then stopped cleanly so V8 writes the
 * profiles; only the samples inside the measured window count. The profiler costs some throughput,
 * so the headline number stays the one measured without it.
 */
export async function cpuProfile(context: BenchContext, dir: string, prefix: string): Promise<CpuProfile> {
  const { service } = context;
  step('CPU profile: restarting Hookpost under --cpu-prof for the same HTTP throughput run');
  mkdirSync(dir, { recursive: true });
  await service.stop();
  const roles = service.roles;
  await service.start({ dir, prefix });
  const run = await throughput(context, 'http', 'profiled');
  step('Stopping Hookpost so it writes its profiles');
  await service.stop();
  const files = roles.map((role) => join(dir, `${prefix}-${role}.cpuprofile`));
  const missing = files.filter((file) => !existsSync(file));
  if (missing.length) throw new Error(`no profile was written: ${missing.join(', ')}`);
  return { run, summary: summariseProfiles(files, run.window, run.events) };
}
