export {
  checkIdSchema,
  checkSeveritySchema,
  customCheckIdPattern,
  httpUrlSchema,
  isoDateTimeSchema,
  tierSchema,
} from './primitives';
export { advisoryIdSchema } from './primitives';
export {
  maxVexStatements,
  openVexContext,
  openVexDocumentSchema,
  vexPushRequestSchema,
} from './openVex';
export {
  evidenceSchema,
  evidenceValueSchemas,
  maxInventoryPackages,
  maxDeliveryEvents,
  maxPushedBuildLogChars,
  maxPushedSbomChars,
  pushableEvidenceKeys,
  pushedEvidenceSchema,
  sbomPushRequestSchema,
} from './evidence';
export {
  createEvidencePushRequestSchema,
  evidencePushRequestSchema,
  maxPushedEvidenceItems,
} from './evidencePush';
export {
  isNamespacedEvidenceKey,
  maxNamespacedEvidenceKeyLength,
  namespacedEvidenceKeySchema,
} from './namespacedEvidence';
export {
  attestationCreateRequestSchema,
  attestationKindSchema,
  distributionTrendQuerySchema,
  entityRefParamsSchema,
  gateQuerySchema,
  maxSummariesByRefs,
  rollupsQuerySchema,
  stopWorkRequestSchema,
  summariesByRefsRequestSchema,
  summariesQuerySchema,
  waiverCreateRequestSchema,
  waiverDecisionRequestSchema,
  waiverListQuerySchema,
} from './requests';
export {
  checkPreviewRequestSchema,
  maxCheckPreviewDefinitions,
  maxCheckPreviewItems,
} from './preview';
export {
  fieldProblems,
  formatIssuePath,
  formatZodError,
  parseRequest,
} from './parseRequest';
export type { FieldProblem } from './parseRequest';
