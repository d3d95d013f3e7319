import type { Knex } from 'knex';
import type { ReadinessStore } from './ReadinessStore';
import { lockEntity, toIso } from './rows';

/**
 * Coalescing of stop-work notifications per entity and recipient.
 *
 * @internal
 */
export function createNotificationWindowStore(
  db: Knex,
): Pick<ReadinessStore, 'claimNotificationRecipients'> {
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
      // Under the entity's lock, so two instances never both claim one.
      return db.transaction(async tx => {
        await lockEntity(tx, entityRef);
        const last = new Map(
          (
            await tx('readiness_notification_windows')
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
          await tx('readiness_notification_windows')
            .insert(
              claimed.map(recipient => ({
                entity_ref: entityRef,
                recipient,
                transition,
                sent_at: now,
              })),
            )
            .onConflict(['entity_ref', 'recipient'])
            .merge();
        }
        return claimed;
      });
    },
  };
}
