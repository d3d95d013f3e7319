import {
  coreExtensionData,
  ExtensionBoundary,
  PageLayout,
} from '@backstage/frontend-plugin-api';
import catalogPlugin from '@backstage/plugin-catalog/alpha';
import CategoryIcon from '@material-ui/icons/Category';

/**
 * `page:catalog` with the readiness tier column. The installed catalog has
 * no extension input for table columns, so the page's element is replaced:
 * its path, route, filters (including `catalog-filter:readiness/tier`) and
 * pagination config stay the catalog's own.
 */
export const catalogPageWithReadiness = catalogPlugin
  .getExtension('page:catalog')
  .override({
    *factory(originalFactory, { inputs, config, node }) {
      const filters = inputs.filters.map(filter =>
        filter.get(coreExtensionData.reactElement),
      );
      for (const output of originalFactory()) {
        if (output.id !== coreExtensionData.reactElement.id) {
          yield output;
        }
      }
      yield coreExtensionData.reactElement(
        <PageLayout title="Catalog" icon={<CategoryIcon fontSize="inherit" />}>
          {ExtensionBoundary.lazy(node, () =>
            import('./ReadinessCatalogIndex').then(m => (
              <m.ReadinessCatalogIndex
                filters={<>{filters}</>}
                pagination={config.pagination}
              />
            )),
          )}
        </PageLayout>,
      );
    },
  });
