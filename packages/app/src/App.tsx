import { createApp } from '@backstage/frontend-defaults';
import catalogPlugin from '@backstage/plugin-catalog/alpha';
import notificationsPlugin from '@backstage/plugin-notifications/alpha';
import orgPlugin from '@backstage/plugin-org/alpha';
import readinessPlugin from '@readiness/plugin-readiness/alpha';

/**
 * The Readiness portal: the software catalog, its org pages, notifications and
 * the Readiness plugin, on Backstage's new frontend system.
 */
export default createApp({
  features: [catalogPlugin, orgPlugin, notificationsPlugin, readinessPlugin],
});
