import { stringifyEntityRef } from '@backstage/catalog-model';
import { useApi } from '@backstage/core-plugin-api';
import { useTranslationRef } from '@backstage/frontend-plugin-api';
import { useEntity } from '@backstage/plugin-catalog-react';
import Box from '@material-ui/core/Box';
import LinearProgress from '@material-ui/core/LinearProgress';
import { makeStyles } from '@material-ui/core/styles';
import Typography from '@material-ui/core/Typography';
import Alert from '@material-ui/lab/Alert';
import AlertTitle from '@material-ui/lab/AlertTitle';
import type {
  AffectedEntitiesResponse,
  CheckId,
  CheckResult,
  ReadinessReport,
} from '@readiness/plugin-readiness-common';
import useAsync from 'react-use/esm/useAsync';
import { readinessApiRef } from '../../api/ReadinessApi';
import { readinessTranslationRef } from '../../translation';
import { EntityRefLink, formatDate } from '../shared';

const useStyles = makeStyles(theme => ({
  list: { margin: theme.spacing(0.5, 0, 1), paddingLeft: theme.spacing(2.5) },
  progress: { width: 160, marginLeft: theme.spacing(1) },
  progressItem: { display: 'flex', alignItems: 'center', flexWrap: 'wrap' },
  heading: { fontWeight: theme.typography.fontWeightBold as number },
}));

function checkById(report: ReadinessReport, id: CheckId) {
  return report.checks.find(c => c.id === id);
}

/**
 * The stop-work banner: what blocks the entity, what must happen before work
 * proceeds, and progress since the order began. Renders nothing when clear.
 *
 * @internal
 */
export function StopWorkBanner(props: {
  report: ReadinessReport;
  name: string;
  /** What depends on the entity, when known. */
  affected?: AffectedEntitiesResponse;
}) {
  const { report, name, affected } = props;
  const order = report.stopWork;
  const classes = useStyles();
  const { t } = useTranslationRef(readinessTranslationRef);
  if (!order.active) {
    return null;
  }
  // "<title> passes" for each blocker that no progress counter covers.
  const pending = (order.blockersWithoutProgress ?? [])
    .map(id => checkById(report, id))
    .filter((c): c is CheckResult => c !== undefined);
  return (
    <Alert severity="error">
      <AlertTitle>{t('banner.title', { name })}</AlertTitle>
      {order.since ? (
        <Typography variant="body2">
          {t('banner.since', { since: formatDate(order.since) })}
        </Typography>
      ) : null}
      {order.manual ? (
        <Typography variant="body2">
          {t('banner.manual', {
            by: order.manual.issuedBy,
            at: formatDate(order.manual.issuedAt),
            reason: order.manual.reason,
          })}
        </Typography>
      ) : null}
      <CheckList
        report={report}
        ids={order.blockers}
        heading={t('banner.blockersHeading')}
        headingId="readiness-stop-work-blockers"
        headingClassName={classes.heading}
        listClassName={classes.list}
      />
      <CheckList
        report={report}
        ids={order.unverifiedBlockers}
        heading={t('banner.unverifiedHeading')}
        headingId="readiness-stop-work-unverified"
        headingClassName={classes.heading}
        listClassName={classes.list}
      />
      {order.progress.length > 0 || pending.length > 0 ? (
        <>
          <Typography
            variant="body2"
            component="h3"
            className={classes.heading}
            id="readiness-stop-work-until"
          >
            {t('banner.untilHeading')}
          </Typography>
          <ul
            className={classes.list}
            aria-labelledby="readiness-stop-work-until"
          >
            {order.progress.map(item => (
              <li key={item.counter} className={classes.progressItem}>
                <Typography variant="body2" component="span">
                  {item.label}
                </Typography>
                <Box className={classes.progress}>
                  <LinearProgress
                    variant="determinate"
                    color="secondary"
                    value={
                      item.total > 0 ? (100 * item.resolved) / item.total : 0
                    }
                    aria-label={item.label}
                  />
                </Box>
              </li>
            ))}
            {pending.map(check => (
              <li key={check.id}>
                <Typography variant="body2" component="span">
                  {t('banner.blockerResolved', { check: check.title })}
                </Typography>
              </li>
            ))}
          </ul>
        </>
      ) : null}
      {affected && affected.items.length > 0 ? (
        <>
          <Typography
            variant="body2"
            component="h3"
            className={classes.heading}
            id="readiness-stop-work-affected"
          >
            {t('banner.affectedHeading')}
          </Typography>
          <ul
            className={classes.list}
            aria-labelledby="readiness-stop-work-affected"
          >
            {affected.items.map(item => (
              <li key={item.entityRef}>
                <Typography variant="body2" component="span">
                  <EntityRefLink
                    entityRef={item.entityRef}
                    label={item.title}
                  />{' '}
                  ({t(`banner.affectedVia_${item.via}`)})
                </Typography>
              </li>
            ))}
            {affected.truncated ? (
              <li>
                <Typography variant="body2" component="span">
                  {t('banner.affectedTruncated')}
                </Typography>
              </li>
            ) : null}
          </ul>
        </>
      ) : null}
    </Alert>
  );
}

/** Checks by id, each as its title and summary, under a heading. */
function CheckList(props: {
  report: ReadinessReport;
  ids: readonly CheckId[];
  heading: string;
  headingId: string;
  headingClassName: string;
  listClassName: string;
}) {
  const { report, ids, heading, headingId } = props;
  if (ids.length === 0) {
    return null;
  }
  return (
    <>
      <Typography
        variant="body2"
        component="h3"
        className={props.headingClassName}
        id={headingId}
      >
        {heading}
      </Typography>
      <ul className={props.listClassName} aria-labelledby={headingId}>
        {ids.map(id => {
          const check = checkById(report, id);
          return (
            <li key={id}>
              <Typography variant="body2">
                <strong>{check?.title ?? id}</strong>
                {check ? `: ${check.summary}` : null}
              </Typography>
            </li>
          );
        })}
      </ul>
    </>
  );
}

/**
 * The stop-work banner for the current entity, for the entity page's warning
 * area. Renders nothing while loading, on error, or when no order is active.
 *
 * @public
 */
export function EntityStopWorkBanner() {
  const { entity } = useEntity();
  const api = useApi(readinessApiRef);
  const entityRef = stringifyEntityRef(entity);
  const { value } = useAsync(() => api.getReport(entityRef), [api, entityRef]);
  const active = value?.stopWork.active === true;
  // Only under stop-work; a failure leaves the banner without the list.
  const { value: affected } = useAsync(
    async () => (active ? api.getAffectedEntities(entityRef) : undefined),
    [api, entityRef, active],
  );
  if (!value?.stopWork.active) {
    return null;
  }
  return (
    <StopWorkBanner
      report={value}
      name={entity.metadata.title ?? entity.metadata.name}
      affected={affected}
    />
  );
}
