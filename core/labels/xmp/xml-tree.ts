/**
 * A namespace-resolved view of an XML document parsed by fast-xml-parser in preserveOrder mode. XMP writers pick
 * their own prefixes, so properties are looked up by namespace URI, never by prefix. Each element keeps a
 * reference to its raw node and the array holding it, so an editor can change the document and rebuild it with
 * everything it did not touch left as it was.
 */
import { XMLBuilder, XMLParser } from 'fast-xml-parser';

/** A raw preserveOrder node: one tag key holding its children, ':@' holding attributes; or a '#text' node. */
export type RawNode = Record<string, unknown>;

export interface XElement {
  readonly uri: string;
  readonly local: string;
  /** Attributes other than namespace declarations, keyed `{uri}local` (`local` alone when unprefixed). */
  readonly attrs: ReadonlyMap<string, string>;
  readonly children: readonly XElement[];
  readonly text: string;
  readonly raw: RawNode;
  readonly rawSiblings: RawNode[];
  /** Prefix -> URI bindings in scope at this element. */
  readonly scope: ReadonlyMap<string, string>;
  /** Where the element is in the parsed text, for edits that leave every other byte as it was. */
  readonly span: Span;
}

/** Offsets in the source text: the whole element [start, end), its start tag's end, its end tag's start. */
export interface Span {
  readonly start: number;
  readonly end: number;
  /** Offset just after the start tag's `>`. */
  readonly openEnd: number;
  /** Offset of the end tag's `<` (equal to `end` for a self-closing element). */
  readonly closeStart: number;
  readonly selfClosing: boolean;
  /** The element's tag as written (prefix included). */
  readonly qname: string;
}

const OPTIONS = {
  preserveOrder: true,
  ignoreAttributes: false,
  attributeNamePrefix: '',
  parseTagValue: false,
  parseAttributeValue: false,
  trimValues: true,
  processEntities: true,
  // XMP never needs entity expansion beyond XML's five; refusing DOCTYPE entities keeps "billion laughs" out.
  htmlEntities: false,
} as const;

export const key = (uri: string, local: string) => `{${uri}}${local}`;

export function tagOf(node: RawNode): string | null {
  for (const k of Object.keys(node)) if (k !== ':@' && k !== '#text') return k;
  return null;
}

function split(qname: string): [string, string] {
  const i = qname.indexOf(':');
  return i < 0 ? ['', qname] : [qname.slice(0, i), qname.slice(i + 1)];
}

function resolve(node: RawNode, siblings: RawNode[], parentScope: ReadonlyMap<string, string>): XElement | null {
  const tag = tagOf(node);
  if (!tag || tag.startsWith('?') || tag.startsWith('!')) return null;
  const rawAttrs = (node[':@'] ?? {}) as Record<string, string>;
  let scope = parentScope;
  for (const [name, value] of Object.entries(rawAttrs)) {
    if (name === 'xmlns' || name.startsWith('xmlns:')) {
      if (scope === parentScope) scope = new Map(parentScope);
      (scope as Map<string, string>).set(name === 'xmlns' ? '' : name.slice(6), String(value));
    }
  }
  const attrs = new Map<string, string>();
  for (const [name, value] of Object.entries(rawAttrs)) {
    if (name === 'xmlns' || name.startsWith('xmlns:')) continue;
    const [prefix, local] = split(name);
    // Unprefixed attributes have no namespace (XML Namespaces 1.0, 6.2).
    attrs.set(prefix ? key(scope.get(prefix) ?? `unbound:${prefix}`, local) : local, String(value));
  }
  const [prefix, local] = split(tag);
  const rawChildren = (node[tag] ?? []) as RawNode[];
  const children: XElement[] = [];
  let text = '';
  for (const c of rawChildren) {
    if ('#text' in c) text += String(c['#text']);
    else {
      const el = resolve(c, rawChildren, scope);
      if (el) children.push(el);
    }
  }
  return {
    uri: scope.get(prefix) ?? (prefix ? `unbound:${prefix}` : ''),
    local,
    attrs,
    children,
    text,
    raw: node,
    rawSiblings: siblings,
    scope,
    span: NO_SPAN,
  };
}

