import type { RepositoryFilesEvidenceValue } from '../../types';
import {
  CheckEvaluator,
  evidenceLinkOf,
  links,
  passOutcome,
  plural,
  unknownOutcome,
} from './context';

// "Basic README only" is 10%: a start, far from complete.
const readmeCredit = 0.1;
const docsCredit = 0.45;
const runbookCredit = 0.45;

// Below this a README can hardly say what the component does and how to
// build, run and deploy it.
const basicReadmeBytes = 300;
const listedSections = 8;

/**
 * What the collector learned about the README: a detail line, and whether it
 * is basic (small, or a title without sections). Credit does not depend on
 * it: the README is 10% either way, and docs and runbook carry the rest.
 */
function describeReadme(files: RepositoryFilesEvidenceValue): {
  detail?: string;
  basic: boolean;
} {
  const { readme, readmeBytes, readmeSections } = files;
  if (!readme || (readmeBytes === undefined && readmeSections === undefined)) {
    return { basic: false };
  }
  // A single heading is the title; sections need at least two.
  const withoutSections =
    readmeSections !== undefined && readmeSections.length < 2;
  const small = readmeBytes !== undefined && readmeBytes < basicReadmeBytes;
  const parts: string[] = [];
  if (readmeBytes !== undefined) {
    parts.push(plural(readmeBytes, 'byte'));
  }
  if (readmeSections !== undefined) {
    const shown = readmeSections.slice(0, listedSections).join(', ');
    const more = readmeSections.length - listedSections;
    parts.push(
      readmeSections.length === 0
        ? 'no headings'
        : `headings: ${shown}${more > 0 ? ` and ${more} more` : ''}`,
    );
  }
  const basic = small || withoutSections;
  return {
    detail: `README: ${parts.join('; ')}${basic ? ' (a basic README)' : ''}`,
    basic,
  };
}

/** `docs.complete`: README, docs (docs/ or TechDocs) and a runbook. */
export const evaluateDocsComplete: CheckEvaluator = ctx => {
  const files = ctx.evidence('repository-files');
  if (!files.usable) {
    return unknownOutcome(files.reason);
  }
  const catalog = ctx.evidence('catalog');
  const { readme, runbook } = files.value;
  const readmeInfo = describeReadme(files.value);
  const readmeDetails = readmeInfo.detail ? [readmeInfo.detail] : [];
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
  const presentItems = [
    readme && (readmeInfo.basic ? 'basic README' : 'README'),
    docs && 'docs',
    runbook && 'runbook',
  ].filter(Boolean);
  let present = '';
  if (presentItems.length === 1 && readmeInfo.basic) {
    present = 'basic README only';
  } else if (presentItems.length > 0) {
    present = `${presentItems.join(', ')} present`;
  }
  if (missing.length === 0) {
    return passOutcome('README, docs and runbook present', {
      details: [
        ...readmeDetails,
        ...(techdocs ? ['docs are published with TechDocs'] : []),
      ],
      evidenceLinks,
    });
  }
  // Only the docs part depends on the catalog; if that alone is undecidable,
  // the check is unknown rather than a possibly wrong failure.
  if (missing.length === 1 && missing[0].name === 'docs' && !catalog.usable) {
    return unknownOutcome(
      `no docs/ folder, and TechDocs is unknown: ${catalog.reason}`,
      { evidenceLinks, details: readmeDetails },
    );
  }
  return {
    status: 'fail',
    summary: `missing ${missing.map(m => m.name).join(', ')}${
      present ? ` (${present})` : ''
    }`,
    details: readmeDetails,
    evidenceLinks,
    credit,
    actions: [
      ...missing.map(m => m.action),
      ...(readmeInfo.basic
        ? [
            'expand the README: what the component does, how to build, run and deploy it',
          ]
        : []),
    ],
  };
};
