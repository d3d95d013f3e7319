/**
 * Readiness backend module for GitHub: build, deployment-pipeline and
 * compilation-error evidence from GitHub Actions.
 *
 * @packageDocumentation
 */
export { readinessModuleGithub as default } from './module';
export {
  createGithubActionsCollector,
  DEFAULT_BUILD_WORKFLOW_PATTERN,
  DEFAULT_DEPLOY_WORKFLOW_PATTERN,
  type GithubActionsCollectorOptions,
} from './createGithubActionsCollector';
export { GITHUB_PROJECT_SLUG_ANNOTATION } from './githubRepository';
export {
  defaultIsCompilationError,
  type GithubCheckAnnotation,
} from './compilationErrors';
export type { Sleep } from './GithubClient';
