import { CatalogFilterBlueprint } from '@backstage/plugin-catalog-react/alpha';

/**
 * The readiness tier and "stop-work only" filter of the catalog index page,
 * `catalog-filter:readiness/tier`.
 *
 * @alpha
 */
export const readinessTierCatalogFilter = CatalogFilterBlueprint.make({
  name: 'tier',
  params: {
    loader: async () =>
      import('../components/CatalogFilter').then(m => (
        <m.ReadinessTierPicker />
      )),
  },
});

export default [readinessTierCatalogFilter];
