export {
  checkIdSchema,
  checkSeveritySchema,
  customCheckIdPattern,
  httpUrlSchema,
  isoDateTimeSchema,
  tierSchema,
} from './primitives';
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
} from './requests';
export {
  fieldProblems,
  formatIssuePath,
  formatZodError,
  parseRequest,
} from './parseRequest';
export type { FieldProblem } from './parseRequest';
