import {
  CheckEvaluator,
  evidenceLinkOf,
  links,
  unknownOutcome,
} from './context';

// "Basic README only" is 10%: a start, far from complete.
const readmeCredit = 0.1;
const docsCredit = 0.45;
const runbookCredit = 0.45;

/** `docs.complete`: README, docs (docs/ or TechDocs) and a runbook. */
export const evaluateDocsComplete: CheckEvaluator = ctx => {
  const files = ctx.evidence('repository-files');
  if (!files.usable) {
    return unknownOutcome(files.reason);
  }
  const catalog = ctx.evidence('catalog');
  const { readme, runbook } = files.value;
  const techdocs = catalog.usable && catalog.value.techdocs;
  const docs = files.value.docs || techdocs;
  const credit =
    (readme ? readmeCredit : 0) +
    (docs ? docsCredit : 0) +
    (runbook ? runbookCredit : 0);
  const evidenceLinks = links(
    evidenceLinkOf(files.evidence),
    evidenceLinkOf(catalog.evidence),
  );
  const missing = [
    !readme && { name: 'README', action: 'add a README' },
    !docs && {
      name: 'docs',
      action: 'add documentation (a docs/ folder or TechDocs)',
    },
    !runbook && { name: 'runbook', action: 'write an operations runbook' },
  ].filter((m): m is { name: string; action: string } => Boolean(m));
  const present = [readme && 'README', docs && 'docs', runbook && 'runbook']
    .filter(Boolean)
    .join(', ');
  if (missing.length === 0) {
    return {
      status: 'pass',
      summary: 'README, docs and runbook present',
      details: techdocs ? ['docs are published with TechDocs'] : [],
      evidenceLinks,
      credit: 1,
      actions: [],
    };
  }
  // Only the docs part depends on the catalog; if that alone is undecidable,
  // the check is unknown rather than a possibly wrong failure.
  if (missing.length === 1 && missing[0].name === 'docs' && !catalog.usable) {
    return unknownOutcome(
      `no docs/ folder, and TechDocs is unknown: ${catalog.reason}`,
      { evidenceLinks },
    );
  }
  return {
    status: 'fail',
    summary: `missing ${missing.map(m => m.name).join(', ')}${
      present ? ` (${present} present)` : ''
    }`,
    details: [],
    evidenceLinks,
    credit,
    actions: missing.map(m => m.action),
  };
};
