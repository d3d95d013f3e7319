export {
  checkIdSchema,
  checkSeveritySchema,
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
  evidencePushRequestSchema,
  evidenceSchema,
  evidenceValueSchemas,
  maxInventoryPackages,
  maxDeliveryEvents,
  maxPushedBuildLogChars,
  maxPushedEvidenceItems,
  maxPushedSbomChars,
  pushableEvidenceKeys,
  pushedEvidenceSchema,
  sbomPushRequestSchema,
} from './evidence';
export {
  attestationCreateRequestSchema,
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
  fieldProblems,
  formatIssuePath,
  formatZodError,
  parseRequest,
} from './parseRequest';
export type { FieldProblem } from './parseRequest';
