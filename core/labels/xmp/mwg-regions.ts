/**
 * Metadata Working Group face regions (`mwg-rs:Regions`), as digiKam, Lightroom, Picasa and exiftool write them:
 * each region's Area is its centre and size as fractions of the image (stArea:unit="normalized"). Facet treats
 * them in the stored frame (MWG 2.0 §5.9: the pixels as in the file, before EXIF orientation); turning them into
 * the displayed frame of Facet's boxes is the caller's part (orientation.ts).
 */
import type { Box } from '../../vision/types';
import { asOrientation, type Orientation } from './orientation';
import { arrayItems, field, RDF, structField } from './rdf';
import { findAll, parseXml, type XElement } from './xml-tree';

export const MWG_RS = 'http://www.metadataworkinggroup.com/schemas/regions/';
export const ST_AREA = 'http://ns.adobe.com/xmp/sType/Area#';
export const ST_DIM = 'http://ns.adobe.com/xap/1.0/sType/Dimensions#';

export const TIFF = 'http://ns.adobe.com/tiff/1.0/';

export interface FaceRegion {
  /** The person's name, or null for a face region nobody has named. */
  readonly name: string | null;
  /** Top-left corner and size as fractions of the image, in the frame the caller works in. */
  readonly box: Box;
}

/** Why a named face region could not be used. */
export type UnreadableRegion = 'no area' | 'no unit or dimensions' | 'bad area';

export interface RegionInfo {
  /** The image size the regions were made for (AppliedToDimensions), when given. */
  readonly appliedTo: { readonly w: number; readonly h: number } | null;
  /** Face regions in the stored (unrotated) frame, as MWG 2.0 §5.9 defines them. */
  readonly faces: FaceRegion[];
  /** Named face regions that cannot be placed, and why. */
  readonly unreadable: { readonly name: string; readonly reason: UnreadableRegion }[];
  /** The packet's own tiff:Orientation, when it has one (a sidecar may record a rotation the file lacks). */
  readonly orientation: Orientation | null;
}

const num = (s: string | undefined) => (s === undefined || s.trim() === '' ? NaN : Number(s));

export type ItemResult = { face: FaceRegion } | { unreadable: UnreadableRegion; name: string | null } | null;

export function faceOfItem(li: XElement, appliedTo: RegionInfo['appliedTo']): ItemResult {
  const type = field(li, MWG_RS, 'Type');
  if (type !== undefined && type !== 'Face') return null; // Pet, Focus, BarCode: not ours to read
  const name = field(li, MWG_RS, 'Name')?.trim() || null;
  const area = structField(li, MWG_RS, 'Area');
  if (!area) return { unreadable: 'no area', name };
  const [cx, cy, w, h] = ['x', 'y', 'w', 'h'].map((k) => num(field(area, ST_AREA, k)));
  if (![cx, cy].every(Number.isFinite) || !(w > 0 && h > 0)) return { unreadable: 'no area', name };
  const unit = field(area, ST_AREA, 'unit');
  // MWG requires "normalized"; a pixel area can be normalised only against the dimensions it was made for.
  let sx = 1;
  let sy = 1;
  // Without a unit, values within the image read as normalised and larger ones as pixels (a lenient reading).
  const pixel = unit === 'pixel' || (unit === undefined && (w > 1 || h > 1 || cx > 1 || cy > 1));
  if (pixel && appliedTo) [sx, sy] = [appliedTo.w, appliedTo.h];
  else if (pixel || (unit !== undefined && unit !== 'normalized')) return { unreadable: 'no unit or dimensions', name };
  const box = { x: (cx - w / 2) / sx, y: (cy - h / 2) / sy, w: w / sx, h: h / sy };
  if (box.w > 1.0001 || box.h > 1.0001) return { unreadable: 'bad area', name };
  return { face: { name, box } };
}

export function dimsOf(regions: XElement): RegionInfo['appliedTo'] {
  const dims = structField(regions, MWG_RS, 'AppliedToDimensions');
  if (!dims) return null;
  const w = num(field(dims, ST_DIM, 'w'));
  const h = num(field(dims, ST_DIM, 'h'));
  return w > 0 && h > 0 ? { w, h } : null;
}

/** The packet's tiff:Orientation, wherever the writer put it. */
function packetOrientation(roots: readonly XElement[]): Orientation | null {
  for (const d of findAll(roots, RDF, 'Description')) {
    const o = asOrientation(field(d, TIFF, 'Orientation'));
    if (o) return o;
  }
  return null;
}

/** The face regions of an XMP packet (every `mwg-rs:Regions` in it). Throws XmpSyntaxError on broken XML. */
export function readFaceRegions(xml: string): RegionInfo {
  const doc = parseXml(xml);
  let appliedTo: RegionInfo['appliedTo'] = null;
  const faces: FaceRegion[] = [];
  const unreadable: { name: string; reason: UnreadableRegion }[] = [];
  for (const regions of findAll(doc.roots, MWG_RS, 'Regions')) {
    const dims = dimsOf(regions);
    appliedTo ??= dims;
    for (const li of arrayItems(regions, MWG_RS, 'RegionList')) {
      const r = faceOfItem(li, dims);
      if (r && 'face' in r) faces.push(r.face);
      else if (r && r.name !== null) unreadable.push({ name: r.name, reason: r.unreadable });
    }
  }
  return { appliedTo, faces, unreadable, orientation: packetOrientation(doc.roots) };
}
