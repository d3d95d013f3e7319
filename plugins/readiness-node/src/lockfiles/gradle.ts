import { ParsedLockfile, fail } from './util';

/** Configurations only tests (and development-time tools) resolve. */
function isTestConfiguration(configuration: string): boolean {
  return (
    /^test/.test(configuration) ||
    /Test(?=[A-Z]|$)/.test(configuration) ||
    configuration === 'developmentOnly'
  );
}

/**
 * gradle.lockfile (Gradle 6+ dependency locking): one
 * `group:artifact:version=configuration,...` line per module, `#` comments,
 * and an `empty=...` line naming configurations that lock nothing. The name
 * is `group:artifact`, as the OSV Maven ecosystem spells it. A module locked
 * only for test configurations is dev. A line of any other shape is an
 * error, never skipped.
 *
 * @internal
 */
export function parseGradleLockfile(content: string): ParsedLockfile {
  const result: ParsedLockfile = { packages: [], unpinned: [] };
  content.split(/\r?\n/).forEach((raw, index) => {
    const line = raw.trim();
    if (!line || line.startsWith('#') || /^empty=/.test(line)) return;
    const match = /^([^\s:=]+):([^\s:=]+):([^\s:=]*)=([^\s=]*)$/.exec(line);
    if (!match) fail(`invalid lock entry at line ${index + 1}`);
    const [, group, artifact, version, configurations] = match;
    const name = `${group}:${artifact}`;
    if (!version) {
      result.unpinned.push(name);
      return;
    }
    const used = configurations.split(',').filter(Boolean);
    const dev = used.length > 0 ? used.every(isTestConfiguration) : undefined;
    result.packages.push({ name, version, dev });
  });
  return result;
}
