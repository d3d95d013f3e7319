/** A progress line, timestamped so a long run's phases can be timed. */
export function log(message: string) {
  process.stdout.write(`[bench ${new Date().toISOString()}] ${message}\n`);
}
