// A marker counts where it opens a comment (`// TODO`, `# FIXME:`, ` * TODO`,
// `<!-- TODO`, `-- TODO`), not where the word is written in code or prose
// ("counts TODO markers" in a string is not technical debt). The blanks
// around `-`/`@` are one run each, so a long run is not split many ways.
const TODO_MARKER =
  /(?:\/\/[/!]?|\/\*+!?|^[ \t]*\*|#|<!--|(?:^|[ \t])--|;)[ \t]*(?:[-@][ \t]*)?(?:TODO|FIXME)\b/gm;

/**
 * The TODO/FIXME markers of one file. Linear in the content's length, so a
 * hostile file costs its size, never its size squared.
 *
 * @internal
 */
export function countTodoMarkers(content: string): number {
  return content.match(TODO_MARKER)?.length ?? 0;
}
