// The benchmark is a private tool, never installed by anyone: all its
// dependencies are devDependencies (so Tech Insights, which it compares
// against, stays out of every other package's install), which this rule
// would otherwise want moved to dependencies.
module.exports = require('@backstage/cli/config/eslint-factory')(__dirname, {
  rules: {
    '@backstage/no-undeclared-imports': 'off',
  },
});
