import type {
  AuthService,
  BackstageCredentials,
  LoggerService,
} from '@backstage/backend-plugin-api';
import {
  type Entity,
  getCompoundEntityRef,
  parseEntityRef,
  RELATION_CHILD_OF,
  stringifyEntityRef,
} from '@backstage/catalog-model';
import { stringifyError } from '@backstage/errors';
import type { CatalogService } from '@backstage/plugin-catalog-node';
import type { NotificationService } from '@backstage/plugin-notifications-node';
import type { AffectedEntitiesResponse } from '@readiness/plugin-readiness-common';
import type {
  AffectedEntities,
  FollowUpStore,
  Regression,
  StopWorkOrderRecord,
} from '../database';
import { findAffectedEntities } from './affectedEntities';
import { entityMetadata } from './entityMetadata';
import type { FollowUpConfig } from './followUpConfig';
import { deliverNotification, type ReadinessNotification } from './notifier';

const DAY_MS = 24 * 60 * 60 * 1000;

/**
 * Follows open stop-work orders until they are lifted: the entities an order
 * affects and their owners, reminders, escalation and the owners' digests.
 * Every message is claimed in the store before it is sent, so each goes out
 * once per order and period across restarts and instances.
 *
 * @internal
 */
export interface FollowUp {
  /** The order's dependents, found in the catalog the first time and kept. */
  affectedBy(
    entity: Entity,
    order: StopWorkOrderRecord,
  ): Promise<AffectedEntities>;
  /**
   * What depends on the entity, for its open orders (none when clear), only
   * as far as the caller may see those entities in the catalog.
   */
  affectedOf(
    entity: Entity,
    credentials: BackstageCredentials,
  ): Promise<AffectedEntitiesResponse>;
  /** The paragraph the opening notification adds: who depends on the entity. */
  describeImpact(
    entity: Entity,
    order: StopWorkOrderRecord,
  ): Promise<string | undefined>;
  /** Tells each affected entity's owner, once per order. */
  notifyDependents(entity: Entity, order: StopWorkOrderRecord): Promise<void>;
  /** Sends the reminders, escalations and digests due at `now`. */
  run(now: Date): Promise<void>;
}

function linkTo(entityRef: string): string {
  const { kind, namespace, name } = parseEntityRef(entityRef);
  return `/catalog/${namespace}/${kind.toLocaleLowerCase('en-US')}/${name}`;
}

function titleOf(entity: Entity | undefined, entityRef: string): string {
  const title = entity?.metadata.title;
  return typeof title === 'string' && title
    ? title
    : parseEntityRef(entityRef).name;
}

function describeOrder(order: StopWorkOrderRecord): string {
  const why = order.reason
    ? `issued: ${order.reason}`
    : order.blockers.join(', ');
  return `since ${order.beganAt.slice(0, 10)} (${why || 'blockers'})`;
}

