/*
 * A reader for PDS3 labels (Object Description Language, PDS3 Standards Reference ch. 12), enough of
 * it for real image labels: KEY = VALUE statements, OBJECT/GROUP nesting, quoted strings over several
 * lines, 'literals', <units>, sequences ( ) and sets { }, based integers such as 16#FF7FFFFB#, and
 * comments. Values keep their source text and units so the caller decides what they mean.
 */

export type OdlValue =
  | {
      kind: 'number';
      value: number;
      text: string;
      units?: string;
      /** For based integers (radix#digits#): the radix and the digits, to reinterpret as a bit pattern. */
      based?: { radix: number; digits: string; negative: boolean };
    }
  | { kind: 'text'; value: string; quoted: boolean; units?: string }
  | { kind: 'list'; items: OdlValue[]; units?: string };

export interface OdlNode {
  /** 'ROOT' for the label itself, else the OBJECT/GROUP name (e.g. IMAGE). */
  name: string;
  keywords: Map<string, OdlValue>;
  children: OdlNode[];
}

export class OdlError extends Error {
  constructor(readonly line: number, message: string) {
    super(`line ${line}: ${message}`);
  }
}

interface Token {
  type: 'word' | 'string' | 'literal' | 'units' | 'punct';
  text: string;
  line: number;
}

const PUNCT = '=(){},';
const BREAK = ' \t\r\n\f\v=(){},"\'<>';

/** Printable ASCII: an attached label is followed by binary data, which must not run into the last word. */
function isWordChar(code: number): boolean {
  return code > 32 && code < 127;
}

/** Splits label text into tokens, stopping at a standalone END statement. */
function tokenize(text: string): { tokens: Token[]; endOffset: number | undefined } {
  const tokens: Token[] = [];
  let i = 0, line = 1;
  const n = text.length;
  while (i < n) {
    const ch = text[i];
    if (ch === '\n') { line++; i++; continue; }
    if (ch === ' ' || ch === '\t' || ch === '\r' || ch === '\f' || ch === '\v' || ch === '\0') { i++; continue; }
    if (ch === '/' && text[i + 1] === '*') {
      const close = text.indexOf('*/', i + 2);
      if (close < 0) throw new OdlError(line, 'comment "/*" is never closed with "*/"');
      for (let k = i; k < close; k++) if (text[k] === '\n') line++;
      i = close + 2;
      continue;
    }
    const start = line;
    if (ch === '"' || ch === "'") {
      const close = text.indexOf(ch, i + 1);
      if (close < 0) throw new OdlError(line, `${ch === '"' ? 'string' : 'literal'} starting here is never closed with ${ch}`);
      const raw = text.slice(i + 1, close);
      for (const c of raw) if (c === '\n') line++;
      // Line breaks inside a quoted value are label formatting, not content.
      tokens.push({ type: ch === '"' ? 'string' : 'literal', text: raw.replace(/\s*\r?\n\s*/g, ' '), line: start });
      i = close + 1;
      continue;
    }
    if (ch === '<') {
      const close = text.indexOf('>', i + 1);
      if (close < 0) throw new OdlError(line, 'units "<" are never closed with ">"');
      tokens.push({ type: 'units', text: text.slice(i + 1, close).replace(/\s+/g, ''), line });
      i = close + 1;
      continue;
    }
    if (PUNCT.includes(ch)) {
      tokens.push({ type: 'punct', text: ch, line });
      i++;
      continue;
    }
    let j = i;
    while (j < n && isWordChar(text.charCodeAt(j)) && !BREAK.includes(text[j]) && !(text[j] === '/' && text[j + 1] === '*')) j++;
    if (j === i) throw new OdlError(line, `unexpected character 0x${text.charCodeAt(i).toString(16).padStart(2, '0')} in the label`);
    const word = text.slice(i, j);
    const prev = tokens[tokens.length - 1];
    // END closes the label only where a keyword could start: not after '=' nor inside a list.
    const atStatement = !prev || !(prev.type === 'punct' && prev.text !== ')' && prev.text !== '}');
    if (atStatement && word.toUpperCase() === 'END') return { tokens, endOffset: j };
    tokens.push({ type: 'word', text: word, line });
    i = j;
  }
  return { tokens, endOffset: undefined };
}

