import { createTranslationRef } from '@backstage/frontend-plugin-api';

/**
 * Texts of the readiness plugin, translatable through the app's translation API.
 *
 * @alpha
 */
export const readinessTranslationRef = createTranslationRef({
  id: 'readiness',
  messages: {
    status: {
      pass: 'Pass',
      fail: 'Fail',
      unknown: 'Unknown',
      waived: 'Waived',
    },
    tiers: {
      mvs: 'Minimum Viable System',
      production: 'Production Ready',
      enterprise: 'Enterprise Grade',
      none: 'No tier achieved',
    },
    risk: {
      critical: 'Critical',
      high: 'High',
      manageable: 'Manageable',
      none: 'None',
    },
    dimensions: {
      build: 'Build',
      security: 'Security',
      testing: 'Testing',
      documentation: 'Documentation',
      operations: 'Operations',
    },
    card: {
      title: 'Readiness',
      tierLabel: 'Tier: {{tier}}',
      riskLabel: 'Risk: {{risk}}',
      score: 'Score {{score}}/100',
      scoreHeading: 'Score',
      subScoreLabel: '{{dimension}} sub-score',
      evaluated: 'Evaluated {{when}}',
      requiredTier: 'Required for its lifecycle: {{tier}}',
      stale:
        'This report is stale: some evidence is out of date, so checks may be unknown until it is collected again.',
      stopWork:
        'Stop-work order active since {{since}}: this entity must not be deployed.',
      stopWorkNoDate:
        'Stop-work order active: this entity must not be deployed.',
      tiersHeading: 'Tiers',
      tierAchieved: 'achieved',
      tierNotAchieved: 'not achieved',
      tierCounts: '{{passed}} of {{total}} checks pass or are waived',
      showDetails: 'Show details of {{check}}',
      hideDetails: 'Hide details of {{check}}',
      evidence: 'Evidence',
      waivedBy:
        'Waived by {{by}} until {{until}}, owned by {{owner}}: {{reason}}',
      remediationHeading: 'Remediation plan',
      collectEvidence: 'collect evidence',
      waivedUntil: 'waived until {{date}}',
      noRemediation: 'Nothing to remediate.',
      refresh: 'Refresh',
      refreshing: 'Refreshing readiness',
      refreshFailed: 'Refresh failed: {{message}}',
      emptyTitle: 'No evidence yet',
      emptyDescription:
        'Readiness has not collected any evidence for this entity, so every check is unknown. Evidence arrives with the next collection run or when CI pushes it.',
    },
    scorecard: {
      title: 'Readiness scorecard',
      subtitle: 'Readiness of every component in the catalog',
      navTitle: 'Readiness',
      distributionHeading: 'Tier distribution',
      distributionItem: '{{tier}}: {{total}} components',
      stopWorkCount: '{{total}} components under stop-work',
      filtersHeading: 'Filters',
      search: 'Search by name',
      tierFilter: 'Tier',
      anyTier: 'Any tier',
      stopWorkOnly: 'Stop-work only',
      owner: 'Owner',
      system: 'System',
      lifecycle: 'Lifecycle',
      tableLabel: 'Readiness of components',
      columnName: 'Name',
      columnTier: 'Tier',
      columnScore: 'Score',
      columnStopWork: 'Stop-work',
      columnRisk: 'Risk',
      columnOwner: 'Owner',
      columnSystem: 'System',
      columnLifecycle: 'Lifecycle',
      columnEvaluated: 'Evaluated',
      stopWorkYes: 'Stop work',
      stopWorkNo: 'No',
      previousPage: 'Previous page',
      nextPage: 'Next page',
      pageNavigation: 'Pages',
      pageInfo: 'Page {{page}} of {{pages}}, {{total}} components',
      exportCsv: 'Export CSV',
      exporting: 'Exporting…',
      exportFailed: 'Export failed: {{message}}',
      emptyTitle: 'No components match',
      emptyDescription:
        'No evaluated component matches these filters. Change the filters, or wait for the next collection run.',
    },
    banner: {
      title: 'Stop work: {{name}} must not be deployed',
      blockersHeading: 'Blockers',
      untilHeading: 'Do not proceed until',
      unverifiedHeading:
        'Unverified blockers (evidence now unknown, the order stays open)',
      since: 'Order active since {{since}}.',
      manual: 'Issued by {{by}} on {{at}}: {{reason}}',
      blockerResolved: '{{check}} passes',
    },
  },
});