/** @internal */
export function createFollowUp(options: {
  store: FollowUpStore;
  catalog: CatalogService;
  auth: AuthService;
  notifications?: NotificationService;
  config: FollowUpConfig;
  logger: LoggerService;
  now?: () => Date;
}): FollowUp {
  const { store, catalog, auth, notifications, config, logger } = options;
  const now = options.now ?? (() => new Date());
  const credentials = () => auth.getOwnServiceCredentials();

  async function send(
    key: string,
    at: Date,
    recipients: string[],
    payload: ReadinessNotification,
  ) {
    if (recipients.length === 0 || !(await store.claim(key, { now: at }))) {
      return;
    }
    await deliverNotification({
      notifications,
      logger,
      recipients,
      payload,
      context: { claim: key },
    });
  }

  async function affectedBy(entity: Entity, order: StopWorkOrderRecord) {
    const stored = await store.getAffected(order.id);
    if (stored) {
      return stored;
    }
    const found = await findAffectedEntities({
      catalog,
      credentials: await credentials(),
      entity,
      maxDepth: config.affectedMaxDepth,
      maxEntities: config.affectedMaxEntities,
      now: now(),
    });
    // An empty walk is not kept: the catalog may not have stitched the
    // relations yet, and the next look should see them.
    if (found.entities.length === 0) {
      return found;
    }
    // Kept with the order: the banner, the notification and the owners told
    // name the same entities, and the catalog is walked once per order.
    await store.saveAffected(order.id, found);
    return (await store.getAffected(order.id))!;
  }

  /** The parent of the owning group, read from the catalog. */
  async function parentOf(ownerRef: string): Promise<string | undefined> {
    const group = await catalog.getEntityByRef(ownerRef, {
      credentials: await credentials(),
    });
    if (!group || group.kind.toLocaleLowerCase('en-US') !== 'group') {
      return undefined;
    }
    const [stitched] = (group.relations ?? [])
      .filter(r => r.type === RELATION_CHILD_OF)
      .map(r => r.targetRef);
    const parent = stitched ?? group.spec?.parent;
    if (typeof parent !== 'string' || !parent) {
      return undefined;
    }
    try {
      return stringifyEntityRef(
        parseEntityRef(parent, {
          defaultKind: 'group',
          defaultNamespace: group.metadata.namespace ?? 'default',
        }),
      );
    } catch {
      return undefined;
    }
  }

  async function remind(order: StopWorkOrderRecord, entity: Entity, at: Date) {
    const owner = entityMetadata(entity).owner;
    const title = titleOf(entity, order.entityRef);
    const openMs = at.getTime() - Date.parse(order.beganAt);
    if (config.reminderEveryMs !== undefined && owner) {
      const period = Math.floor(openMs / config.reminderEveryMs);
      if (period >= 1) {
        await send(`reminder:${order.id}:${period}`, at, [owner], {
          title: `Reminder: ${title} is still under stop-work`,
          description: `The stop-work order open ${describeOrder(order)} is not lifted yet.`,
          link: linkTo(order.entityRef),
          severity: 'high',
          topic: 'readiness-stop-work',
          scope: `readiness:stop-work:${order.id}:reminder`,
        });
      }
    }
    if (config.escalateAfterDaysOverdue === undefined) {
      return;
    }
    const overdueMs = openMs - config.dueAfterMs;
    if (overdueMs < config.escalateAfterDaysOverdue * DAY_MS) {
      return;
    }
    let recipients = config.escalationRecipients;
    if (recipients.length === 0 && owner) {
      const parent = await parentOf(owner);
      if (!parent) {
        logger.warn(
          `The stop-work order of ${order.entityRef} is overdue, but its owner ${owner} has no parent group to escalate to; configure readiness.followUp.escalation.recipients`,
        );
      }
      recipients = parent ? [parent] : [];
    }
    const days = Math.floor(overdueMs / DAY_MS);
    await send(`escalation:${order.id}`, at, recipients, {
      title: `Escalation: the stop-work order on ${title} is ${days} days overdue`,
      description: `Owned by ${owner ?? 'nobody'}; open ${describeOrder(order)}.`,
      link: linkTo(order.entityRef),
      severity: 'critical',
      topic: 'readiness-stop-work',
      scope: `readiness:stop-work:${order.id}:escalation`,
    });
  }

  async function digest(
    orders: Array<{ order: StopWorkOrderRecord; entity: Entity }>,
    at: Date,
  ) {
    if (config.digestEveryMs === undefined) {
      return;
    }
    const every = config.digestEveryMs;
    const periodStart = new Date(Math.floor(at.getTime() / every) * every);
    const byOwner = new Map<
      string,
      { lines: string[]; overdue: number; regressions: Regression[] }
    >();
    const of = (owner: string) => {
      const entry = byOwner.get(owner) ?? {
        lines: [],
        overdue: 0,
        regressions: [],
      };
      byOwner.set(owner, entry);
      return entry;
    };
    for (const { order, entity } of orders) {
      const owner = entityMetadata(entity).owner;
      if (!owner) {
        continue;
      }
      const overdue =
        at.getTime() - Date.parse(order.beganAt) > config.dueAfterMs;
      const entry = of(owner);
      entry.overdue += overdue ? 1 : 0;
      entry.lines.push(
        `- ${titleOf(entity, order.entityRef)}: stop-work ${describeOrder(order)}${overdue ? ', overdue' : ''}`,
      );
    }
    for (const regression of await store.listRegressions(
      new Date(at.getTime() - every),
    )) {
      if (regression.owner) {
        of(regression.owner).regressions.push(regression);
      }
    }
    for (const [owner, entry] of byOwner) {
      const regressions = entry.regressions.map(
        r =>
          `- ${parseEntityRef(r.entityRef).name}: tier ${r.previousTier ?? 'none'} → ${r.tier ?? 'none'}, score ${r.previousScore} → ${r.score}`,
      );
      await send(`digest:${owner}:${periodStart.toISOString()}`, at, [owner], {
        title: `Readiness digest: ${entry.lines.length} open stop-work orders, ${entry.overdue} overdue, ${entry.regressions.length} regressions`,
        description: [
          entry.lines.length
            ? `Open stop-work orders:\n${entry.lines.join('\n')}`
            : '',
          regressions.length ? `Regressions:\n${regressions.join('\n')}` : '',
        ]
          .filter(Boolean)
          .join('\n\n'),
        link: '/readiness',
        severity: 'normal',
        topic: 'readiness-digest',
        scope: `readiness:digest:${owner}`,
      });
    }
  }

  return {
    affectedBy,

    async affectedOf(entity, caller) {
      const orders = await store.listOpenOrders(stringifyEntityRef(entity));
      const items = new Map<
        string,
        AffectedEntitiesResponse['items'][number]
      >();
      let truncated = false;
      for (const order of orders) {
        // An order opened before this existed, or whose walk failed, gets it now.
        const affected = await affectedBy(entity, order);
        truncated ||= affected.truncated;
        for (const item of affected.entities) {
          if (!items.has(item.entityRef)) {
            items.set(item.entityRef, item);
          }
        }
      }
      const refs = [...items.keys()];
      // The walk used the plugin's credentials; the caller sees their share.
      const visible = refs.length
        ? (
            await catalog.getEntitiesByRefs(
              { entityRefs: refs, fields: ['kind'] },
              { credentials: caller },
            )
          ).items
        : [];
      return {
        items: refs.filter((_, i) => visible[i]).map(ref => items.get(ref)!),
        truncated,
      };
    },

    async describeImpact(entity, order) {
      try {
        const { entities, truncated } = await affectedBy(entity, order);
        if (entities.length === 0) {
          return undefined;
        }
        const names = entities.map(e => parseEntityRef(e.entityRef).name);
        return `Depends on it: ${names.join(', ')}${truncated ? ' and more' : ''}.`;
      } catch (error) {
        logger.warn(
          `Could not find what depends on ${stringifyEntityRef(entity)}: ${stringifyError(error)}`,
        );
        return undefined;
      }
    },

    async notifyDependents(entity, order) {
      const { entities } = await affectedBy(entity, order);
      const entityOwner = entityMetadata(entity).owner;
      const byOwner = new Map<string, string[]>();
      for (const affected of entities) {
        if (affected.owner && affected.owner !== entityOwner) {
          byOwner.set(affected.owner, [
            ...(byOwner.get(affected.owner) ?? []),
            parseEntityRef(affected.entityRef).name,
          ]);
        }
      }
      const { name } = getCompoundEntityRef(entity);
      const title = titleOf(entity, order.entityRef);
      const at = now();
      for (const [owner, names] of byOwner) {
        await send(`dependent:${order.id}:${owner}`, at, [owner], {
          title: `A dependency of yours is under stop-work: ${title}`,
          description: `${name} must not be deployed until its stop-work order is lifted. Yours that depend on it: ${names.join(', ')}.`,
          link: linkTo(order.entityRef),
          severity: 'high',
          topic: 'readiness-stop-work',
          scope: `readiness:stop-work:${order.id}:dependents`,
        });
      }
    },

    async run(at) {
      const orders = await store.listOpenOrders();
      const refs = [...new Set(orders.map(o => o.entityRef))];
      const { items } = refs.length
        ? await catalog.getEntitiesByRefs(
            { entityRefs: refs },
            { credentials: await credentials() },
          )
        : { items: [] };
      const entities = new Map(refs.map((ref, i) => [ref, items[i]]));
      const open: Array<{ order: StopWorkOrderRecord; entity: Entity }> = [];
      for (const order of orders) {
        const entity = entities.get(order.entityRef);
        if (!entity) {
          // Gone from the catalog or hidden from the plugin: no owner to tell.
          continue;
        }
        open.push({ order, entity });
        try {
          await remind(order, entity, at);
        } catch (error) {
          logger.warn(
            `Could not follow up the stop-work order of ${order.entityRef}: ${stringifyError(error)}`,
          );
        }
      }
      await digest(open, at);
    },
  };
}
