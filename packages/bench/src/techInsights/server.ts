/*
 * A separate Backstage backend running Tech Insights
 * (@backstage-community/plugin-tech-insights-backend) with the JSON rules
 * fact checker, over the benchmark's synthetic catalog. Started by the
 * benchmark with `--config <file>`; BENCH_WORKLOAD names the workload.json.
 */
import { createBackend } from '@backstage/backend-defaults';
import { benchFactsModule } from './benchFacts';

const backend = createBackend();
backend.add(import('@backstage/plugin-auth-backend'));
backend.add(import('@backstage/plugin-auth-backend-module-guest-provider'));
backend.add(import('@backstage-community/plugin-tech-insights-backend'));
backend.add(
  import('@backstage-community/plugin-tech-insights-backend-module-jsonfc'),
);
backend.add(benchFactsModule);
backend.start();
