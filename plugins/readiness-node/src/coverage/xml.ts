/**
 * A small, strict XML reader for coverage reports. It checks that the whole
 * document is well-formed (one root, matching tags, quoted unique attributes,
 * known entity references) but keeps only the elements near the root, which
 * is all cobertura and jacoco totals need. It never loads a DTD or expands a
 * declared entity, so a report cannot make it fetch anything or blow up.
 *
 * fast-xml-parser is in node_modules only as a transitive dependency; this
 * stays until it is declared by this package.
 */

/**
 * An element with its attributes and (up to the kept depth) its children.
 *
 * @internal
 */
export interface XmlElement {
  name: string;
  attributes: Map<string, string>;
  children: XmlElement[];
  /** Its own character data (text and CDATA, entities decoded), when asked for. */
  text?: string;
}

/**
 * Why a document is not well-formed, with the line it was found on.
 *
 * @internal
 */
export class XmlSyntaxError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'XmlSyntaxError';
  }
}

const NAME = /[A-Za-z_:\u00C0-\uFFFF][-A-Za-z0-9_:.\u00B7\u00C0-\uFFFF]*/y;
const SPACE = /[ \t\r\n]*/y;
const PREDEFINED = new Map([
  ['lt', '<'],
  ['gt', '>'],
  ['amp', '&'],
  ['quot', '"'],
  ['apos', "'"],
]);

/**
 * Parses `source`; elements deeper than `keepDepth` (the root is depth 1)
 * are checked but not kept. Throws {@link XmlSyntaxError}.
 *
 * @internal
 */
