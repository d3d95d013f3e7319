import type { Waiver } from './checks';

/**
 * Where a waiver stands. A request is `pending` until a holder of
 * `readiness.waiver.approve` approves or denies it; an approved waiver
 * applies until it is `revoked` or `expired`. Only `approved` waivers apply.
 *
 * @public
 */
export type WaiverState =
  'pending' | 'approved' | 'denied' | 'expired' | 'revoked';

/**
 * Every waiver state, in workflow order.
 *
 * @public
 */
export const waiverStates: readonly WaiverState[] = [
  'pending',
  'approved',
  'denied',
  'expired',
  'revoked',
];

/**
 * The OpenVEX 0.2.0 justifications of a `not_affected` statement.
 *
 * @public
 */
export type VexJustification =
  | 'component_not_present'
  | 'vulnerable_code_not_present'
  | 'vulnerable_code_not_in_execute_path'
  | 'vulnerable_code_cannot_be_controlled_by_adversary'
  | 'inline_mitigations_already_exist';

/**
 * Every OpenVEX 0.2.0 justification.
 *
 * @public
 */
export const vexJustifications: readonly VexJustification[] = [
  'component_not_present',
  'vulnerable_code_not_present',
  'vulnerable_code_not_in_execute_path',
  'vulnerable_code_cannot_be_controlled_by_adversary',
  'inline_mitigations_already_exist',
];

/**
 * What an OpenVEX statement a waiver was imported from said, so the waiver
 * is exported as the same statement.
 *
 * @public
 */
export interface WaiverVexOrigin {
  /** The product the statement named: a package URL of the entity's package. */
  product: string;
  justification?: VexJustification;
}

/**
 * One step of a waiver's audit trail: who moved it from which state to
 * which, when and why. The first step has no `from`.
 *
 * @public
 */
export interface WaiverTransition {
  waiverId: string;
  from?: WaiverState;
  to: WaiverState;
  /** Entity ref of the user, or the service's subject; `readiness` for expiry. */
  actor: string;
  at: string;
  reason?: string;
}

/**
 * Body of `POST .../waivers/:id/approve`, `/deny` and `/revoke`. A denial
 * and a revocation need a reason.
 *
 * @public
 */
export interface WaiverDecisionRequest {
  reason?: string;
}

/**
 * Query of `GET .../waivers`: one or more states, comma-separated; all
 * states when absent.
 *
 * @public
 */
export interface WaiverListQuery {
  state?: WaiverState[];
}

/**
 * The result of `POST .../vex`: the waivers each `not_affected` statement
 * became, and the statements that became none, by index and why.
 *
 * @public
 */
export interface VexImportResponse {
  created: Waiver[];
  /** Statements already covered by a pending or approved waiver. */
  unchanged: number[];
  skipped: Array<{ statement: number; reason: string }>;
}

/**
 * A product or subcomponent of an OpenVEX statement: an IRI, usually a
 * package URL.
 *
 * @public
 */
export interface OpenVexComponent {
  '@id'?: string;
  identifiers?: { purl?: string; cpe22?: string; cpe23?: string };
}

/**
 * One OpenVEX 0.2.0 statement, with the fields Readiness reads and writes.
 *
 * @public
 */
export interface OpenVexStatement {
  '@id'?: string;
  vulnerability: {
    '@id'?: string;
    name: string;
    description?: string;
    aliases?: string[];
  };
  timestamp?: string;
  products: Array<OpenVexComponent & { subcomponents?: OpenVexComponent[] }>;
  status: 'not_affected' | 'affected' | 'fixed' | 'under_investigation';
  justification?: VexJustification;
  impact_statement?: string;
  status_notes?: string;
  action_statement?: string;
}

/**
 * An OpenVEX 0.2.0 document.
 *
 * @public
 */
export interface OpenVexDocument {
  '@context': string;
  '@id': string;
  author: string;
  role?: string;
  timestamp: string;
  last_updated?: string;
  version: number;
  tooling?: string;
  statements: OpenVexStatement[];
}

/**
 * Body of `POST .../vex`.
 *
 * @public
 */
export interface VexPushRequest {
  document: OpenVexDocument;
}
