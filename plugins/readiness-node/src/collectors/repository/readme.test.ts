import { isMarkdownReadme, markdownHeadings } from './readme';

describe('markdownHeadings', () => {
  it('reads level 1 and 2 ATX headings, not deeper ones', () => {
    expect(
      markdownHeadings(
        '# Title #\n\ntext\n\n## Install\n### Details\n##No space\n  ## Indented ##\n#\n',
      ),
    ).toEqual(['Title', 'Install', 'Indented']);
  });

  it('skips fenced code and front matter', () => {
    const content = [
      '---',
      'title: not a heading',
      '---',
      '# Tool',
      '```sh',
      '# a shell comment',
      '~~~',
      '## still code',
      '```',
      '~~~~',
      '# code too',
      '~~~~~',
      '## Usage',
      '    # indented code',
    ].join('\n');
    expect(markdownHeadings(content)).toEqual(['Tool', 'Usage']);
  });

  it('reads setext and HTML headings, with inline markup removed', () => {
    const content = [
      '<h1 align="center"><img src="logo.png"> My [Tool](https://x.example)</h1>',
      '',
      'Getting `started`',
      '=================',
      '',
      'The **API**',
      '---',
      '',
      '- a list item',
      '---',
      '',
      '',
      '---',
    ].join('\r\n');
    expect(markdownHeadings(content)).toEqual([
      'My Tool',
      'Getting started',
      'The API',
    ]);
  });

  it('keeps within the evidence bounds', () => {
    const many = Array.from({ length: 150 }, (_, i) => `## S${i}`).join('\n');
    expect(markdownHeadings(many)).toHaveLength(100);
    expect(markdownHeadings(`# ${'x'.repeat(1000)}`)[0]).toHaveLength(200);
  });

  it('finds none in plain text', () => {
    expect(markdownHeadings('just some words\n')).toEqual([]);
  });
});

describe('isMarkdownReadme', () => {
  it.each([
    ['README.md', true],
    ['readme.markdown', true],
    ['README', true],
    ['README.rst', false],
    ['README.txt', false],
  ])('%s: %s', (path, expected) => {
    expect(isMarkdownReadme(path)).toBe(expected);
  });
});
