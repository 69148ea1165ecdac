import {
  type Box,
  ByteReader,
  childOf,
  MalformedBoxError,
  read,
  readBoxes,
  requiredChild,
} from "./isoBoxes.js";

/**
 * What a HEIF file's header says about its primary image, read without decoding a pixel.
 * Thumbnails, depth maps and the other images of a burst are separate items and are not
 * described here.
 */
export interface HeifHeader {
  /** Size as displayed: after the clean-aperture crop and the rotation (irot). */
  width: number;
  height: number;
  /**
   * The size the decoder allocates before it crops and rotates (ispe, or a tiled
   * image's canvas if larger): what the pixel limit counts, so that neither a crop nor a
   * canvas that disagrees with ispe can hide a decompression bomb.
   */
  coded: Size;
  hasAlpha: boolean;
  /** The embedded ICC profile (an iPhone's is Display P3); undefined: sRGB is assumed. */
  icc?: Uint8Array;
  /** The primary image's EXIF, from its TIFF header on, as `exif-reader` reads it. */
  exif?: Buffer;
}

/** Auxiliary image types that mean "alpha channel" (HEVC and MPEG-B spellings). */
const ALPHA_AUX_TYPES = new Set([
  "urn:mpeg:hevc:2015:auxid:1",
  "urn:mpeg:mpegB:cicp:systems:auxiliary:alpha",
]);

/**
 * Reads a HEIF file's primary image description from its `meta` box (ISO/IEC 23008-12).
 * Hand-written, because it must run before the decoder is loaded (the pixel limit is
 * checked first) and no maintained npm library reports the primary item's size,
 * rotation and profile together.
 *
 * @throws MalformedBoxError when the file is not a well-formed HEIF still image
 * @example
 * const header = readHeifHeader(bytes); // { width: 3024, height: 4032, icc: <Display P3>, … }
 */
export function readHeifHeader(bytes: Uint8Array): HeifHeader {
  const top = readBoxes(new ByteReader(bytes));
  const metaBox = read(requiredChild(top, "meta"));
  metaBox.fullBoxHeader();
  const meta = readBoxes(metaBox);
  const primary = primaryItem(read(requiredChild(meta, "pitm")));
  const items = itemTypes(read(requiredChild(meta, "iinf")));
  const references = itemReferences(childOf(meta, "iref"));
  const properties = itemProperties(read(requiredChild(meta, "iprp")));
  const locations = itemLocations(childOf(meta, "iloc"));
  const dataOf = (id: number) => itemData(id, locations, bytes, childOf(meta, "idat"));

  const own = properties.of(primary);
  const ispe = own.find((box) => box.type === "ispe");
  if (!ispe) throw new MalformedBoxError("the primary image has no size (ispe)");
  const declared = imageSize(read(ispe));
  // A tiled image decodes to its canvas, which should equal ispe: count the larger.
  const canvas = canvasSize(items.get(primary), () => dataOf(primary)) ?? declared;
  const coded = {
    width: Math.max(declared.width, canvas.width),
    height: Math.max(declared.height, canvas.height),
  };
  const displayed = own.reduce(transformed, declared);
  const exifItem = [...items].find(
    ([id, type]) => type === "Exif" && references.cdsc.get(id)?.includes(primary),
  );
  const icc = iccProfile(own);
  const exif = exifItem && exifPayload(dataOf(exifItem[0]));
  return {
    width: displayed.width,
    height: displayed.height,
    coded,
    hasAlpha: [...references.auxl].some(
      ([id, targets]) => targets.includes(primary) && isAlpha(properties.of(id)),
    ),
    ...(icc && { icc }),
    ...(exif && { exif }),
  };
}

export interface Size {
  width: number;
  height: number;
}

function primaryItem(pitm: ByteReader): number {
  const { version } = pitm.fullBoxHeader();
  return version === 0 ? pitm.u16() : pitm.u32();
}

/** Item id → item type (`hvc1`, `grid`, `Exif`, …). */
function itemTypes(iinf: ByteReader): Map<number, string> {
  const { version } = iinf.fullBoxHeader();
  iinf.skip(version === 0 ? 2 : 4);
  const types = new Map<number, string>();
  for (const infe of readBoxes(iinf).filter((box) => box.type === "infe")) {
    const entry = read(infe);
    const { version: v } = entry.fullBoxHeader();
    // Versions 0 and 1 predate item types; HEIF requires version 2 or later.
    if (v < 2) continue;
    const id = v === 2 ? entry.u16() : entry.u32();
    entry.skip(2);
    types.set(id, entry.fourcc());
  }
  return types;
}

/** Reference type → (from item → to items), for the types a header needs. */
function itemReferences(iref: Box | undefined): {
  cdsc: Map<number, number[]>;
  auxl: Map<number, number[]>;
} {
  const found = { cdsc: new Map<number, number[]>(), auxl: new Map<number, number[]>() };
  if (!iref) return found;
  const reader = read(iref);
  const { version } = reader.fullBoxHeader();
  for (const reference of readBoxes(reader)) {
    if (reference.type !== "cdsc" && reference.type !== "auxl") continue;
    const box = read(reference);
    const id = () => (version === 0 ? box.u16() : box.u32());
    const from = id();
    const to = Array.from({ length: box.u16() }, id);
    found[reference.type].set(from, to);
  }
  return found;
}

