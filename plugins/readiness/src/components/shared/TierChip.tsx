import Chip from '@material-ui/core/Chip';
import StarIcon from '@material-ui/icons/Star';
import StarBorderIcon from '@material-ui/icons/StarBorder';
import { useTranslationRef } from '@backstage/frontend-plugin-api';
import type { Tier } from '@readiness/plugin-readiness-common';
import { readinessTranslationRef } from '../../translation';

/**
 * The achieved tier as a badge; "No tier achieved" when null.
 *
 * @internal
 */
export function TierChip(props: { tier: Tier | null; short?: boolean }) {
  const { t } = useTranslationRef(readinessTranslationRef);
  const name = props.tier ? t(`tiers.${props.tier}`) : t('tiers.none');
  return (
    <Chip
      size="small"
      color={props.tier ? 'primary' : 'default'}
      icon={
        props.tier ? (
          <StarIcon aria-hidden="true" />
        ) : (
          <StarBorderIcon aria-hidden="true" />
        )
      }
      label={props.short ? name : t('card.tierLabel', { tier: name })}
    />
  );
}
