import { fail, ParsedLockfile } from './util';

/*
 * mix.lock is an Elixir term (`%{"name": {:hex, :name, "1.0.0", ...}}`), and
 * no JavaScript library reads Elixir terms. This is a small strict reader of
 * the subset mix writes: maps, tuples, lists, strings, atoms, keyword keys,
 * integers and booleans. It scans each character once, refuses anything else
 * (no sigils, no interpolation, no expressions) and caps the nesting, so
 * hostile input costs linear time and bounded stack.
 */

type Term =
  | { kind: 'string'; value: string }
  | { kind: 'atom'; value: string }
  | { kind: 'integer'; value: string }
  | { kind: 'tuple'; items: Term[] }
  | { kind: 'list'; items: Term[] }
  | { kind: 'map'; entries: Array<[Term, Term]> };

const MAX_DEPTH = 32;
const ATOM = /[A-Za-z0-9_@.]/;

class TermReader {
  #at = 0;

  constructor(private readonly text: string) {}

  #line(): number {
    return this.text.slice(0, this.#at).split('\n').length;
  }

  #error(what: string): never {
    return fail(`invalid mix.lock at line ${this.#line()} (${what})`);
  }

  #skipSpace(): void {
    while (this.#at < this.text.length) {
      const char = this.text[this.#at];
      if (char === '#') {
        const end = this.text.indexOf('\n', this.#at);
        this.#at = end === -1 ? this.text.length : end;
      } else if (/\s/.test(char)) {
        this.#at += 1;
      } else {
        return;
      }
    }
  }

  #expect(token: string): void {
    this.#skipSpace();
    if (!this.text.startsWith(token, this.#at))
      this.#error(`expected ${token}`);
    this.#at += token.length;
  }

  #peek(token: string): boolean {
    this.#skipSpace();
    return this.text.startsWith(token, this.#at);
  }

  #string(): string {
    let out = '';
    this.#at += 1;
    while (this.#at < this.text.length) {
      const char = this.text[this.#at];
      if (char === '"') {
        this.#at += 1;
        return out;
      }
      if (char === '\\') {
        const next = this.text[this.#at + 1];
        if (next !== '"' && next !== '\\') this.#error('unsupported escape');
        out += next;
        this.#at += 2;
      } else if (char === '#' && this.text[this.#at + 1] === '{') {
        this.#error('interpolation');
      } else {
        out += char;
        this.#at += 1;
      }
    }
    return this.#error('unterminated string');
  }

  #word(): string {
    const start = this.#at;
    while (this.#at < this.text.length && ATOM.test(this.text[this.#at])) {
      this.#at += 1;
    }
    if (this.text[this.#at] === '?' || this.text[this.#at] === '!') {
      this.#at += 1;
    }
    return this.text.slice(start, this.#at);
  }

  /** A sequence up to `close`; `keyed` allows `key: value` and `"key": value`. */
  #items(close: string, depth: number): Array<[Term | undefined, Term]> {
    const items: Array<[Term | undefined, Term]> = [];
    while (!this.#peek(close)) {
      items.push(this.#item(depth));
      if (this.#peek(',')) this.#expect(',');
      else if (!this.#peek(close)) this.#error(`expected , or ${close}`);
    }
    this.#expect(close);
    return items;
  }

  #item(depth: number): [Term | undefined, Term] {
    this.#skipSpace();
    const start = this.#at;
    // `name:` and `"name":` keys, written for keyword lists and string-keyed maps.
    let key: string | undefined;
    if (this.text[this.#at] === '"') {
      const text = this.#string();
      if (
        this.text[this.#at] === ':' &&
        /\s/.test(this.text[this.#at + 1] ?? '')
      ) {
        this.#at += 1;
        key = text;
      } else {
        this.#at = start;
      }
    } else if (/[a-z_]/.test(this.text[this.#at] ?? '')) {
      const word = this.#word();
      if (
        this.text[this.#at] === ':' &&
        /\s/.test(this.text[this.#at + 1] ?? '')
      ) {
        this.#at += 1;
        key = word;
      } else {
        this.#at = start;
      }
    }
    const value = this.term(depth);
    return [
      key === undefined ? undefined : { kind: 'atom', value: key },
      value,
    ];
  }

  term(depth = 0): Term {
    if (depth > MAX_DEPTH) this.#error('nested too deeply');
    this.#skipSpace();
    const char = this.text[this.#at];
    if (char === '"') return { kind: 'string', value: this.#string() };
    if (this.text.startsWith('%{', this.#at)) {
      this.#at += 2;
      const entries = this.#items('}', depth + 1).map(([key, value]) => {
        if (!key) this.#error('map entry without a key');
        return [key, value] as [Term, Term];
      });
      return { kind: 'map', entries };
    }
    if (char === '{' || char === '[') {
      this.#at += 1;
      const items = this.#items(char === '{' ? '}' : ']', depth + 1);
      if (char === '{' && items.some(([key]) => key))
        this.#error('key in a tuple');
      // A keyword list `[a: 1]` is a list of `{:a, 1}` tuples.
      const terms = items.map(([key, value]): Term =>
        key ? { kind: 'tuple', items: [key, value] } : value,
      );
      return char === '{'
        ? { kind: 'tuple', items: terms }
        : { kind: 'list', items: terms };
    }
    if (char === ':') {
      this.#at += 1;
      if (this.text[this.#at] === '"') {
        return { kind: 'atom', value: this.#string() };
      }
      const value = this.#word();
      if (!value) this.#error('empty atom');
      return { kind: 'atom', value };
    }
    if (/[0-9]/.test(char ?? '')) {
      const value = this.#word();
      if (!/^\d+$/.test(value)) this.#error('invalid number');
      return { kind: 'integer', value };
    }
    const word = this.#word();
    if (word === 'true' || word === 'false' || word === 'nil') {
      return { kind: 'atom', value: word };
    }
    return this.#error(
      char === undefined ? 'unexpected end' : 'unexpected token',
    );
  }

  end(): void {
    this.#skipSpace();
    if (this.#at < this.text.length) this.#error('content after the map');
  }
}

function textOf(term: Term | undefined): string | undefined {
  return term && (term.kind === 'string' || term.kind === 'atom')
    ? term.value
    : undefined;
}

/**
 * mix.lock. A `:hex` entry is `{:hex, :package, "version", ...}`: its Hex
 * package name (the second element) can differ from the dependency's key
 * (`hex: :package` in mix.exs), and is the name advisories use. `:git`
 * entries and anything else are unpinned under their key. mix.lock does not
 * record which dependencies are only for dev or test.
 *
 * @internal
 */
export function parseMixLock(content: string): ParsedLockfile {
  const reader = new TermReader(content);
  const root = reader.term();
  reader.end();
  if (root.kind !== 'map') fail('not a mix.lock: expected a %{} map');
  const result: ParsedLockfile = { packages: [], unpinned: [] };
  for (const [key, value] of root.entries) {
    const dependency = textOf(key);
    if (!dependency) fail('a mix.lock key is not a name');
    const items = value.kind === 'tuple' ? value.items : [];
    const name = textOf(items[1]);
    const version = items[2]?.kind === 'string' ? items[2].value : undefined;
    if (
      textOf(items[0]) === 'hex' &&
      items[1]?.kind === 'atom' &&
      name &&
      version
    ) {
      result.packages.push({ name, version, dev: undefined });
    } else {
      result.unpinned.push(dependency);
    }
  }
  return result;
}
