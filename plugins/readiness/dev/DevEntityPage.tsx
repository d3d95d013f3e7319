import {
  parseEntityRef,
  stringifyEntityRef,
  type Entity,
} from '@backstage/catalog-model';
import { Content, Header, Page } from '@backstage/core-components';
import { EntityProvider } from '@backstage/plugin-catalog-react';
import Box from '@material-ui/core/Box';
import { useParams } from 'react-router-dom';
import { EntityReadinessCard } from '../src/components/EntityReadinessCard';
import { EntityStopWorkBanner } from '../src/components/StopWorkBanner';

/**
 * An entity page of the dev app: the stop-work banner over the entity card,
 * as the catalog's entity page lays them out.
 */
export function DevEntityPage(props: { entityRef: string }) {
  const { namespace, name } = parseEntityRef(props.entityRef);
  const entity: Entity = {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Component',
    metadata: { name, namespace },
    spec: { type: 'service', lifecycle: 'production', owner: 'group:billing' },
  };
  return (
    <EntityProvider entity={entity}>
      <Page themeId="service">
        <Header title={name} subtitle="Readiness dev app (mock data)" />
        <Content>
          <Box display="flex" flexDirection="column" style={{ gap: 16 }}>
            <EntityStopWorkBanner />
            <Box maxWidth={720}>
              <EntityReadinessCard />
            </Box>
          </Box>
        </Content>
      </Page>
    </EntityProvider>
  );
}

/** The entity page at the catalog's entity route, `/catalog/:namespace/:kind/:name`. */
export function DevEntityRoutePage() {
  const { namespace = 'default', kind = 'component', name = '' } = useParams();
  return (
    <DevEntityPage entityRef={stringifyEntityRef({ kind, namespace, name })} />
  );
}
