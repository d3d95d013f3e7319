/**
 * The `readiness` command line: evaluates readiness evidence with the same
 * engine as the Backstage backend.
 *
 * @packageDocumentation
 */
import { run } from './program';

run(process.argv).then(code => {
  process.exitCode = code;
});
