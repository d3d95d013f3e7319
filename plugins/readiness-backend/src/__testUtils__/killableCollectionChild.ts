// Child process of src/tests/killedRun.test.ts: runs one collection on the
// database configured in READINESS_KILL_TEST and prints each entity as
// it is collected, until the test kills it.
import knexFactory from 'knex';
import { runKillableCollection } from './killableCollection';

const { config, notificationsFile, instance, leaseMs } = JSON.parse(
  process.env.READINESS_KILL_TEST ?? '{}',
);
const knex = knexFactory(config);
runKillableCollection({
  knex,
  notificationsFile,
  delayMs: 40,
  instance,
  leaseMs,
  onEntity: name => process.stdout.write(`collected ${name}\n`),
}).then(
  () => {
    process.stdout.write('done\n');
    return knex.destroy();
  },
  error => {
    process.stderr.write(`${error}\n`);
    process.exit(1);
  },
);