const NO_SPAN: Span = { start: 0, end: 0, openEnd: 0, closeStart: 0, selfClosing: true, qname: '' };

const TOKEN =
  /<!--[\s\S]*?-->|<!\[CDATA\[[\s\S]*?\]\]>|<\?[\s\S]*?\?>|<!DOCTYPE[^>]*>|<\/([^\s>]+)\s*>|<([^\s/>!?]+)((?:\s+[^\s=/>]+\s*=\s*(?:"[^"]*"|'[^']*'))*)\s*(\/?)>/g;

/** The spans of every element of well-formed `text`, in document order (start tags' order). */
function elementSpans(text: string): Span[] {
  const out: { -readonly [K in keyof Span]: Span[K] }[] = [];
  const open: number[] = [];
  for (const m of text.matchAll(TOKEN)) {
    const at = m.index;
    const end = at + m[0].length;
    if (m[1] !== undefined) {
      const s = out[open.pop()!];
      if (!s || s.qname !== m[1]) throw new XmpSyntaxError(`unexpected </${m[1]}> at offset ${at}`);
      Object.assign(s, { end, closeStart: at });
    } else if (m[2] !== undefined) {
      const selfClosing = m[4] === '/';
      out.push({ start: at, end, openEnd: end, closeStart: end, selfClosing, qname: m[2] });
      if (!selfClosing) open.push(out.length - 1);
    }
  }
  return out;
}

function attachSpans(roots: readonly XElement[], text: string): void {
  const spans = elementSpans(text);
  let i = 0;
  const visit = (e: XElement) => {
    const s = spans[i++];
    if (!s || s.qname !== tagOf(e.raw)) throw new XmpSyntaxError('the XML could not be mapped for editing');
    (e as { span: Span }).span = s;
    e.children.forEach(visit);
  };
  roots.forEach(visit);
  if (i !== spans.length) throw new XmpSyntaxError('the XML could not be mapped for editing');
}

export interface XDocument {
  readonly raw: RawNode[];
  readonly roots: XElement[];
}

export class XmpSyntaxError extends Error {
  override name = 'XmpSyntaxError';
}

/** Larger than any real XMP packet (thumbnails included), small enough to never strain memory. */
export const MAX_XMP_BYTES = 4 * 1024 * 1024;

export function parseXml(text: string): XDocument {
  if (text.length > MAX_XMP_BYTES) throw new XmpSyntaxError(`XMP over ${MAX_XMP_BYTES / 1024 / 1024} MB`);
  // XMP forbids DTDs; refusing them keeps entity-expansion bombs out of the parser entirely.
  if (/<!DOCTYPE|<!ENTITY/i.test(text))
    throw new XmpSyntaxError('XMP must not contain a DOCTYPE or ENTITY declaration');
  let raw: RawNode[];
  try {
    raw = new XMLParser(OPTIONS).parse(text, true) as RawNode[];
  } catch (err) {
    throw new XmpSyntaxError(`not well-formed XML: ${(err as Error).message}`, { cause: err });
  }
  const roots: XElement[] = [];
  for (const n of raw) {
    const el = resolve(n, raw, new Map());
    if (el) roots.push(el);
  }
  attachSpans(roots, text);
  return { raw, roots };
}

export function buildXml(raw: RawNode[]): string {
  return new XMLBuilder({ ...OPTIONS, format: true, suppressEmptyNode: true }).build(raw) as string;
}

/** Every element (depth first) under `roots` with this name. */
export function findAll(roots: readonly XElement[], uri: string, local: string): XElement[] {
  const out: XElement[] = [];
  const visit = (e: XElement) => {
    if (e.uri === uri && e.local === local) out.push(e);
    e.children.forEach(visit);
  };
  roots.forEach(visit);
  return out;
}

export function childrenNamed(e: XElement, uri: string, local: string): XElement[] {
  return e.children.filter((c) => c.uri === uri && c.local === local);
}