function scalar(tok: Token): OdlValue {
  if (tok.type === 'string') return { kind: 'text', value: tok.text, quoted: true };
  if (tok.type === 'literal') return { kind: 'text', value: tok.text, quoted: true };
  const t = tok.text;
  const based = /^([+-]?)(\d+)#([0-9A-Za-z]+)#$/.exec(t);
  if (based) {
    const radix = Number(based[2]);
    if (radix >= 2 && radix <= 16) {
      const digits = based[3];
      const v = parseInt(digits, radix);
      if (!Number.isNaN(v)) {
        return { kind: 'number', value: based[1] === '-' ? -v : v, text: t, based: { radix, digits, negative: based[1] === '-' } };
      }
    }
  }
  if (/^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/.test(t)) return { kind: 'number', value: Number(t), text: t };
  return { kind: 'text', value: t, quoted: false };
}

/** Parses a PDS3 label. Throws OdlError (with a line number) on malformed text or a missing END. */
export function parseOdl(text: string): { root: OdlNode; endOffset: number } {
  const { tokens, endOffset } = tokenize(text);
  if (endOffset === undefined) throw new OdlError(text.split('\n').length, 'no END statement closes the label');
  const root: OdlNode = { name: 'ROOT', keywords: new Map(), children: [] };
  const stack: { node: OdlNode; kind: string }[] = [{ node: root, kind: 'ROOT' }];
  let p = 0;
  const peek = (): Token | undefined => tokens[p];
  const next = (what: string): Token => {
    const t = tokens[p++];
    if (!t) throw new OdlError(tokens[tokens.length - 1]?.line ?? 1, `label ends where ${what} was expected`);
    return t;
  };

  const value = (): OdlValue => {
    const t = next('a value');
    if (t.type === 'punct' && (t.text === '(' || t.text === '{')) {
      const close = t.text === '(' ? ')' : '}';
      const items: OdlValue[] = [];
      for (;;) {
        const q = peek();
        if (q && q.type === 'punct' && q.text === close) { p++; break; }
        if (items.length > 0) {
          const comma = next(`"," or "${close}"`);
          if (comma.type !== 'punct' || comma.text !== ',') throw new OdlError(comma.line, `expected "," or "${close}" in a list, got "${comma.text}"`);
        }
        items.push(value());
      }
      const list: OdlValue = { kind: 'list', items };
      const u = peek();
      if (u && u.type === 'units') { p++; list.units = u.text; } // e.g. (1.0, 2.0) <DEG>
      return list;
    }
    if (t.type === 'punct' || t.type === 'units') throw new OdlError(t.line, `expected a value, got "${t.text}"`);
    const v = scalar(t);
    const u = peek();
    if (u && u.type === 'units') {
      p++;
      v.units = u.text;
    }
    return v;
  };

  while (p < tokens.length) {
    const keyTok = next('a keyword');
    if (keyTok.type !== 'word') throw new OdlError(keyTok.line, `expected a keyword, got "${keyTok.text}"`);
    const key = keyTok.text.toUpperCase();
    if (key === 'END_OBJECT' || key === 'END_GROUP') {
      const kind = key.slice(4);
      const top = stack[stack.length - 1];
      if (top.kind !== kind) throw new OdlError(keyTok.line, `${key} without a matching ${kind}`);
      const q = peek();
      if (q && q.type === 'punct' && q.text === '=') {
        p++;
        const name = next('an object name');
        if (name.text.toUpperCase() !== top.node.name) {
          throw new OdlError(name.line, `${key} = ${name.text} closes ${kind} = ${top.node.name}`);
        }
      }
      stack.pop();
      continue;
    }
    const eq = next('"="');
    if (eq.type !== 'punct' || eq.text !== '=') throw new OdlError(eq.line, `expected "=" after ${keyTok.text}, got "${eq.text}"`);
    if (key === 'OBJECT' || key === 'GROUP') {
      const name = next('an object name');
      const node: OdlNode = { name: name.text.toUpperCase(), keywords: new Map(), children: [] };
      stack[stack.length - 1].node.children.push(node);
      stack.push({ node, kind: key });
      continue;
    }
    stack[stack.length - 1].node.keywords.set(key, value());
  }
  if (stack.length > 1) {
    const open = stack[stack.length - 1];
    throw new OdlError(tokens[tokens.length - 1]?.line ?? 1, `${open.kind} = ${open.node.name} is never closed before END`);
  }
  return { root, endOffset };
}

/** First OBJECT or GROUP with this name, depth first. */
export function findNode(node: OdlNode, name: string): OdlNode | undefined {
  for (const child of node.children) {
    if (child.name === name) return child;
    const deeper = findNode(child, name);
    if (deeper) return deeper;
  }
  return undefined;
}