/** The properties (ipco) associated with each item (ipma), in their listed order. */
function itemProperties(iprp: ByteReader): { of: (item: number) => Box[] } {
  const boxes = readBoxes(iprp);
  const pool = readBoxes(read(requiredChild(boxes, "ipco")));
  const associations = new Map<number, Box[]>();
  for (const ipma of boxes.filter((box) => box.type === "ipma")) {
    const reader = read(ipma);
    const { version, flags } = reader.fullBoxHeader();
    const entries = reader.u32();
    for (let i = 0; i < entries; i++) {
      const item = version < 1 ? reader.u16() : reader.u32();
      const count = reader.u8();
      const listed = Array.from({ length: count }, () => {
        // The top bit marks the property essential; the rest is its 1-based index.
        const index = flags & 1 ? reader.u16() & 0x7fff : reader.u8() & 0x7f;
        if (index === 0) return undefined;
        const property = pool[index - 1];
        if (!property) throw new MalformedBoxError("ipma names a property that ipco lacks");
        return property;
      });
      associations.set(item, [
        ...(associations.get(item) ?? []),
        ...listed.filter((box) => box !== undefined),
      ]);
    }
  }
  return { of: (item) => associations.get(item) ?? [] };
}

interface Extent {
  offset: number;
  length: number;
}

interface Location {
  /** 0: offsets into the file, 1: into the idat box. */
  method: number;
  extents: Extent[];
}

function itemLocations(box: Box | undefined): Map<number, Location> {
  const locations = new Map<number, Location>();
  if (!box) return locations;
  const iloc = read(box);
  const { version } = iloc.fullBoxHeader();
  const sizes = iloc.u16();
  const offsetSize = sizes >>> 12;
  const lengthSize = (sizes >>> 8) & 0xf;
  const baseOffsetSize = (sizes >>> 4) & 0xf;
  const indexSize = version === 1 || version === 2 ? sizes & 0xf : 0;
  const count = version < 2 ? iloc.u16() : iloc.u32();
  for (let i = 0; i < count; i++) {
    const id = version < 2 ? iloc.u16() : iloc.u32();
    const method = version === 1 || version === 2 ? iloc.u16() & 0xf : 0;
    iloc.skip(2);
    const base = iloc.uint(baseOffsetSize);
    const extents = Array.from({ length: iloc.u16() }, () => {
      iloc.uint(indexSize);
      return { offset: base + iloc.uint(offsetSize), length: iloc.uint(lengthSize) };
    });
    locations.set(id, { method, extents });
  }
  return locations;
}

/** An item's bytes, its extents joined. */
function itemData(
  id: number,
  locations: Map<number, Location>,
  file: Uint8Array,
  idat: Box | undefined,
): Uint8Array {
  const location = locations.get(id);
  if (!location) throw new MalformedBoxError(`item ${id} has no location`);
  const source = location.method === 1 ? idat?.payload : file;
  if (!source || location.method > 1) {
    throw new MalformedBoxError(`item ${id} is stored in a way a still image does not use`);
  }
  const parts = location.extents.map(({ offset, length }) => {
    // A zero length means "to the end of the source".
    const end = length === 0 ? source.length : offset + length;
    if (end > source.length)
      throw new MalformedBoxError(`item ${id} lies past the end of the file`);
    return source.subarray(offset, end);
  });
  return parts.length === 1 && parts[0] ? parts[0] : Buffer.concat(parts);
}

function imageSize(ispe: ByteReader): Size {
  ispe.fullBoxHeader();
  return { width: ispe.u32(), height: ispe.u32() };
}

/** The output size a grid or overlay image declares in its own data, if it is one. */
function canvasSize(type: string | undefined, data: () => Uint8Array): Size | undefined {
  if (type !== "grid" && type !== "iovl") return undefined;
  const reader = new ByteReader(data());
  reader.u8();
  const large = reader.u8() & 1;
  // A grid gives its rows and columns, an overlay its fill colour, before the size.
  reader.skip(type === "grid" ? 2 : 8);
  const field = () => (large ? reader.u32() : reader.u16());
  return { width: field(), height: field() };
}

/** Applies one transformative property (clap, irot) to a size; imir keeps the size. */
function transformed(size: Size, property: Box): Size {
  if (property.type === "irot") {
    const quarterTurns = read(property).u8() & 3;
    return quarterTurns % 2 ? { width: size.height, height: size.width } : size;
  }
  if (property.type === "clap") {
    const p = read(property);
    const [widthN, widthD, heightN, heightD] = [p.u32(), p.u32(), p.u32(), p.u32()];
    if (!widthD || !heightD) throw new MalformedBoxError("the clean aperture divides by zero");
    const width = Math.round(widthN / widthD);
    const height = Math.round(heightN / heightD);
    if (width < 1 || height < 1 || width > size.width || height > size.height) {
      throw new MalformedBoxError("the clean aperture lies outside the image");
    }
    return { width, height };
  }
  return size;
}

/** The ICC profile of a colr box of type prof or rICC; an nclx box carries none. */
function iccProfile(properties: readonly Box[]): Uint8Array | undefined {
  for (const colr of properties.filter((box) => box.type === "colr")) {
    const reader = read(colr);
    const type = reader.fourcc();
    if (type === "prof" || type === "rICC") return reader.slice(reader.remaining);
  }
  return undefined;
}

function isAlpha(properties: readonly Box[]): boolean {
  const auxC = properties.find((box) => box.type === "auxC");
  if (!auxC) return false;
  const reader = read(auxC);
  reader.fullBoxHeader();
  return ALPHA_AUX_TYPES.has(reader.cstring());
}

/** An Exif item starts with the offset of its TIFF header. */
function exifPayload(data: Uint8Array): Buffer | undefined {
  if (data.length < 4) return undefined;
  const start = 4 + new DataView(data.buffer, data.byteOffset, 4).getUint32(0);
  if (start >= data.length) return undefined;
  return Buffer.from(data.buffer, data.byteOffset + start, data.length - start);
}
