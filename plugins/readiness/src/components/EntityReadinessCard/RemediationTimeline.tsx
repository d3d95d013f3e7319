import { useTranslationRef } from '@backstage/frontend-plugin-api';
import Accordion from '@material-ui/core/Accordion';
import AccordionDetails from '@material-ui/core/AccordionDetails';
import AccordionSummary from '@material-ui/core/AccordionSummary';
import Box from '@material-ui/core/Box';
import Chip from '@material-ui/core/Chip';
import { makeStyles } from '@material-ui/core/styles';
import Typography from '@material-ui/core/Typography';
import ExpandMoreIcon from '@material-ui/icons/ExpandMore';
import type {
  RemediationItem,
  RemediationPhase,
  RemediationPlan,
} from '@readiness/plugin-readiness-common';
import { readinessTranslationRef } from '../../translation';
import { EntityRefLink, formatDate } from '../shared';

const useStyles = makeStyles(theme => ({
  section: { marginTop: theme.spacing(2) },
  phase: { marginBottom: theme.spacing(1) },
  items: { margin: theme.spacing(0.5, 0), paddingLeft: theme.spacing(2.5) },
}));

function ItemTimeline(props: {
  item: RemediationItem;
  phase: RemediationPhase;
}) {
  const { item, phase } = props;
  const { t } = useTranslationRef(readinessTranslationRef);
  return (
    <>
      {item.kind === 'collect-evidence' ? (
        <>
          {' '}
          <Chip
            size="small"
            variant="outlined"
            label={t('card.collectEvidence')}
          />
        </>
      ) : null}
      {item.done ? (
        <>
          {' '}
          <Chip size="small" variant="outlined" label={t('card.itemDone')} />
        </>
      ) : null}
      {item.overdue ? (
        <>
          {' '}
          <Chip size="small" color="secondary" label={t('card.itemOverdue')} />
        </>
      ) : null}
      {item.waivedUntil ? (
        <Typography variant="body2" component="span" color="textSecondary">
          {' '}
          ({t('card.waivedUntil', { date: formatDate(item.waivedUntil) })})
        </Typography>
      ) : null}
      {item.dueAt && !item.done && item.dueAt !== phase.dueAt ? (
        <Typography variant="body2" component="span" color="textSecondary">
          {' '}
          {t('card.itemDue', { date: formatDate(item.dueAt) })}
        </Typography>
      ) : null}
      {item.owner ? (
        <Typography variant="body2" component="span" color="textSecondary">
          {' · '}
          {t('card.itemOwner')} <EntityRefLink entityRef={item.owner} />
        </Typography>
      ) : null}
    </>
  );
}

/**
 * The remediation plan as a timeline: phases with their time boxes, items
 * with owners, due dates and whether they are done or overdue.
 *
 * @internal
 */
export function RemediationTimeline(props: { plan: RemediationPlan }) {
  const classes = useStyles();
  const { t } = useTranslationRef(readinessTranslationRef);
  return (
    <Accordion className={classes.section}>
      <AccordionSummary
        expandIcon={<ExpandMoreIcon />}
        aria-controls="readiness-remediation"
        id="readiness-remediation-header"
      >
        <Typography variant="subtitle1" component="h3">
          {t('card.remediationHeading')}
        </Typography>
      </AccordionSummary>
      <AccordionDetails id="readiness-remediation">
        <Box width="100%">
          {props.plan.phases.length === 0 ? (
            <Typography variant="body2">{t('card.noRemediation')}</Typography>
          ) : null}
          {props.plan.startedAt ? (
            <Typography variant="body2" color="textSecondary">
              {t('card.timelineStarted', {
                date: formatDate(props.plan.startedAt),
              })}
            </Typography>
          ) : null}
          {props.plan.phases.map(phase => (
            <div key={phase.phase} className={classes.phase}>
              <Typography variant="subtitle2" component="h4">
                {phase.title}
              </Typography>
              {phase.startsAt && phase.dueAt ? (
                <Typography variant="body2" color="textSecondary">
                  {t('card.phaseTimeBox', {
                    start: formatDate(phase.startsAt),
                    due: formatDate(phase.dueAt),
                  })}
                </Typography>
              ) : null}
              <ol className={classes.items} aria-label={phase.title}>
                {phase.items.map((item, index) => (
                  <li key={`${item.checkId ?? item.kind}-${index}`}>
                    <Typography variant="body2" component="span">
                      {item.action}
                    </Typography>
                    <ItemTimeline item={item} phase={phase} />
                  </li>
                ))}
              </ol>
            </div>
          ))}
        </Box>
      </AccordionDetails>
    </Accordion>
  );
}
