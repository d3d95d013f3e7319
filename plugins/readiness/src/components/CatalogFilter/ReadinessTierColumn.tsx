import Box from '@material-ui/core/Box';
import Chip from '@material-ui/core/Chip';
import Typography from '@material-ui/core/Typography';
import BlockIcon from '@material-ui/icons/Block';
import { type Entity, stringifyEntityRef } from '@backstage/catalog-model';
import type { TableColumn } from '@backstage/core-components';
import { useApi } from '@backstage/core-plugin-api';
import { useTranslationRef } from '@backstage/frontend-plugin-api';
import useAsync from 'react-use/esm/useAsync';
import { readinessApiRef } from '../../api/ReadinessApi';
import { summaryLoaderFor } from '../../api/SummaryLoader';
import { readinessTranslationRef } from '../../translation';
import { TierChip } from '../shared';

/**
 * The readiness of one catalog row: its tier chip, and a stop-work chip when
 * an order is active. Rows rendered together share one batched request.
 *
 * @public
 */
export function EntityReadinessTierCell(props: { entity: Entity }) {
  const { t } = useTranslationRef(readinessTranslationRef);
  const api = useApi(readinessApiRef);
  const entityRef = stringifyEntityRef(props.entity);
  const { value, loading, error } = useAsync(
    async () => (await summaryLoaderFor(api).load([entityRef])).get(entityRef),
    [api, entityRef],
  );
  if (loading) {
    return null;
  }
  if (error || !value) {
    return (
      <Typography variant="body2" color="textSecondary">
        {error ? t('catalogColumn.failed') : t('catalogColumn.notEvaluated')}
      </Typography>
    );
  }
  return (
    <Box display="flex" flexWrap="wrap" style={{ gap: 4 }}>
      <TierChip tier={value.tier} short />
      {value.stopWork && (
        <Chip
          size="small"
          color="secondary"
          icon={<BlockIcon aria-hidden="true" />}
          label={t('catalogColumn.stopWork')}
        />
      )}
    </Box>
  );
}

/**
 * A catalog table column with each entity's readiness tier, for
 * `CatalogIndexPage`'s `columns`.
 *
 * @public
 */
export function createReadinessTierColumn<
  T extends { entity: Entity } = { entity: Entity },
>(options: { title?: string } = {}): TableColumn<T> {
  return {
    title: options.title ?? 'Readiness',
    field: 'readiness',
    sorting: false,
    render: ({ entity }) => <EntityReadinessTierCell entity={entity} />,
  };
}
