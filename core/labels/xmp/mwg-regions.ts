/**
 * Metadata Working Group face regions (`mwg-rs:Regions`), as digiKam, Lightroom, Picasa and exiftool write them:
 * each region's Area is its centre and size as fractions of the image (stArea:unit="normalized"). Facet treats
 * them in the frame of the photo as displayed (EXIF orientation applied), the frame its own boxes use.
 */
import type { Box } from '../../vision/types';
import { matchBoxes } from '../box-match';
import { arrayItems, field, RDF, structField } from './rdf';
import { buildXml, findAll, parseXml, tagOf, XmpSyntaxError, type RawNode, type XElement } from './xml-tree';

export const MWG_RS = 'http://www.metadataworkinggroup.com/schemas/regions/';
export const ST_AREA = 'http://ns.adobe.com/xmp/sType/Area#';
export const ST_DIM = 'http://ns.adobe.com/xap/1.0/sType/Dimensions#';

export interface FaceRegion {
  /** The person's name, or null for a face region nobody has named. */
  readonly name: string | null;
  /** Top-left corner and size as fractions of the displayed image. */
  readonly box: Box;
}

export interface RegionInfo {
  /** The image size the regions were made for (AppliedToDimensions), when given. */
  readonly appliedTo: { readonly w: number; readonly h: number } | null;
  readonly faces: FaceRegion[];
}

const num = (s: string | undefined) => (s === undefined || s.trim() === '' ? NaN : Number(s));

function faceOfItem(li: XElement): FaceRegion | null {
  const type = field(li, MWG_RS, 'Type');
  if (type !== undefined && type !== 'Face') return null; // Pet, Focus, BarCode: not ours to read
  const area = structField(li, MWG_RS, 'Area');
  if (!area) return null;
  const unit = field(area, ST_AREA, 'unit');
  if (unit !== undefined && unit !== 'normalized') return null;
  const [cx, cy, w, h] = ['x', 'y', 'w', 'h'].map((k) => num(field(area, ST_AREA, k)));
  if (![cx, cy, w, h].every(Number.isFinite) || w <= 0 || h <= 0 || w > 1.0001 || h > 1.0001) return null;
  const name = field(li, MWG_RS, 'Name')?.trim() || null;
  return { name, box: { x: cx - w / 2, y: cy - h / 2, w, h } };
}

/** The face regions of an XMP packet (every `mwg-rs:Regions` in it). Throws XmpSyntaxError on broken XML. */
export function readFaceRegions(xml: string): RegionInfo {
  const doc = parseXml(xml);
  let appliedTo: RegionInfo['appliedTo'] = null;
  const faces: FaceRegion[] = [];
  for (const regions of findAll(doc.roots, MWG_RS, 'Regions')) {
    const dims = structField(regions, MWG_RS, 'AppliedToDimensions');
    if (dims && !appliedTo) {
      const w = num(field(dims, ST_DIM, 'w'));
      const h = num(field(dims, ST_DIM, 'h'));
      if (w > 0 && h > 0) appliedTo = { w, h };
    }
    for (const li of arrayItems(regions, MWG_RS, 'RegionList')) {
      const f = faceOfItem(li);
      if (f) faces.push(f);
    }
  }
  return { appliedTo, faces };
}

const round = (v: number) => String(Math.round(v * 1e6) / 1e6);

function regionItem(f: FaceRegion): RawNode {
  const c = (tag: string, text: string): RawNode => ({ [tag]: [{ '#text': text }] });
  const b = f.box;
  return {
    'rdf:li': [
      ...(f.name !== null ? [c('mwg-rs:Name', f.name)] : []),
      c('mwg-rs:Type', 'Face'),
      {
        'mwg-rs:Area': [],
        ':@': {
          'stArea:x': round(b.x + b.w / 2),
          'stArea:y': round(b.y + b.h / 2),
          'stArea:w': round(b.w),
          'stArea:h': round(b.h),
          'stArea:unit': 'normalized',
        },
      },
    ],
    ':@': { 'rdf:parseType': 'Resource' },
  };
}

const EMPTY_PACKET = `<?xpacket begin="\uFEFF" id="W5M0MpCehiHzreSzNTczkc9d"?>
<x:xmpmeta xmlns:x="adobe:ns:meta/" x:xmptk="Facet"><rdf:RDF xmlns:rdf="${RDF}">
<rdf:Description rdf:about=""/></rdf:RDF></x:xmpmeta>
<?xpacket end="w"?>`;

/**
 * Writes `faces` into an XMP packet (a new one when `existing` is null) and returns the new text. Everything
 * else in the packet is kept; of its existing regions, those that overlap a written face are replaced and the
 * rest (other people, pets, focus areas, fields Facet does not know) are kept as they were.
 */
export function writeFaceRegions(
  existing: string | null,
  faces: readonly FaceRegion[],
  image: { readonly w: number; readonly h: number },
): string {
  const doc = parseXml(existing ?? EMPTY_PACKET);
  const old = findAll(doc.roots, MWG_RS, 'Regions');
  const oldItems = old.flatMap((r) => arrayItems(r, MWG_RS, 'RegionList'));
  const oldFaces = oldItems.map(faceOfItem);
  const replaced = new Set(
    matchBoxes(
      oldFaces.map((f) => f?.box ?? { x: -9, y: -9, w: 1e-9, h: 1e-9 }),
      faces.map((f) => f.box),
    ).flatMap((j, i) => (j >= 0 && oldFaces[i] ? [i] : [])),
  );
  const kept = oldItems.filter((_, i) => !replaced.has(i));
  // Kept items may use prefixes declared above the old Regions element: declare them on the new one.
  const declarations: Record<string, string> = {};
  for (const li of kept) for (const [p, uri] of li.scope) if (p) declarations[`xmlns:${p}`] = uri;
  const node: RawNode = {
    'mwg-rs:Regions': [
      {
        'mwg-rs:AppliedToDimensions': [],
        ':@': { 'stDim:w': String(image.w), 'stDim:h': String(image.h), 'stDim:unit': 'pixel' },
      },
      { 'mwg-rs:RegionList': [{ 'rdf:Bag': [...kept.map((li) => li.raw), ...faces.map(regionItem)] }] },
    ],
    ':@': {
      ...declarations,
      'xmlns:rdf': RDF,
      'xmlns:mwg-rs': MWG_RS,
      'xmlns:stArea': ST_AREA,
      'xmlns:stDim': ST_DIM,
      'rdf:parseType': 'Resource',
    },
  };
  if (old.length) {
    const [first, ...rest] = old;
    first.rawSiblings[first.rawSiblings.indexOf(first.raw)] = node;
    for (const r of rest) r.rawSiblings.splice(r.rawSiblings.indexOf(r.raw), 1);
  } else {
    const desc = findAll(doc.roots, RDF, 'Description')[0];
    if (!desc) throw new XmpSyntaxError('the XMP packet has no rdf:Description to add the regions to');
    const tag = tagOf(desc.raw)!;
    desc.raw[tag] = [...((desc.raw[tag] as RawNode[] | undefined) ?? []), node];
  }
  return buildXml(doc.raw).trimStart();
}
