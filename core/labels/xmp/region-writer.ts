/**
 * Writes face regions into an XMP packet by editing its text in place: a region Facet did not change, and every
 * byte outside what it adds or renames, stays exactly as the other program wrote it (a darktable sidecar's
 * `<rdf:li> </rdf:li>` included). Regions are in the stored frame (MWG 2.0 §5.9), normalised.
 */
import { matchBoxes } from '../box-match';
import { dimsOf, faceOfItem, MWG_RS, ST_AREA, ST_DIM, type FaceRegion } from './mwg-regions';
import { arrayItems, field, RDF, structField, structNodes } from './rdf';
import { childrenNamed, findAll, parseXml, XmpSyntaxError, type XElement } from './xml-tree';

const PREFERRED: Record<string, string> = { [RDF]: 'rdf', [MWG_RS]: 'mwg-rs', [ST_AREA]: 'stArea', [ST_DIM]: 'stDim' };

type Ns = 'rdf' | 'rs' | 'area' | 'dim';
const URIS: Record<Ns, string> = { rdf: RDF, rs: MWG_RS, area: ST_AREA, dim: ST_DIM };

/** Prefixes for new elements at a place in the document: bound ones reused, missing ones declared. */
function prefixesAt(scope: ReadonlyMap<string, string>, used: readonly Ns[]) {
  const decls: string[] = [];
  const p = {} as Record<Ns, string>;
  for (const ns of used) {
    const uri = URIS[ns];
    const bound = [...scope].find(([prefix, u]) => u === uri && prefix)?.[0];
    p[ns] = bound ?? PREFERRED[uri];
    if (!bound) decls.push(` xmlns:${p[ns]}="${uri}"`);
  }
  return { ...p, decls: decls.join('') };
}

const escape = (s: string) =>
  s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
const round = (v: number) => String(Math.round(v * 1e6) / 1e6);

function regionItem(f: FaceRegion, scope: ReadonlyMap<string, string>, indent: string): string {
  const p = prefixesAt(scope, ['rdf', 'rs', 'area']);
  const b = f.box;
  const inner = indent + ' ';
  return (
    `<${p.rdf}:li ${p.rdf}:parseType="Resource"${p.decls}>` +
    (f.name !== null ? `${inner}<${p.rs}:Name>${escape(f.name)}</${p.rs}:Name>` : '') +
    `${inner}<${p.rs}:Type>Face</${p.rs}:Type>` +
    `${inner}<${p.rs}:Area ${p.area}:x="${round(b.x + b.w / 2)}" ${p.area}:y="${round(b.y + b.h / 2)}"` +
    ` ${p.area}:w="${round(b.w)}" ${p.area}:h="${round(b.h)}" ${p.area}:unit="normalized"/>` +
    `${indent}</${p.rdf}:li>`
  );
}

function dimsElement(image: Dims, scope: ReadonlyMap<string, string>): string {
  const p = prefixesAt(scope, ['rs', 'dim']);
  return (
    `<${p.rs}:AppliedToDimensions${p.decls} ${p.dim}:w="${image.w}" ${p.dim}:h="${image.h}"` +
    ` ${p.dim}:unit="pixel"/>`
  );
}

interface Dims {
  readonly w: number;
  readonly h: number;
}

interface Edit {
  readonly at: number;
  readonly end: number;
  readonly text: string;
}

function applyEdits(text: string, edits: readonly Edit[]): string {
  let out = text;
  for (const e of [...edits].sort((a, b) => b.at - a.at)) out = out.slice(0, e.at) + e.text + out.slice(e.end);
  return out;
}

/** The line break and indentation before an element, to line new siblings up with it. */
function indentBefore(text: string, at: number): string {
  const m = /\r?\n[ \t]*$/.exec(text.slice(Math.max(0, at - 200), at));
  return m ? m[0] : '\n';
}

/** Content inserted at the end of an element (a self-closing one is opened up). */
function appendInto(text: string, e: XElement, content: string): Edit {
  const s = e.span;
  if (!s.selfClosing) return { at: s.closeStart, end: s.closeStart, text: content + indentBefore(text, s.closeStart) };
  const startTag = text.slice(s.start, s.end).replace(/\s*\/>$/, '>');
  return { at: s.start, end: s.end, text: `${startTag}${content}${indentBefore(text, s.start)}</${s.qname}>` };
}

/** Copies a Regions element from another packet, declaring the prefixes it relies on from its old place. */
function transplant(from: string, regions: XElement): string {
  const s = regions.span;
  const decls = [...regions.scope]
    .filter(([p]) => p && !new RegExp(`\\sxmlns:${p}\\s*=`).test(from.slice(s.start, s.openEnd)))
    .map(([p, uri]) => ` xmlns:${p}="${escape(uri)}"`)
    .join('');
  const open = from.slice(s.start, s.openEnd).replace(/(\s*\/?>)$/, `${decls}$1`);
  return open + from.slice(s.openEnd, s.end);
}

const EMPTY_PACKET = `<?xpacket begin="\uFEFF" id="W5M0MpCehiHzreSzNTczkc9d"?>
<x:xmpmeta xmlns:x="adobe:ns:meta/" x:xmptk="Facet">
 <rdf:RDF xmlns:rdf="${RDF}">
  <rdf:Description rdf:about=""/>
 </rdf:RDF>
</x:xmpmeta>
<?xpacket end="w"?>`;

function firstDescription(roots: readonly XElement[]): XElement {
  const desc = findAll(roots, RDF, 'Description')[0];
  if (!desc) throw new XmpSyntaxError('the XMP packet has no rdf:Description to add the regions to');
  return desc;
}