export function readXml(
  source: string,
  options: { keepDepth?: number; keepText?: boolean } = {},
): XmlElement {
  const keepDepth = Math.max(1, options.keepDepth ?? Infinity);
  let pos = source.charCodeAt(0) === 0xfeff ? 1 : 0;
  const start = pos;
  let root: XmlElement | undefined;
  let doctype = false;
  const open: Array<{ name: string; element?: XmlElement }> = [];
  const addText = (text: string) => {
    const element = open[open.length - 1]?.element;
    if (options.keepText && element) {
      element.text = (element.text ?? '') + text;
    }
  };

  const fail = (message: string, at = pos): never => {
    let line = 1;
    for (let i = source.indexOf('\n'); i !== -1 && i < at;) {
      line += 1;
      i = source.indexOf('\n', i + 1);
    }
    throw new XmlSyntaxError(`line ${line}: ${message}`);
  };
  const skipSpace = () => {
    SPACE.lastIndex = pos;
    SPACE.exec(source);
    const moved = SPACE.lastIndex !== pos;
    pos = SPACE.lastIndex;
    return moved;
  };
  const readName = (what: string) => {
    NAME.lastIndex = pos;
    const match = NAME.exec(source);
    if (!match) {
      fail(`expected ${what}`);
    }
    pos = NAME.lastIndex;
    return match![0];
  };
  const endOf = (token: string, from: number, what: string) => {
    const end = source.indexOf(token, from);
    if (end === -1) {
      fail(`unterminated ${what}`);
    }
    return end + token.length;
  };
  const decode = (text: string, at: number) => {
    if (!text.includes('&')) {
      return text;
    }
    return text.replace(
      /&([^;&]*)(;?)/g,
      (_whole, ref: string, semi: string, offset: number) => {
        if (!semi) {
          return fail('"&" must start an entity reference', at + offset);
        }
        const predefined = PREDEFINED.get(ref);
        if (predefined !== undefined) {
          return predefined;
        }
        const numeric = /^#(?:x([0-9A-Fa-f]{1,6})|([0-9]{1,7}))$/.exec(ref);
        const code = numeric
          ? parseInt(numeric[1] ?? numeric[2], numeric[1] ? 16 : 10)
          : NaN;
        if (!(code > 0 && code <= 0x10ffff)) {
          return fail(`unknown entity &${ref};`, at + offset);
        }
        return String.fromCodePoint(code);
      },
    );
  };

  while (pos < source.length) {
    const lt = source.indexOf('<', pos);
    const textEnd = lt === -1 ? source.length : lt;
    if (textEnd > pos) {
      const text = source.slice(pos, textEnd);
      if (open.length === 0 && text.trim() !== '') {
        fail('text outside the root element');
      }
      if (text.includes(']]>')) {
        fail('"]]>" outside a CDATA section');
      }
      addText(decode(text, pos));
      pos = textEnd;
      if (lt === -1) {
        break;
      }
    }

    if (source.startsWith('<!--', pos)) {
      pos = endOf('-->', pos + 4, 'comment');
    } else if (source.startsWith('<![CDATA[', pos)) {
      if (open.length === 0) {
        fail('CDATA outside the root element');
      }
      const end = endOf(']]>', pos + 9, 'CDATA section');
      addText(source.slice(pos + 9, end - 3));
      pos = end;
    } else if (source.startsWith('<?', pos)) {
      const isDeclaration = /^<\?xml[ \t\r\n?]/.test(
        source.slice(pos, pos + 6),
      );
      if (isDeclaration && pos !== start) {
        fail('the XML declaration must come first');
      }
      pos = endOf('?>', pos + 2, 'processing instruction');
    } else if (source.startsWith('<!DOCTYPE', pos)) {
      if (doctype || root) {
        fail('unexpected DOCTYPE');
      }
      doctype = true;
      pos = skipDoctype(source, pos + 9, fail);
    } else if (source.startsWith('</', pos)) {
      pos += 2;
      const name = readName('an element name');
      skipSpace();
      if (source[pos] !== '>') {
        fail(`expected ">" to end </${name}`);
      }
      const top = open.pop();
      if (!top) {
        fail(`</${name}> closes nothing`);
      } else if (top.name !== name) {
        fail(`</${name}> closes <${top.name}>`);
      }
      pos += 1;
    } else if (source[pos + 1] === '!') {
      fail('unsupported markup declaration');
    } else {
      pos += 1;
      const name = readName('an element name');
      const attributes = new Map<string, string>();
      let selfClosing = false;
      for (;;) {
        const spaced = skipSpace();
        if (source.startsWith('/>', pos)) {
          selfClosing = true;
          pos += 2;
          break;
        }
        if (source[pos] === '>') {
          pos += 1;
          break;
        }
        if (pos >= source.length) {
          fail(`unterminated <${name}>`);
        }
        if (!spaced) {
          fail(`expected a space before the next attribute of <${name}>`);
        }
        const attribute = readName(`an attribute name in <${name}>`);
        skipSpace();
        if (source[pos] !== '=') {
          fail(`expected "=" after ${attribute}`);
        }
        pos += 1;
        skipSpace();
        const quote = source[pos];
        if (quote !== '"' && quote !== "'") {
          fail(`expected a quoted value for ${attribute}`);
        }
        const valueEnd = source.indexOf(quote, pos + 1);
        if (valueEnd === -1) {
          fail(`unterminated value of ${attribute}`);
        }
        const raw = source.slice(pos + 1, valueEnd);
        if (raw.includes('<')) {
          fail(`"<" in the value of ${attribute}`);
        }
        if (attributes.has(attribute)) {
          fail(`duplicate attribute ${attribute} in <${name}>`);
        }
        attributes.set(attribute, decode(raw, pos + 1));
        pos = valueEnd + 1;
      }

      if (open.length === 0 && root) {
        fail('more than one root element');
      }
      const depth = open.length + 1;
      const element =
        depth <= keepDepth ? { name, attributes, children: [] } : undefined;
      if (depth === 1) {
        root = element;
      } else if (element) {
        open[open.length - 1].element!.children.push(element);
      }
      if (!selfClosing) {
        open.push({ name, element });
      }
    }
  }

  if (open.length > 0) {
    fail(`<${open[open.length - 1].name}> is not closed`);
  }
  if (!root) {
    fail('no root element');
  }
  return root!;
}

/** Skips `<!DOCTYPE ...>`, including an internal subset; never reads a DTD. */
function skipDoctype(
  source: string,
  from: number,
  fail: (message: string, at?: number) => never,
): number {
  let pos = from;
  let subset = false;
  while (pos < source.length) {
    const char = source[pos];
    if (char === '"' || char === "'") {
      const end = source.indexOf(char, pos + 1);
      if (end === -1) {
        break;
      }
      pos = end + 1;
    } else if (subset && source.startsWith('<!--', pos)) {
      const end = source.indexOf('-->', pos + 4);
      if (end === -1) {
        break;
      }
      pos = end + 3;
    } else if (char === '[' && !subset) {
      subset = true;
      pos += 1;
    } else if (char === ']' && subset) {
      subset = false;
      pos += 1;
    } else if (char === '>' && !subset) {
      return pos + 1;
    } else {
      pos += 1;
    }
  }
  return fail('unterminated DOCTYPE', from);
}
