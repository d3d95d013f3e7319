/**
 * The worker thread of {@link @readiness/plugin-readiness-node#createRepositoryAnalysisPool}:
 * an entry point of its own so the build emits it as a file a `Worker` can
 * load. It exports nothing.
 *
 * @packageDocumentation
 */
import { parentPort } from 'node:worker_threads';
import { stringifyError } from '@backstage/errors';
import { collectRepositoryFacts } from './collectors/repository/repositoryFacts';
import type { AnalysisTask } from './collectors/repository/analysisProtocol';

const port = parentPort;
if (port) {
  port.on('message', (task: AnalysisTask) => {
    collectRepositoryFacts(
      task.snapshot,
      task.patterns,
      task.parsedLockfiles,
    ).then(
      facts => port.postMessage({ id: task.id, facts }),
      error => port.postMessage({ id: task.id, error: stringifyError(error) }),
    );
  });
  port.postMessage({ type: 'ready' });
}
