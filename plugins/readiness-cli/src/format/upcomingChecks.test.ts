import {
  evaluateReadiness,
  parseReadinessConfig,
} from '@readiness/plugin-readiness-common';
import { formatMarkdown } from './formatMarkdown';
import { formatReport } from './formatReport';

const report = evaluateReadiness({
  entityRef: 'component:default/payments',
  evidence: [],
  config: parseReadinessConfig({
    checks: {
      custom: [
        {
          id: 'acme.has-slo',
          title: 'Has an SLO',
          tier: 'mvs',
          dimension: 'operations',
          rule: 'has(evidence.acme.slo)',
          effectiveFrom: '2099-01-31',
        },
      ],
    },
  }),
  now: '2026-12-03T12:00:00.000Z',
});

describe('upcoming checks in the text and Markdown reports', () => {
  it('marks an upcoming check, which counts for nothing yet', () => {
    expect(formatReport(report)).toContain(
      'acme.has-slo: the rule does not hold (upcoming from 2099-01-31: counts for nothing yet)',
    );
    expect(formatMarkdown(report)).toContain(
      '| `acme.has-slo` | ❌ fail (upcoming from 2099-01-31) | the rule does not hold |',
    );
  });
});
