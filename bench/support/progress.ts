/** Progress while a phase runs: a live line on a terminal, a line every few seconds in a log. */
export function progress(label: string, status: () => string): () => void {
  const tty = process.stdout.isTTY;
  const started = performance.now();
  const line = () => `  ${label} ${((performance.now() - started) / 1000).toFixed(1)}s  ${status()}`;
  const timer = setInterval(
    () => {
      if (tty) process.stdout.write(`\r\x1b[2K${line()}`);
      else console.log(line());
    },
    tty ? 500 : 5000,
  );
  return () => {
    clearInterval(timer);
    if (tty) process.stdout.write(`\r\x1b[2K`);
    console.log(`${line()}  done`);
  };
}

export function step(message: string): void {
  console.log(`\n▸ ${message}`);
}
