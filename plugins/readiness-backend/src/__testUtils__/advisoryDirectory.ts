import { createZipArchive } from '@readiness/plugin-readiness-node/testUtils';
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

/**
 * Writes an offline advisory directory in OSV's layout (`npm/all.zip`)
 * holding one fresh npm record (modified a day ago): `name` is affected
 * below `fixed`.
 */
export async function writeNpmAdvisoryDirectory(
  dir: string,
  record: { id: string; name: string; fixed: string },
) {
  await mkdir(join(dir, 'npm'), { recursive: true });
  await writeFile(
    join(dir, 'npm', 'all.zip'),
    createZipArchive([
      {
        name: `${record.id}.json`,
        content: JSON.stringify({
          id: record.id,
          modified: new Date(Date.now() - 86_400_000).toISOString(),
          affected: [
            {
              package: { ecosystem: 'npm', name: record.name },
              ranges: [
                {
                  type: 'SEMVER',
                  events: [{ introduced: '0' }, { fixed: record.fixed }],
                },
              ],
            },
          ],
        }),
      },
    ]),
  );
}
