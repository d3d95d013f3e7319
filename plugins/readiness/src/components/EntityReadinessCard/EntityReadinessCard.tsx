import { useState } from 'react';
import {
  EmptyState,
  InfoCard,
  Progress,
  ResponseErrorPanel,
} from '@backstage/core-components';
import { useTranslationRef } from '@backstage/frontend-plugin-api';
import { stringifyEntityRef } from '@backstage/catalog-model';
import { useEntity } from '@backstage/plugin-catalog-react';
import { usePermission } from '@backstage/plugin-permission-react';
import Accordion from '@material-ui/core/Accordion';
import AccordionDetails from '@material-ui/core/AccordionDetails';
import AccordionSummary from '@material-ui/core/AccordionSummary';
import Button from '@material-ui/core/Button';
import Chip from '@material-ui/core/Chip';
import CircularProgress from '@material-ui/core/CircularProgress';
import Collapse from '@material-ui/core/Collapse';
import IconButton from '@material-ui/core/IconButton';
import { makeStyles } from '@material-ui/core/styles';
import Typography from '@material-ui/core/Typography';
import ExpandLessIcon from '@material-ui/icons/ExpandLess';
import ExpandMoreIcon from '@material-ui/icons/ExpandMore';
import RefreshIcon from '@material-ui/icons/Refresh';
import Alert from '@material-ui/lab/Alert';
import {
  type CheckResult,
  describeAdvisorySource,
  type Finding,
  type ReadinessReport,
  readinessDimensions,
  readinessEntityRefreshPermission,
} from '@readiness/plugin-readiness-common';

import { readinessTranslationRef } from '../../translation';
import {
  CheckStatusLabel,
  EvidenceLinks,
  formatDate,
  formatRelativeTime,
  ScoreBar,
  TierChip,
} from '../shared';
import { FindingList, findingsOf, otherDetails } from './FindingList';
import { RemediationTimeline } from './RemediationTimeline';
import { RiskRegister } from './RiskRegister';
import { useReadinessReport } from './useReadinessReport';
import { DeliveryMetricsView } from './DeliveryMetricsView';

const useStyles = makeStyles(theme => ({
  section: { marginTop: theme.spacing(2) },
  headline: {
    display: 'flex',
    flexWrap: 'wrap',
    alignItems: 'center',
    gap: theme.spacing(1),
  },
  checkList: { listStyle: 'none', margin: 0, padding: 0, width: '100%' },
  check: {
    padding: theme.spacing(1, 0),
    borderBottom: `1px solid ${theme.palette.divider}`,
    '&:last-child': { borderBottom: 'none' },
  },
  checkHeader: {
    display: 'flex',
    alignItems: 'center',
    gap: theme.spacing(1),
  },
  checkTitle: { flexGrow: 1, fontWeight: 500 },
  checkBody: { paddingLeft: theme.spacing(3) },
  details: { margin: theme.spacing(0.5, 0), paddingLeft: theme.spacing(2.5) },
  accordionSummary: {
    display: 'flex',
    flexWrap: 'wrap',
    alignItems: 'center',
    gap: theme.spacing(1),
  },
}));

function RefreshButton(props: {
  entityRef: string;
  refreshing: boolean;
  onRefresh: () => void;
}) {
  const { t } = useTranslationRef(readinessTranslationRef);
  const { allowed } = usePermission({
    permission: readinessEntityRefreshPermission,
    resourceRef: props.entityRef,
  });
  if (!allowed) {
    return null;
  }
  return (
    <Button
      size="small"
      variant="outlined"
      onClick={props.onRefresh}
      disabled={props.refreshing}
      aria-busy={props.refreshing}
      startIcon={
        props.refreshing ? (
          <CircularProgress size={16} aria-label={t('card.refreshing')} />
        ) : (
          <RefreshIcon aria-hidden="true" />
        )
      }
    >
      {t('card.refresh')}
    </Button>
  );
}

