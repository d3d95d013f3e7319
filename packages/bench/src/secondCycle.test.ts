import { mkdtemp, readdir, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { SizeContext } from './catalogRun';
import type { FakeGithub } from './fakeGithub';
import { generateWorkload, readLockedPackages } from './generate';
import { parseArgs } from './options';
import { changedComponents, changeRepositories } from './secondCycle';

jest.setTimeout(60_000);

describe('changedComponents', () => {
  it('draws the share by seed, each component at most once', () => {
    const components = Array.from({ length: 1000 }, (_, i) => `svc-${i}`);
    const a = changedComponents(components, 0.01, 42);
    expect(a).toHaveLength(10);
    expect(new Set(a).size).toBe(10);
    expect(changedComponents(components, 0.01, 42)).toEqual(a);
    expect(changedComponents(components, 0.01, 43)).not.toEqual(a);
    expect(changedComponents(components.slice(0, 5), 0.01, 42)).toHaveLength(1);
  });
});

describe('changeRepositories', () => {
  let directory: string;
  afterAll(() => rm(directory, { recursive: true }));

  it('bumps a dependency in the changed lockfiles only, commits, and puts everything back', async () => {
    directory = await mkdtemp(join(tmpdir(), 'readiness-bench-second-'));
    // Two components share each lockfile, so a change written through the
    // link would show in the other.
    const workload = await generateWorkload({
      size: 20,
      seed: 42,
      directory,
      lockfilePool: 2,
    });
    const commits: string[] = [];
    const github = { commit: (name: string) => commits.push(name) };
    const ctx = {
      workload,
      github: github as unknown as FakeGithub,
      options: { ...parseArgs([]), changedShare: 0.1 },
    } as SizeContext;
    const repo = (name: string) => join(workload.root, 'repos', name);
    const packagesOf = async (name: string) =>
      JSON.stringify(await readLockedPackages(repo(name)));
    const before = new Map<string, string>();
    for (const name of workload.components) {
      before.set(name, await packagesOf(name));
    }

    const changed = await changeRepositories(ctx, async names => {
      expect(commits).toEqual(names);
      const differing = [];
      for (const name of workload.components) {
        if ((await packagesOf(name)) !== before.get(name)) differing.push(name);
      }
      expect(differing).toEqual(names);
      return names;
    });
    expect(changed).toHaveLength(2);
    // Put back by a second commit, the pool's file linked again.
    expect(commits).toEqual([...changed, ...changed]);
    for (const name of workload.components) {
      expect(await packagesOf(name)).toBe(before.get(name));
    }
    const [first] = changed;
    const index = workload.lockfiles[workload.components.indexOf(first)];
    const sharing = workload.components.find(
      (name, i) => name !== first && workload.lockfiles[i] === index,
    );
    // With 20 components on 2 lockfiles, another one shares it.
    expect(sharing).toBeDefined();
    const lockfileOf = async (name: string) => {
      const file = (await readdir(repo(name))).find(f => /lock/.test(f))!;
      return join(repo(name), file);
    };
    expect(await readFile(await lockfileOf(first), 'utf8')).toBe(
      await readFile(await lockfileOf(sharing!), 'utf8'),
    );
    expect((await stat(await lockfileOf(first))).ino).toBe(
      (await stat(await lockfileOf(sharing!))).ino,
    );
  });
});
