/**
 * Readiness evaluation engine shared by the backend, the CLI and the
 * frontend: evidence and check types, the default checks, evaluation
 * (checks, tiers, score, stop-work, risk, remediation), config, REST schemas
 * and permissions.
 *
 * @packageDocumentation
 */

export * from './types';
export {
  checkIds,
  defaultChecks,
  getDefaultCheck,
  isBuiltInCheckId,
} from './checks/defaultChecks';
export type { BuiltInCheckDefinition } from './checks/defaultChecks';
export {
  appliesToSchema,
  checkSeverityInputSchema,
  effectiveFromSchema,
  parseCheckDefinitions,
} from './checks/definitions';
export type { ParseCheckDefinitionsOptions } from './checks/definitions';
export { checkAppliesTo } from './checks/appliesTo';
export {
  checkRuleIterationBudget,
  compileCheckRule,
  maxCheckRuleDepth,
  maxCheckRuleLength,
} from './checks/rules/compileCheckRule';
export type {
  CheckRuleResult,
  CompiledCheckRule,
} from './checks/rules/compileCheckRule';
export {
  createCheckRuleInputs,
  maxCheckRuleInputDepth,
} from './checks/rules/ruleInputs';
export type {
  CheckRuleInputs,
  CheckRuleInputsOptions,
  CheckRuleReads,
} from './checks/rules/ruleInputs';
export { maxCheckTemplateLength } from './checks/rules/templates';
export { countingChecks } from './evaluation/counting';
export {
  getReadinessPack,
  ospsAttestationKind,
  ospsBaselinePack,
  ospsBaselineVersion,
  ospsControls,
  readinessPacks,
  seedPack,
  selectReadinessPack,
  slsaBuildPack,
  slsaProvenanceEvidenceKind,
  slsaProvenanceEvidenceSchema,
} from './packs';
export type {
  OspsControl,
  OspsLevel,
  ReadinessPack,
  ReadinessPackEvidenceKind,
  SlsaProvenanceEvidenceValue,
} from './packs';
export {
  evaluateReadiness,
  evaluateStanding,
  summarizeReport,
} from './evaluation/evaluateReadiness';
export type {
  EvaluateReadinessOptions,
  ReadinessStanding,
} from './evaluation/evaluateReadiness';
export {
  evaluateChecks,
  latestEvidenceByKey,
} from './evaluation/evaluateChecks';
export type {
  EvaluateChecksOptions,
  EvaluateChecksResult,
} from './evaluation/evaluateChecks';
export {
  DEFAULT_PUSHED_EVIDENCE_LIFETIME_MS,
  pushedEvidenceLifetimeMs,
  toPushedEvidence,
} from './evaluation/pushedEvidence';
export type { PushedEvidenceLifetimeOptions } from './evaluation/pushedEvidence';
export { computeDeliveryMetrics } from './evaluation/deliveryMetrics';
export {
  isWaiverInForce,
  markWaivedFindings,
  waiverCoversFinding,
} from './evaluation/waivers';
export {
  mergeDeploymentEvents,
  mergeIncidentEvents,
} from './evaluation/deliveryEvents';
export type { DeliveryMetricsOptions } from './evaluation/deliveryMetrics';
export { evaluateTiers, meetsTier } from './evaluation/evaluateTiers';
export { computeScore } from './evaluation/score';
export {
  blockersWithoutProgress,
  hasNoEvidence,
  withReportFacts,
} from './evaluation/reportFacts';
export {
  evaluateStopWork,
  formatStopWorkProgress,
  inactiveStopWorkOrder,
} from './evaluation/stopWork';
export type { EvaluateStopWorkOptions } from './evaluation/stopWork';
export { decideStopWorkTransition } from './evaluation/stopWorkTransition';
export type {
  RecordedStopWorkOrder,
  StopWorkTransition,
} from './evaluation/stopWorkTransition';
export { assessRisk } from './evaluation/risk';
export { currentTierSince, detectRegressions } from './evaluation/regressions';
export { replayDistribution } from './evaluation/replayDistribution';
export type { ReplayPoint } from './evaluation/replayDistribution';
export { planRemediation, remediationPhaseOf } from './evaluation/remediation';
export { evaluateGate, gateMinTier } from './evaluation/gate';
export {
  comparePreviewReports,
  countPreviewChange,
  emptyPreviewCounts,
} from './evaluation/preview';
export {
  compareWithBaseline,
  deriveFindings,
  describeFindingSeverity,
  describeFix,
  findingKey,
} from './evaluation/findings';
export type { PlanRemediationOptions } from './evaluation/remediation';
export { explainNextTier } from './evaluation/nextTier';
export type {
  NextTierBlocker,
  NextTierExplanation,
} from './evaluation/nextTier';
export {
  addReadinessCounts,
  countSummaries,
  descendantGroups,
  emptyReadinessCounts,
  rollUpByOwner,
  rollUpCounts,
  sortRollups,
  weakestTier,
} from './evaluation/rollup';
export {
  defaultRemediationTimeBoxes,
  parseReadinessConfig,
  readinessConfigSchema,
  requiredTierFor,
  resolveReadinessConfig,
} from './config';
export type {
  CheckConfig,
  DeliveryConfig,
  ReadinessConfig,
  ReadinessPackSelection,
  RemediationConfig,
  RemediationTimeBox,
  ResolvedReadinessConfig,
} from './config';
export {
  attestationCreateRequestSchema,
  attestationKindSchema,
  checkIdSchema,
  checkPreviewRequestSchema,
  maxCheckPreviewDefinitions,
  maxCheckPreviewItems,
  checkSeveritySchema,
  createEvidencePushRequestSchema,
  customCheckIdPattern,
  distributionTrendQuerySchema,
  entityRefParamsSchema,
  evidencePushRequestSchema,
  evidenceSchema,
  evidenceValueSchemas,
  formatIssuePath,
  formatZodError,
  gateQuerySchema,
  httpUrlSchema,
  isNamespacedEvidenceKey,
  isoDateTimeSchema,
  maxInventoryPackages,
  maxDeliveryEvents,
  maxPushedBuildLogChars,
  maxPushedEvidenceItems,
  maxPushedSbomChars,
  maxNamespacedEvidenceKeyLength,
  maxSummariesByRefs,
  namespacedEvidenceKeySchema,
  parseRequest,
  pushableEvidenceKeys,
  pushedEvidenceSchema,
  rollupsQuerySchema,
  sbomPushRequestSchema,
  stopWorkRequestSchema,
  summariesByRefsRequestSchema,
  summariesQuerySchema,
  tierSchema,
  waiverCreateRequestSchema,
  waiverDecisionRequestSchema,
  waiverListQuerySchema,
  advisoryIdSchema,
  maxVexStatements,
  openVexContext,
  openVexDocumentSchema,
  vexPushRequestSchema,
} from './schemas';
export { isHttpUrl, maxLinkLength, osvLink } from './links';
export {
  advisorySourceGaps,
  defaultAdvisoryMaxAgeDays,
  describeAdvisorySource,
} from './advisories/advisorySources';
export {
  dependencyHealthAction,
  vulnerabilityAction,
} from './checks/remediationActions';
export {
  applyCampaignPromotions,
  campaignCreateRequestSchema,
  campaignGap,
  maxCampaignChecks,
} from './campaigns/campaigns';
export {
  readinessAttestationCreatePermission,
  readinessCampaignManagePermission,
  readinessAttestationDeletePermission,
  readinessEntityRefreshPermission,
  readinessEvidenceCreatePermission,
  readinessPermissions,
  readinessStopWorkManagePermission,
  readinessWaiverCreatePermission,
  readinessWaiverDeletePermission,
  readinessWaiverApprovePermission,
} from './permissions';
