import { Content, Header, Page } from '@backstage/core-components';
import { useTranslationRef } from '@backstage/frontend-plugin-api';
import { readinessTranslationRef } from '../../translation';
import { ReadinessScorecard } from './ReadinessScorecard';

/**
 * The scorecard as a full page with its own header (legacy frontend system).
 *
 * @internal
 */
export function ScorecardPage() {
  const { t } = useTranslationRef(readinessTranslationRef);
  return (
    <Page themeId="tool">
      <Header title={t('scorecard.title')} subtitle={t('scorecard.subtitle')} />
      <Content>
        <ReadinessScorecard />
      </Content>
    </Page>
  );
}

/**
 * The scorecard inside the page layout of the new frontend system, which
 * already renders the header.
 *
 * @internal
 */
export function ScorecardPageContent() {
  return (
    <Content>
      <ReadinessScorecard />
    </Content>
  );
}
