/*
 * Regular expressions run over repository content, lockfiles, pushed bodies
 * and annotations, all hostile input: a pattern that backtracks
 * super-linearly lets one long line freeze the backend's event loop.
 * Shared by every plugin's .eslintrc.js.
 */
module.exports = {
  plugins: ['regexp'],
  rules: {
    'regexp/no-super-linear-backtracking': 'error',
    'regexp/no-super-linear-move': 'error',
  },
};
