import { useEffect, useMemo, useState } from 'react';
import Box from '@material-ui/core/Box';
import Checkbox from '@material-ui/core/Checkbox';
import FormControlLabel from '@material-ui/core/FormControlLabel';
import FormGroup from '@material-ui/core/FormGroup';
import Typography from '@material-ui/core/Typography';
import { stringifyEntityRef } from '@backstage/catalog-model';
import { useApi } from '@backstage/core-plugin-api';
import { useTranslationRef } from '@backstage/frontend-plugin-api';
import {
  type DefaultEntityFilters,
  useEntityList,
} from '@backstage/plugin-catalog-react';
import { tiersBestFirst } from '@readiness/plugin-readiness-common';
import { readinessApiRef } from '../../api/ReadinessApi';
import { summaryLoaderFor } from '../../api/SummaryLoader';
import { readinessTranslationRef } from '../../translation';
import {
  EntityReadinessFilter,
  type ReadinessTierFilterValue,
  STOP_WORK_QUERY_VALUE,
} from './EntityReadinessFilter';

/**
 * The catalog's filters with the readiness filter.
 *
 * @public
 */
export type ReadinessEntityFilters = DefaultEntityFilters & {
  readiness?: EntityReadinessFilter;
};

function fromQuery(value: string | string[] | undefined) {
  const values = [value ?? []].flat();
  return {
    tiers: tiersBestFirst.filter(tier => values.includes(tier)),
    stopWorkOnly: values.includes(STOP_WORK_QUERY_VALUE),
  };
}

/**
 * The readiness picker of the catalog index page: tiers and "stop-work
 * only". It loads the summaries of the entities the catalog loaded in one
 * request, and keeps the selection in the page's query string.
 *
 * @public
 */
export function ReadinessTierPicker() {
  const { t } = useTranslationRef(readinessTranslationRef);
  const api = useApi(readinessApiRef);
  const { updateFilters, backendEntities, queryParameters } =
    useEntityList<ReadinessEntityFilters>();
  const [selection, setSelection] = useState(() =>
    fromQuery(queryParameters.readiness),
  );
  const active = selection.tiers.length > 0 || selection.stopWorkOnly;
  const refs = useMemo(
    () => backendEntities.map(entity => stringifyEntityRef(entity)),
    [backendEntities],
  );

  useEffect(() => {
    if (!active) {
      updateFilters({ readiness: undefined });
      return undefined;
    }
    let cancelled = false;
    summaryLoaderFor(api)
      .load(refs)
      .then(
        summaries => {
          if (!cancelled) {
            updateFilters({
              readiness: new EntityReadinessFilter(
                selection.tiers,
                selection.stopWorkOnly,
                summaries,
              ),
            });
          }
        },
        // Without summaries nothing can be shown as matching; keep the catalog usable.
        () => {
          if (!cancelled) {
            updateFilters({ readiness: undefined });
          }
        },
      );
    return () => {
      cancelled = true;
    };
  }, [api, refs, active, selection, updateFilters]);

  const toggleTier = (tier: ReadinessTierFilterValue) =>
    setSelection(previous => ({
      ...previous,
      tiers: previous.tiers.includes(tier)
        ? previous.tiers.filter(x => x !== tier)
        : tiersBestFirst.filter(x => x === tier || previous.tiers.includes(x)),
    }));

  return (
    <Box pb={1} pt={1} component="fieldset" border={0} m={0} p={0}>
      <Typography variant="button" component="legend">
        {t('catalogFilter.label')}
      </Typography>
      <FormGroup>
        {tiersBestFirst.map(tier => (
          <FormControlLabel
            key={tier}
            control={
              <Checkbox
                size="small"
                checked={selection.tiers.includes(tier)}
                onChange={() => toggleTier(tier)}
              />
            }
            label={t(`tiers.${tier}`)}
          />
        ))}
        <FormControlLabel
          control={
            <Checkbox
              size="small"
              checked={selection.stopWorkOnly}
              onChange={e => {
                const stopWorkOnly = e.target.checked;
                setSelection(previous => ({ ...previous, stopWorkOnly }));
              }}
            />
          }
          label={t('catalogFilter.stopWorkOnly')}
        />
      </FormGroup>
    </Box>
  );
}