function CheckRow(props: { check: CheckResult; findings?: Finding[] }) {
  const { check, findings } = props;
  const classes = useStyles();
  const { t } = useTranslationRef(readinessTranslationRef);
  const [open, setOpen] = useState(false);
  // Findings are drawn from the report's array; the other details stay.
  const details = findings
    ? otherDetails(check.details, findings)
    : check.details;
  const hasMore =
    details.length > 0 ||
    (findings?.length ?? 0) > 0 ||
    check.evidenceLinks.length > 0;
  const detailsId = `readiness-check-${check.id.replace(/[^a-z0-9-]/gi, '-')}`;
  return (
    <li className={classes.check} aria-label={check.title}>
      <div className={classes.checkHeader}>
        <CheckStatusLabel status={check.status} />
        <Typography variant="body2" className={classes.checkTitle}>
          {check.title}
        </Typography>
        {check.upcoming && check.effectiveFrom ? (
          <Chip
            size="small"
            variant="outlined"
            label={t('card.upcomingFrom', {
              date: formatDate(check.effectiveFrom),
            })}
            title={t('card.upcomingHint')}
          />
        ) : null}
        {hasMore ? (
          <IconButton
            size="small"
            aria-expanded={open}
            aria-controls={detailsId}
            aria-label={t(open ? 'card.hideDetails' : 'card.showDetails', {
              check: check.title,
            })}
            onClick={() => setOpen(!open)}
          >
            {open ? <ExpandLessIcon /> : <ExpandMoreIcon />}
          </IconButton>
        ) : null}
      </div>
      <div className={classes.checkBody}>
        <Typography variant="body2" color="textSecondary">
          {check.summary}
        </Typography>
        {check.status === 'waived' && check.waiver ? (
          <Typography variant="body2">
            {t('card.waivedBy', {
              by: check.waiver.createdBy,
              until: formatDate(check.waiver.expiresAt),
              owner: check.waiver.owner,
              reason: check.waiver.reason,
            })}
          </Typography>
        ) : null}
        {hasMore ? (
          <Collapse in={open} unmountOnExit>
            <div id={detailsId}>
              {findings ? <FindingList findings={findings} /> : null}
              {details.length > 0 ? (
                <ul className={classes.details}>
                  {details.map((detail, index) => (
                    <li key={index}>
                      <Typography variant="body2">{detail}</Typography>
                    </li>
                  ))}
                </ul>
              ) : null}
              <EvidenceLinks
                links={check.evidenceLinks}
                heading={t('card.evidence')}
              />
            </div>
          </Collapse>
        ) : null}
      </div>
    </li>
  );
}

function TierLadder(props: { report: ReadinessReport }) {
  const { report } = props;
  const classes = useStyles();
  const { t } = useTranslationRef(readinessTranslationRef);
  const firstOpen = report.tiers.find(r => !r.achieved)?.tier;
  return (
    <div className={classes.section}>
      <Typography variant="h6" component="h3">
        {t('card.tiersHeading')}
      </Typography>
      {report.tiers.map(tierResult => {
        const checks = report.checks.filter(c => c.tier === tierResult.tier);
        return (
          <Accordion
            key={tierResult.tier}
            defaultExpanded={tierResult.tier === firstOpen}
            TransitionProps={{ unmountOnExit: true }}
          >
            <AccordionSummary
              expandIcon={<ExpandMoreIcon />}
              aria-controls={`readiness-tier-${tierResult.tier}`}
              id={`readiness-tier-${tierResult.tier}-header`}
            >
              <div className={classes.accordionSummary}>
                <Typography variant="subtitle1" component="h4">
                  {t(`tiers.${tierResult.tier}`)}
                </Typography>
                <Chip
                  size="small"
                  variant="outlined"
                  label={
                    tierResult.achieved
                      ? t('card.tierAchieved')
                      : t('card.tierNotAchieved')
                  }
                />
                <Typography variant="body2" color="textSecondary">
                  {t('card.tierCounts', {
                    passed: String(tierResult.passed),
                    total: String(tierResult.checks.length),
                  })}
                </Typography>
              </div>
            </AccordionSummary>
            <AccordionDetails id={`readiness-tier-${tierResult.tier}`}>
              <ul
                className={classes.checkList}
                aria-label={t(`tiers.${tierResult.tier}`)}
              >
                {checks.map(check => (
                  <CheckRow
                    key={check.id}
                    check={check}
                    findings={findingsOf(check, report.findings)}
                  />
                ))}
              </ul>
            </AccordionDetails>
          </Accordion>
        );
      })}
    </div>
  );
}

