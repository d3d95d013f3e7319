import { createApp } from '@backstage/frontend-defaults';
import catalogPlugin from '@backstage/plugin-catalog/alpha';
import notificationsPlugin from '@backstage/plugin-notifications/alpha';
import orgPlugin from '@backstage/plugin-org/alpha';
import readinessPlugin from '@readiness/plugin-readiness/alpha';
import { catalogPageWithReadiness } from './catalog/catalogPage';

/**
 * The Readiness portal: the software catalog (with a readiness column in its
 * table), its org pages, notifications and the Readiness plugin, on
 * Backstage's new frontend system.
 */
export default createApp({
  features: [
    catalogPlugin.withOverrides({ extensions: [catalogPageWithReadiness] }),
    orgPlugin,
    notificationsPlugin,
    readinessPlugin,
  ],
});
