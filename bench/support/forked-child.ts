import { type ChildProcess, fork } from 'node:child_process';
import { once } from 'node:events';

type Stdio = 'inherit' | 'ignore' | number;

export interface ForkOptions {
  env: NodeJS.ProcessEnv;
  cwd?: string;
  /** Node flags; by default this process's own (the ts-node loader), so children run the same code. */
  execArgv?: string[];
  /** stdin, stdout, stderr; the IPC channel is added. Default: inherit. */
  stdio?: [Stdio, Stdio, Stdio];
  /** Text to add to the error when the child dies before it is ready (e.g. the tail of its log). */
  explain?: () => string;
  timeoutMs?: number;
}

/**
 * Forks a bench process and waits for its first `{ type: 'ready' }` IPC message. A child that exits,
 * fails to spawn or stays silent past the timeout rejects the promise and is not left running.
 */
export async function forkReady<Ready extends { type: 'ready' }>(
  file: string,
  options: ForkOptions,
): Promise<{ child: ChildProcess; ready: Ready }> {
  const child = fork(file, [], {
    env: options.env,
    cwd: options.cwd,
    execArgv: options.execArgv ?? process.execArgv,
    stdio: [...(options.stdio ?? ['inherit', 'inherit', 'inherit']), 'ipc'],
  });
  const timeoutMs = options.timeoutMs ?? 60_000;
  try {
    const ready = await new Promise<Ready>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`not ready within ${timeoutMs / 1000} s`)), timeoutMs);
      child.once('error', reject);
      child.once('exit', (code, signal) =>
        reject(new Error(`exited before it was ready (${signal ?? code})`)),
      );
      child.on('message', (message: { type?: string }) => {
        if (message.type !== 'ready') return;
        clearTimeout(timer);
        resolve(message as Ready);
      });
    });
    child.removeAllListeners('exit');
    child.removeAllListeners('error');
    return { child, ready };
  } catch (error) {
    await stopChild(child, { graceMs: 0 });
    const extra = options.explain?.() ?? '';
    throw new Error(`${file}: ${(error as Error).message}${extra ? `\n${extra}` : ''}`);
  }
}

export const hasExited = (child: ChildProcess): boolean =>
  child.exitCode !== null || child.signalCode !== null;

/**
 * Stops a child and resolves once it has exited: first its own clean shutdown (`message` over IPC, or
 * closing the IPC channel, which every bench process takes as "exit"), then SIGTERM, then SIGKILL.
 */
export async function stopChild(
  child: ChildProcess,
  { message, graceMs = 20_000 }: { message?: object; graceMs?: number },
): Promise<void> {
  if (hasExited(child)) return;
  const exited = once(child, 'exit').catch(() => undefined);
  const waitFor = async (ms: number) => {
    let timer: NodeJS.Timeout | undefined;
    const late = new Promise<boolean>((resolve) => (timer = setTimeout(() => resolve(false), ms)));
    const done = await Promise.race([exited.then(() => true), late]);
    clearTimeout(timer);
    return done;
  };
  if (child.connected) {
    if (message) child.send(message);
    else child.disconnect();
  }
  if (await waitFor(graceMs)) return;
  child.kill('SIGTERM');
  if (await waitFor(5_000)) return;
  child.kill('SIGKILL');
  await exited;
}
