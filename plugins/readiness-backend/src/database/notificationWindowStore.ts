import type { Knex } from 'knex';
import type { ReadinessStore } from './ReadinessStore';
import { lockEntity, toIso } from './rows';

const TABLE = 'readiness_notification_windows';

/**
 * Coalescing of stop-work notifications per entity and recipient. Each claim
 * runs under the entity's lock, so two instances never both claim one.
 *
 * @internal
 */
export function createNotificationWindowStore(
  db: Knex,
): Pick<
  ReadinessStore,
  'claimNotificationRecipients' | 'claimHeldBackNotifications'
> {
  return {
    async claimNotificationRecipients({
      entityRef,
      recipients,
      transition,
      windowMs,
      now,
    }) {
      if (recipients.length === 0) {
        return [];
      }
      return db.transaction(async tx => {
        await lockEntity(tx, entityRef);
        const last = new Map(
          (
            await tx(TABLE)
              .where({ entity_ref: entityRef })
              .whereIn('recipient', recipients)
              .select('recipient', 'transition', 'sent_at')
          ).map(row => [
            row.recipient as string,
            {
              transition: row.transition as string,
              sentAtMs: Date.parse(toIso(row.sent_at)),
            },
          ]),
        );
        const claimed = recipients.filter(recipient => {
          const told = last.get(recipient);
          return (
            !told ||
            now.getTime() - told.sentAtMs >= windowMs ||
            // Never leave a recipient believing work may go on.
            (transition === 'began' && told.transition === 'lifted')
          );
        });
        if (claimed.length > 0) {
          await tx(TABLE)
            .insert(
              claimed.map(recipient => ({
                entity_ref: entityRef,
                recipient,
                transition,
                sent_at: now,
                held_back: null,
              })),
            )
            .onConflict(['entity_ref', 'recipient'])
            .merge();
        }
        const heldBack = recipients.filter(r => !claimed.includes(r));
        if (heldBack.length > 0) {
          await tx(TABLE)
            .where({ entity_ref: entityRef })
            .whereIn('recipient', heldBack)
            .update({ held_back: transition });
        }
        return claimed;
      });
    },

    async claimHeldBackNotifications({ entityRef, state, windowMs, now }) {
      return db.transaction(async tx => {
        await lockEntity(tx, entityRef);
        const due = tx(TABLE)
          .where({ entity_ref: entityRef })
          .whereNotNull('held_back')
          .where('sent_at', '<=', new Date(now.getTime() - windowMs));
        const claimed: string[] = (
          await due.clone().whereNot('transition', state).select('recipient')
        ).map(row => row.recipient);
        if (claimed.length > 0) {
          await tx(TABLE)
            .where({ entity_ref: entityRef })
            .whereIn('recipient', claimed)
            .update({ transition: state, sent_at: now, held_back: null });
        }
        // The others were last told the state that holds now.
        await due.clone().update({ held_back: null });
        return claimed;
      });
    },
  };
}
