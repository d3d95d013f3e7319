import { fail, ParsedLockfile, RawPackage } from './util';

/** Bundler's own pattern: the version ends at the first `-`, a platform follows. */
const SPEC = /^ {4}(?! )(\S+) \(([^-\s)]+)(?:-([^\s)]+))?\)$/;

/**
 * Gemfile.lock: the gems under `specs:` of the `GEM` sections (from a gem
 * server) and `GIT` sections (a gem built from a repository still carries a
 * released name and version). `PATH` gems are the project's own code and are
 * left out. Platform suffixes (`1.15.4-x86_64-linux`) are dropped from
 * versions. Every line must belong to a section, so unrelated text is an
 * error rather than an empty lockfile. Bundler does not record groups here.
 *
 * @internal
 */
export function parseGemfileLock(content: string): ParsedLockfile {
  const packages: RawPackage[] = [];
  let section: string | undefined;
  let inSpecs = false;
  const lines = content.split(/\r?\n/);
  for (let index = 0; index < lines.length; index++) {
    const line = lines[index];
    const lineNo = index + 1;
    if (!line.trim()) continue;
    if (!line.startsWith(' ')) {
      if (!/^[A-Z][A-Z ]*$/.test(line.trimEnd())) {
        fail(`unexpected line ${lineNo}: not a Gemfile.lock section`);
      }
      section = line.trimEnd();
      inSpecs = false;
      continue;
    }
    if (!section) fail(`unexpected line ${lineNo}: outside any section`);
    if (section !== 'GEM' && section !== 'GIT' && section !== 'PATH') continue;
    if (/^ {2}\S/.test(line)) {
      inSpecs = line.trimEnd() === '  specs:';
      continue;
    }
    if (!inSpecs || section === 'PATH' || /^ {6}/.test(line)) continue;
    const spec = SPEC.exec(line.trimEnd());
    if (!spec) fail(`unexpected line ${lineNo}: not a gem spec`);
    packages.push({ name: spec[1], version: spec[2], dev: undefined });
  }
  // Bundler always writes sections; a blank file is not a lockfile it wrote.
  if (!section) fail('not a Gemfile.lock: no sections');
  return { packages, unpinned: [] };
}
