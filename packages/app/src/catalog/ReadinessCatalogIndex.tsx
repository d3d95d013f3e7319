import type { ReactNode } from 'react';
import { CatalogTable } from '@backstage/plugin-catalog';
import type { CatalogTableColumnsFunc } from '@backstage/plugin-catalog';
import {
  CatalogFilterLayout,
  EntityListProvider,
  type EntityListPagination,
} from '@backstage/plugin-catalog-react';
import { Container } from '@backstage/ui';
import { createReadinessTierColumn } from '@readiness/plugin-readiness';

/**
 * The catalog's default columns, with the readiness tier after the name when
 * components are listed (readiness evaluates components only).
 */
export const readinessColumns: CatalogTableColumnsFunc = context => {
  const columns = CatalogTable.defaultColumnsFunc(context);
  if (context.filters.kind?.value?.toLocaleLowerCase('en-US') !== 'component') {
    return columns;
  }
  const afterName =
    columns.findIndex(column => column.field === 'resolved.entityRef') + 1;
  const at = afterName > 0 ? afterName : columns.length;
  return [
    ...columns.slice(0, at),
    createReadinessTierColumn(),
    ...columns.slice(at),
  ];
};

/**
 * The catalog index as the catalog plugin lays it out (filters beside the
 * table), with the readiness column in the table.
 */
export function ReadinessCatalogIndex(props: {
  filters: ReactNode;
  pagination?: EntityListPagination;
}) {
  return (
    <EntityListProvider pagination={props.pagination}>
      <Container>
        <CatalogFilterLayout>
          <CatalogFilterLayout.Filters>
            {props.filters}
          </CatalogFilterLayout.Filters>
          <CatalogFilterLayout.Content>
            <CatalogTable columns={readinessColumns} />
          </CatalogFilterLayout.Content>
        </CatalogFilterLayout>
      </Container>
    </EntityListProvider>
  );
}