function ReportView(props: { report: ReadinessReport }) {
  const { report } = props;
  const classes = useStyles();
  const { t } = useTranslationRef(readinessTranslationRef);
  return (
    <>
      <div className={classes.headline}>
        <TierChip tier={report.tier} />
        <Chip
          size="small"
          variant="outlined"
          label={t('card.riskLabel', { risk: t(`risk.${report.risk.level}`) })}
        />
        <Typography variant="body2">
          {t('card.score', { score: String(Math.round(report.score.overall)) })}
        </Typography>
        <Typography variant="body2" color="textSecondary">
          <time dateTime={report.evaluatedAt} title={report.evaluatedAt}>
            {t('card.evaluated', {
              when: formatRelativeTime(report.evaluatedAt),
            })}
          </time>
        </Typography>
      </div>
      {report.requiredTier ? (
        <Typography variant="body2" color="textSecondary">
          {t('card.requiredTier', { tier: t(`tiers.${report.requiredTier}`) })}
        </Typography>
      ) : null}
      {report.advisorySources?.map(source => (
        <Typography
          key={`${source.kind}:${source.location}`}
          variant="body2"
          color="textSecondary"
        >
          {t('card.advisorySource', { source: describeAdvisorySource(source) })}
        </Typography>
      ))}
      {report.stopWork.active ? (
        <Alert severity="error" className={classes.section}>
          {report.stopWork.since
            ? t('card.stopWork', { since: formatDate(report.stopWork.since) })
            : t('card.stopWorkNoDate')}
        </Alert>
      ) : null}
      {report.stale ? (
        <Alert severity="warning" className={classes.section}>
          {t('card.stale')}
        </Alert>
      ) : null}
      <div className={classes.section}>
        <Typography variant="h6" component="h3">
          {t('card.scoreHeading')}
        </Typography>
        {readinessDimensions
          .filter(d => report.score.dimensions[d] !== undefined)
          .map(dimension => (
            <ScoreBar
              key={dimension}
              label={t(`dimensions.${dimension}`)}
              value={report.score.dimensions[dimension] ?? 0}
              ariaLabel={t('card.subScoreLabel', {
                dimension: t(`dimensions.${dimension}`),
              })}
            />
          ))}
      </div>
      <RiskRegister risk={report.risk} />
      {report.delivery ? (
        <DeliveryMetricsView delivery={report.delivery} />
      ) : null}
      <TierLadder report={report} />
      <RemediationTimeline plan={report.remediation} />
    </>
  );
}

/**
 * The readiness of the current entity: tier, checks per tier, score, risk,
 * remediation plan and a refresh action.
 *
 * @public
 */
export function EntityReadinessCard() {
  const { entity } = useEntity();
  const entityRef = stringifyEntityRef(entity);
  const { t } = useTranslationRef(readinessTranslationRef);
  const { report, loading, error, refresh, refreshing, refreshError } =
    useReadinessReport(entityRef);

  const action = (
    <RefreshButton
      entityRef={entityRef}
      refreshing={refreshing}
      onRefresh={refresh}
    />
  );

  let content;
  if (loading && !report) {
    content = <Progress />;
  } else if (error && !report) {
    content = <ResponseErrorPanel error={error} />;
  } else if (!report) {
    content = null;
  } else if (report.noEvidence) {
    content = (
      <EmptyState
        missing="data"
        title={t('card.emptyTitle')}
        description={t('card.emptyDescription')}
      />
    );
  } else {
    content = <ReportView report={report} />;
  }

  return (
    <InfoCard title={t('card.title')} action={action}>
      {refreshError ? (
        <Alert severity="error" role="alert">
          {t('card.refreshFailed', { message: refreshError.message })}
        </Alert>
      ) : null}
      {content}
    </InfoCard>
  );
}
