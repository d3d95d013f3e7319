import { Link } from '@backstage/core-components';
import { useRouteRef } from '@backstage/core-plugin-api';
import { entityRouteRef } from '@backstage/plugin-catalog-react';
import { parseEntityRef } from '@backstage/catalog-model';

/**
 * A link to an entity's catalog page from its ref, with `label` or the
 * entity's name as text; plain text when the ref does not parse.
 *
 * @internal
 */
export function EntityRefLink(props: { entityRef: string; label?: string }) {
  const entityRoute = useRouteRef(entityRouteRef);
  let ref;
  try {
    ref = parseEntityRef(props.entityRef);
  } catch {
    return <>{props.label ?? props.entityRef}</>;
  }
  return (
    <Link
      to={entityRoute({
        kind: ref.kind.toLocaleLowerCase('en-US'),
        namespace: ref.namespace.toLocaleLowerCase('en-US'),
        name: ref.name,
      })}
    >
      {props.label ?? ref.name}
    </Link>
  );
}
