import { useTranslationRef } from '@backstage/frontend-plugin-api';
import { makeStyles } from '@material-ui/core/styles';
import Typography from '@material-ui/core/Typography';
import type { Risk, RiskAssessment } from '@readiness/plugin-readiness-common';
import { readinessTranslationRef } from '../../translation';

const useStyles = makeStyles(theme => ({
  section: { marginTop: theme.spacing(2) },
  list: { margin: theme.spacing(0.5, 0), paddingLeft: theme.spacing(2.5) },
}));

const levels: readonly Risk['level'][] = ['critical', 'high', 'manageable'];

/**
 * The risk register: risks by level, each with its area, statement and the
 * checks behind it, then what is in place.
 *
 * @internal
 */
export function RiskRegister(props: { risk: RiskAssessment }) {
  const classes = useStyles();
  const { t } = useTranslationRef(readinessTranslationRef);
  // A report stored before registers existed has neither list.
  const risks = props.risk.risks ?? [];
  const inPlace = props.risk.inPlace ?? [];
  return (
    <section className={classes.section} aria-labelledby="readiness-risks">
      <Typography variant="h6" component="h3" id="readiness-risks">
        {t('card.riskHeading')}
      </Typography>
      {risks.length === 0 ? (
        <Typography variant="body2">{t('card.noRisks')}</Typography>
      ) : null}
      {levels.map(level => {
        const atLevel = risks.filter(r => r.level === level);
        if (atLevel.length === 0) {
          return null;
        }
        const label = t('card.riskLevelHeading', {
          level: t(`risk.${level}`),
        });
        return (
          <div key={level}>
            <Typography variant="subtitle2" component="h4">
              {label}
            </Typography>
            <ul className={classes.list} aria-label={label}>
              {atLevel.map(risk => (
                <li key={`${risk.area}:${risk.checks.join(',')}`}>
                  <Typography variant="body2" component="span">
                    <strong>{t(`riskAreas.${risk.area}`)}</strong>:{' '}
                    {risk.statement}
                  </Typography>{' '}
                  <Typography
                    variant="body2"
                    component="span"
                    color="textSecondary"
                  >
                    ({risk.checks.join(', ')})
                  </Typography>
                </li>
              ))}
            </ul>
          </div>
        );
      })}
      {inPlace.length > 0 ? (
        <>
          <Typography variant="subtitle2" component="h4">
            {t('card.inPlaceHeading')}
          </Typography>
          <ul className={classes.list} aria-label={t('card.inPlaceHeading')}>
            {inPlace.map(positive => (
              <li key={`${positive.checks.join(',')}:${positive.statement}`}>
                <Typography variant="body2">
                  <strong>{t(`riskAreas.${positive.area}`)}</strong>:{' '}
                  {positive.statement}
                </Typography>
              </li>
            ))}
          </ul>
        </>
      ) : null}
    </section>
  );
}
