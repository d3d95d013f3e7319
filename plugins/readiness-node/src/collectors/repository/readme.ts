// Bounds of the evidence schema (a name list of at most 100 names of at most
// 256 characters).
const MAX_SECTIONS = 100;
const MAX_SECTION_LENGTH = 200;

const MARKDOWN_README = /^readme(\.(md|markdown|mdown|mkd|mdx))?$/i;

/**
 * Whether a README is read as markdown: `.md` and friends, and a README
 * without an extension (GitHub renders those as plain text, but they are
 * usually written in markdown).
 *
 * @internal
 */
export function isMarkdownReadme(path: string): boolean {
  return MARKDOWN_README.test(path.slice(path.lastIndexOf('/') + 1));
}

// Every pattern here runs over hostile content in linear time: a scan
// started at one `<` or `[` stops at the next one, so a long run of them is
// not rescanned from each position (eslint-plugin-regexp enforces this).
function clean(text: string): string {
  return text
    .replace(/<[^<>]*>/g, '')
    .replace(/!?\[([^[\]]*)\]\([^()[\]]*\)/g, '$1')
    .replace(/[`*]/g, '')
    .replace(/\s+/g, ' ')
    .trim()
    .slice(0, MAX_SECTION_LENGTH);
}

/** An ATX heading's text without its optional closing `#` sequence. */
function withoutClosingHashes(text: string): string {
  const trimmed = text.trimEnd();
  let start = trimmed.length;
  while (start > 0 && trimmed[start - 1] === '#') {
    start -= 1;
  }
  // `# C#` keeps its hash: a closing sequence follows a space or tab.
  return start === 0 || /[ \t]/.test(trimmed[start - 1])
    ? trimmed.slice(0, start)
    : trimmed;
}

/**
 * The level 1 and 2 headings of a markdown document, in order: ATX (`#`,
 * `##`), setext (underlined with `===` or `---`) and single-line HTML
 * (`<h1>`, `<h2>`). Fenced code blocks and YAML front matter are skipped, so
 * a shell comment in a code sample is not a heading.
 *
 * @internal
 */
export function markdownHeadings(content: string): string[] {
  const lines = content.split(/\r?\n/);
  const headings: string[] = [];
  let fence: string | undefined;
  let start = 0;
  if (lines[0]?.trim() === '---') {
    const end = lines.findIndex(
      (line, i) => i > 0 && /^(---|\.\.\.)\s*$/.test(line),
    );
    if (end !== -1) {
      start = end + 1;
    }
  }
  // The previous line, when it can be the text of a setext heading.
  let paragraph: string | undefined;
  for (let i = start; i < lines.length && headings.length < MAX_SECTIONS; i++) {
    const line = lines[i];
    if (fence) {
      const closing = /^ {0,3}(`{3,}|~{3,})\s*$/.exec(line);
      if (
        closing &&
        closing[1][0] === fence[0] &&
        closing[1].length >= fence.length
      ) {
        fence = undefined;
      }
      continue;
    }
    const opening = /^ {0,3}(`{3,}|~{3,})/.exec(line);
    if (opening) {
      fence = opening[1];
      paragraph = undefined;
      continue;
    }
    const atx = /^ {0,3}(#{1,6})(?=[ \t]|$)/.exec(line);
    if (atx) {
      const text = clean(withoutClosingHashes(line.slice(atx[0].length)));
      if (atx[1].length <= 2 && text) {
        headings.push(text);
      }
      paragraph = undefined;
      continue;
    }
    const html = /^\s*<h([12])\b[^>]*>(.*?)<\/h\1>/i.exec(line);
    if (html) {
      const text = clean(html[2]);
      if (text) {
        headings.push(text);
      }
      paragraph = undefined;
      continue;
    }
    if (paragraph !== undefined && /^ {0,3}(=+|-+)[ \t]*$/.test(line)) {
      const text = clean(paragraph);
      if (text) {
        headings.push(text);
      }
      paragraph = undefined;
      continue;
    }
    // Only plain text can be underlined into a heading: not a list item,
    // quote, table row, indented code or HTML block.
    paragraph =
      line.trim() !== '' && !/^( {4}|\t|\s*([-*+>|<]|\d+[.)])(\s|$))/.test(line)
        ? line
        : undefined;
  }
  return headings;
}
