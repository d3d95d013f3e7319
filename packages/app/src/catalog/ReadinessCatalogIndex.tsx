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

/** The catalog's default columns, with the readiness tier after the name. */
export const readinessColumns: CatalogTableColumnsFunc = context => {
  const [name, ...rest] = CatalogTable.defaultColumnsFunc(context);
  return [name, createReadinessTierColumn(), ...rest];
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
