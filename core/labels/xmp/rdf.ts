/**
 * The few RDF/XML shapes XMP uses for a struct and its fields. A field may be an attribute of the struct's
 * node (`<rdf:Description mwg-rs:Name="Ada"/>`), a child element with text (`<mwg-rs:Name>Ada</mwg-rs:Name>`),
 * and a struct may be the property element itself (`rdf:parseType="Resource"`, or fields as its attributes)
 * or an `rdf:Description` inside it. Writers differ (digiKam, Lightroom, exiftool); readers must take them all.
 */
import { childrenNamed, key, type XElement } from './xml-tree';

export const RDF = 'http://www.w3.org/1999/02/22-rdf-syntax-ns#';

/** The nodes that carry a struct's fields. */
export function structNodes(e: XElement): XElement[] {
  return [e, ...childrenNamed(e, RDF, 'Description')];
}

/** A simple field's value, wherever the writer put it. */
export function field(e: XElement, uri: string, local: string): string | undefined {
  for (const n of structNodes(e)) {
    const a = n.attrs.get(key(uri, local));
    if (a !== undefined) return a;
    const c = childrenNamed(n, uri, local)[0];
    if (c) return c.text;
  }
  return undefined;
}

/** A struct-valued field (e.g. mwg-rs:Area): its property element. */
export function structField(e: XElement, uri: string, local: string): XElement | undefined {
  for (const n of structNodes(e)) {
    const c = childrenNamed(n, uri, local)[0];
    if (c) return c;
  }
  return undefined;
}

/** The items of an array-valued field (rdf:Bag / rdf:Seq / rdf:Alt of rdf:li). */
export function arrayItems(e: XElement, uri: string, local: string): XElement[] {
  const prop = structField(e, uri, local);
  if (!prop) return [];
  return prop.children
    .filter((c) => c.uri === RDF && (c.local === 'Bag' || c.local === 'Seq' || c.local === 'Alt'))
    .flatMap((list) => childrenNamed(list, RDF, 'li'));
}
