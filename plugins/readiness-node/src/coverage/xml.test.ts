import { readXml, XmlSyntaxError } from './xml';

describe('readXml', () => {
  it('reads the root, its attributes and children up to the kept depth', () => {
    const root = readXml(
      [
        '\uFEFF<?xml version="1.0" encoding="UTF-8"?>',
        '<!DOCTYPE report PUBLIC "-//JACOCO//DTD Report 1.1//EN" "report.dtd">',
        '<!-- generated -->',
        '<?xml-stylesheet href="style.xsl"?>',
        "<report name='a &amp; b &#65;&#x42; &lt;c&gt;'>",
        '  <package name="p"><counter type="LINE" missed="1" covered="2"/></package>',
        '  <counter type="LINE" missed="3" covered="4" />',
        '  <![CDATA[ <not> & markup ]]> text &quot;',
        '</report>',
        '',
      ].join('\n'),
      { keepDepth: 2 },
    );
    expect(root.name).toBe('report');
    expect(root.attributes.get('name')).toBe('a & b AB <c>');
    expect(root.children.map(c => c.name)).toEqual(['package', 'counter']);
    expect(root.children[0].children).toEqual([]);
    expect(Object.fromEntries(root.children[1].attributes)).toEqual({
      type: 'LINE',
      missed: '3',
      covered: '4',
    });
  });

  it('skips an internal DTD subset without expanding its entities', () => {
    const source = [
      '<!DOCTYPE lolz [',
      '  <!ENTITY lol "lol">',
      '  <!-- ] > -->',
      '  <!ENTITY lol2 "&lol;&lol;&lol;">',
      ']>',
      '<lolz>&lol2;</lolz>',
    ].join('\n');
    expect(() => readXml(source)).toThrow('line 6: unknown entity &lol2;');
    expect(readXml(source.replace('&lol2;', '')).name).toBe('lolz');
  });

  it('keeps attribute names such as __proto__ as plain data', () => {
    const root = readXml('<a __proto__="x" constructor="y"/>');
    expect(root.attributes.get('__proto__')).toBe('x');
    expect(root.attributes.size).toBe(2);
  });

  it.each([
    ['an empty document', '', 'no root element'],
    ['only a declaration', '<?xml version="1.0"?>', 'no root element'],
    [
      'text before the root',
      'hello <a/>',
      'line 1: text outside the root element',
    ],
    ['two roots', '<a/>\n<b/>', 'line 2: more than one root element'],
    ['text after the root', '<a/>x', 'text outside the root element'],
    ['an unclosed element', '<a><b></b>', '<a> is not closed'],
    ['a mismatched end tag', '<a>\n<b>\n</a>', 'line 3: </a> closes <b>'],
    ['a stray end tag', '<a/></b>', '</b> closes nothing'],
    ['an unquoted attribute', '<a b=1/>', 'expected a quoted value for b'],
    ['a duplicate attribute', '<a b="1" b="2"/>', 'duplicate attribute b'],
    ['attributes without a space', '<a b="1"c="2"/>', 'expected a space'],
    ['a missing "="', '<a b "1"/>', 'expected "=" after b'],
    ['"<" in a value', '<a b="<"/>', '"<" in the value of b'],
    ['a bare "&"', '<a>fish & chips</a>', '"&" must start an entity reference'],
    ['an unknown entity', '<a b="&nbsp;"/>', 'unknown entity &nbsp;'],
    ['a NUL character reference', '<a>&#0;</a>', 'unknown entity &#0;'],
    ['an unterminated comment', '<a><!-- x</a>', 'unterminated comment'],
    ['an unterminated tag', '<a b="1"', 'unterminated'],
    [
      'a late XML declaration',
      '<a/>\n<?xml version="1.0"?>',
      'the XML declaration must come first',
    ],
    ['a DOCTYPE after the root', '<a/><!DOCTYPE a>', 'unexpected DOCTYPE'],
    ['an unterminated DOCTYPE', '<!DOCTYPE a [ <a/>', 'unterminated DOCTYPE'],
    [
      'an element declaration in content',
      '<a><!ELEMENT a ANY></a>',
      'unsupported markup declaration',
    ],
    [
      'CDATA outside the root',
      '<![CDATA[x]]><a/>',
      'CDATA outside the root element',
    ],
    ['"]]>" in text', '<a>]]></a>', '"]]>" outside a CDATA section'],
    ['a tag without a name', '<a>< b/></a>', 'expected an element name'],
  ])('rejects %s', (_name, source, message) => {
    expect(() => readXml(source)).toThrow(XmlSyntaxError);
    expect(() => readXml(source)).toThrow(message);
  });
});
