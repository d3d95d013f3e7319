/**
 * Parts of an evidence value that dwarf the rest and that few readers need:
 * stored apart (`readiness_evidence.detail`) so evaluations that do not read
 * them neither move nor parse them. `vulnerabilities.inventory` lists every
 * locked package (about 53 kB per repository on the benchmark) for SBOM and
 * VEX out; `licenses.packages` (about 31 kB) is read by `compliance.licenses`
 * only under a license policy. The migration 20261206_evidence_detail.js
 * copies this table.
 */
export const detachedEvidenceFields: Readonly<
  Record<string, readonly string[]>
> = { vulnerabilities: ['inventory'], licenses: ['packages'] };

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The `value` and `detail` columns of one evidence item. */
export function evidenceColumns(
  key: string,
  value: unknown,
): { value: string | null; detail: string | null } {
  if (value === undefined) {
    return { value: null, detail: null };
  }
  const fields = detachedEvidenceFields[key] ?? [];
  if (!isPlainObject(value) || !fields.some(field => field in value)) {
    return { value: JSON.stringify(value), detail: null };
  }
  const kept: Record<string, unknown> = {};
  const detail: Record<string, unknown> = {};
  for (const [field, item] of Object.entries(value)) {
    (fields.includes(field) ? detail : kept)[field] = item;
  }
  return { value: JSON.stringify(kept), detail: JSON.stringify(detail) };
}

/** A stored value with its detached parts put back, as it was received. */
export function withDetail(value: unknown, detail: string | null): unknown {
  if (detail === null || detail === undefined || !isPlainObject(value)) {
    return value;
  }
  return { ...value, ...(JSON.parse(detail) as Record<string, unknown>) };
}
