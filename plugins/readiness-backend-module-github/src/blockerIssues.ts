import type { GithubClient } from './GithubClient';

/** One failing blocker, as `readiness.blockers.changed` carries it. */
export interface Blocker {
  checkId: string;
  title: string;
  summary: string;
  actions: string[];
}

interface GithubIssue {
  number: number;
  body?: string | null;
  pull_request?: unknown;
}

/** Label of every issue this module opens; only labelled issues are read. */
export const BLOCKER_ISSUE_LABEL = 'readiness-blocker';
const MAX_ISSUE_PAGES = 10;
const MARKER = /<!-- readiness-blocker (\S+) (\S+) -->/;

function marker(entityRef: string, checkId: string): string {
  return `<!-- readiness-blocker ${entityRef} ${checkId} -->`;
}

function issueBody(entityRef: string, blocker: Blocker, link?: string) {
  const actions = blocker.actions.length
    ? blocker.actions.map(a => `- ${a}`).join('\n')
    : `- make ${blocker.checkId} pass`;
  return [
    `Readiness found a blocker on \`${entityRef}\`: it is under a stop-work order and must not be deployed until this passes.`,
    `**${blocker.title}**: ${blocker.summary}`,
    `### What to do\n${actions}`,
    ...(link ? [`[The readiness report](${link})`] : []),
    'Readiness closes this issue when the check passes.',
    marker(entityRef, blocker.checkId),
  ].join('\n\n');
}

/**
 * Makes the repository's open, labelled blocker issues of one entity match
 * its failing blockers: one issue per blocker, opened when missing and closed
 * when its blocker cleared. The issue is found again by a marker in its body,
 * so a restart, a repeated event or a second instance opens no duplicate;
 * only issues carrying the label (which needs triage access to set) count.
 *
 * @internal
 */
export async function syncBlockerIssues(options: {
  client: GithubClient;
  repoPath: string;
  entityRef: string;
  blockers: Blocker[];
  /** Where a person reads the report, e.g. the entity page. */
  link?: string;
}): Promise<{ opened: number[]; closed: number[] }> {
  const { client, repoPath, entityRef, blockers } = options;
  const open = await client.getAll<GithubIssue[], GithubIssue>(
    `${repoPath}/issues?state=open&labels=${BLOCKER_ISSUE_LABEL}&per_page=100`,
    body => (Array.isArray(body) ? body : []),
    MAX_ISSUE_PAGES,
  );
  const existing = new Map<string, number>();
  for (const issue of open) {
    const match = issue.pull_request ? null : MARKER.exec(issue.body ?? '');
    if (match && match[1] === entityRef) {
      existing.set(match[2], issue.number);
    }
  }

  const opened: number[] = [];
  for (const blocker of blockers) {
    if (existing.has(blocker.checkId)) {
      continue;
    }
    const issue = await client.send<GithubIssue>('POST', `${repoPath}/issues`, {
      title: `Readiness blocker: ${blocker.title}`,
      body: issueBody(entityRef, blocker, options.link),
      labels: [BLOCKER_ISSUE_LABEL],
    });
    opened.push(issue.number);
  }

  const failing = new Set(blockers.map(b => b.checkId));
  const closed: number[] = [];
  for (const [checkId, number] of existing) {
    if (!failing.has(checkId)) {
      await client.send('PATCH', `${repoPath}/issues/${number}`, {
        state: 'closed',
        state_reason: 'completed',
      });
      closed.push(number);
    }
  }
  return { opened, closed };
}
