import type { BuiltInCheckId } from '../../types';
import {
  evaluateBuildClean,
  evaluateDeliveryPipeline,
  evaluateTechDebt,
} from './build';
import type { CheckEvaluator } from './context';
import { evaluateDocsComplete } from './documentation';
import { evaluateLicenses } from './licenses';
import {
  evaluateDisasterRecovery,
  evaluateMonitoring,
  evaluateOnCall,
  evaluateScalability,
} from './operations';
import {
  evaluateAudit,
  evaluateCertifications,
  evaluateCompliance,
  evaluateHardening,
  evaluateVulnerabilities,
} from './security';
import {
  evaluateBenchmarks,
  evaluateCoverage,
  evaluateTestsPass,
} from './testing';

export type {
  CheckContext,
  CheckEvaluator,
  CheckOutcome,
  EvidenceLookup,
} from './context';
export { evidenceLabel } from './context';

/**
 * The rule of each built-in check.
 *
 * @internal
 */
export const checkEvaluators: Record<BuiltInCheckId, CheckEvaluator> = {
  'build.clean': evaluateBuildClean,
  'security.vulnerabilities': evaluateVulnerabilities,
  'quality.tests-pass': evaluateTestsPass,
  'security.audit': evaluateAudit,
  'delivery.pipeline': evaluateDeliveryPipeline,
  'quality.coverage': evaluateCoverage,
  'security.hardening': evaluateHardening,
  'operations.monitoring': evaluateMonitoring,
  'docs.complete': evaluateDocsComplete,
  'quality.benchmarks': evaluateBenchmarks,
  'quality.tech-debt': evaluateTechDebt,
  'compliance.requirements': evaluateCompliance,
  'operations.disaster-recovery': evaluateDisasterRecovery,
  'operations.scalability': evaluateScalability,
  'security.certifications': evaluateCertifications,
  'operations.on-call': evaluateOnCall,
  'compliance.licenses': evaluateLicenses,
};