/**
 * Writes `faces` (stored frame, normalised) into an XMP packet and returns the new text. `existing` is the
 * sidecar's text (null: none yet); `inherited` the photo's embedded packet, whose regions a sidecar without any
 * starts from, so a reader that prefers the sidecar still sees them. An existing face region that overlaps a
 * written face keeps its area and gets Facet's name when it differs; every other region is left untouched.
 * Microsoft Photo (MP) regions are left alone.
 */
export function writeFaceRegions(
  existing: string | null,
  faces: readonly FaceRegion[],
  image: Dims,
  inherited: string | null = null,
): string {
  let text = existing ?? EMPTY_PACKET;
  let doc = parseXml(text);
  if (!findAll(doc.roots, MWG_RS, 'Regions').length && inherited) {
    const theirs = findAll(parseXml(inherited).roots, MWG_RS, 'Regions')[0];
    if (theirs) {
      text = applyEdits(text, [appendInto(text, firstDescription(doc.roots), transplant(inherited, theirs))]);
      doc = parseXml(text);
    }
  }
  const regions = findAll(doc.roots, MWG_RS, 'Regions')[0];
  if (!regions) {
    const desc = firstDescription(doc.roots);
    const p = prefixesAt(desc.scope, ['rdf', 'rs', 'area', 'dim']);
    const indent = indentBefore(text, desc.span.start) + ' ';
    const items = faces
      .map((f) => indent + '   ' + regionItem(f, new Map([...desc.scope, ...prefixMap(p)]), indent + '   '))
      .join('');
    const block =
      `${indent}<${p.rs}:Regions ${p.rdf}:parseType="Resource"${p.decls}>` +
      `${indent} ${dimsElement(image, new Map([...desc.scope, ...prefixMap(p)]))}` +
      `${indent} <${p.rs}:RegionList>${indent}  <${p.rdf}:Bag>${items}${indent}  </${p.rdf}:Bag>` +
      `${indent} </${p.rs}:RegionList>${indent}</${p.rs}:Regions>`;
    return applyEdits(text, [appendInto(text, desc, block)]);
  }
  return applyEdits(text, editRegions(text, regions, faces, image));
}

/** The bindings a prefixesAt result declared, to pass down to nested new elements. */
function prefixMap(p: ReturnType<typeof prefixesAt>): [string, string][] {
  return [
    [p.rdf, RDF],
    [p.rs, MWG_RS],
    [p.area, ST_AREA],
    [p.dim, ST_DIM],
  ];
}

function unitOf(li: XElement): string | undefined {
  const area = structField(li, MWG_RS, 'Area');
  return area && field(area, ST_AREA, 'unit');
}

function editRegions(text: string, regions: XElement, faces: readonly FaceRegion[], image: Dims): Edit[] {
  const edits: Edit[] = [];
  const dims = dimsOf(regions);
  const items = arrayItems(regions, MWG_RS, 'RegionList');
  const old = items.map((li) => faceOfItem(li, dims));
  const oldFaces = old.map((r) => (r && 'face' in r ? r.face : null));
  const match = matchBoxes(
    faces.map((f) => f.box),
    oldFaces.map((f) => f?.box ?? { x: -9, y: -9, w: 1e-9, h: 1e-9 }),
  );
  const added: FaceRegion[] = [];
  faces.forEach((f, i) => {
    const j = match[i];
    if (j < 0 || !oldFaces[j]) added.push(f);
    else if (oldFaces[j]!.name !== f.name) {
      // Renamed: the region is rewritten with Facet's name around the other program's own area.
      const li = items[j];
      const renamed = { name: f.name, box: oldFaces[j]!.box };
      edits.push({
        at: li.span.start,
        end: li.span.end,
        text: regionItem(renamed, li.scope, indentBefore(text, li.span.start)),
      });
    }
  });
  if (!added.length && !edits.length) return [];
  const holder = structNodes(regions).find((n) => childrenNamed(n, MWG_RS, 'RegionList').length);
  const list = holder && structField(holder, MWG_RS, 'RegionList');
  const bag = list?.children.find((c) => c.uri === RDF && (c.local === 'Bag' || c.local === 'Seq'));
  if (!holder || !bag) throw new XmpSyntaxError('the mwg-rs:Regions element has no RegionList to add faces to');
  if (added.length) {
    const last = bag.children.at(-1);
    const indent = last ? indentBefore(text, last.span.start) : indentBefore(text, bag.span.start) + ' ';
    const content = added.map((f) => indent + regionItem(f, bag.scope, indent)).join('');
    if (last) edits.push({ at: last.span.end, end: last.span.end, text: content });
    else edits.push(appendInto(text, bag, content));
  }
  const oldDims = structField(holder, MWG_RS, 'AppliedToDimensions');
  // Regions in pixels (or without a unit) depend on the dimensions as they are: never change those.
  if (items.some((li) => unitOf(li) !== 'normalized')) return edits;
  if (!oldDims) {
    const s = list!.span;
    edits.push({ at: s.start, end: s.start, text: dimsElement(image, holder.scope) + indentBefore(text, s.start) });
  } else if (!dims || dims.w !== image.w || dims.h !== image.h) {
    // Normalised areas do not depend on it; the stored image's size is what MWG asks for.
    edits.push({ at: oldDims.span.start, end: oldDims.span.end, text: dimsElement(image, oldDims.scope) });
  }
  return edits;
}
