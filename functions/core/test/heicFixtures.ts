import { execFile, spawnSync } from "node:child_process";
import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import sharp from "sharp";

/**
 * HEIC files for the tests, encoded when a test runs by Debian's `heif-enc`
 * (libheif-examples, with libheif's x265 encoder), since sharp cannot write HEVC. The
 * variants no encoder writes (a rotation, a primary image that is not the first, a
 * decompression bomb) are made by editing the boxes of an encoded file.
 */

/** heif-enc can write HEVC here; without it the HEIC tests cannot run. */
export const canEncodeHeic = (() => {
  const result = spawnSync("heif-enc", ["--list-encoders"], { encoding: "utf8" });
  return result.status === 0 && /x265|HEVC/i.test(result.stdout);
})();

if (!canEncodeHeic) {
  console.warn(
    "\n!!! heif-enc with an HEVC encoder is not installed: the HEIC tests are NOT run." +
      "\n!!! Install Debian's libheif-examples (.ci/run does) to run them.\n",
  );
}

export interface Rgb {
  r: number;
  g: number;
  b: number;
}

/**
 * Encodes PNG or JPEG images (one or more, the first primary) into one HEIC file. A
 * JPEG's EXIF is carried over; a PNG's ICC profile too.
 */
export async function encodeHeic(
  images: readonly Buffer[],
  options: { bitDepth?: 8 | 10; thumbnail?: number } = {},
): Promise<Buffer> {
  const dir = await mkdtemp(join(tmpdir(), "imgpipe-heic-"));
  try {
    const inputs = await Promise.all(
      images.map(async (image, i) => {
        const path = join(dir, `in${i}.${image[0] === 0xff ? "jpg" : "png"}`);
        await writeFile(path, image);
        return path;
      }),
    );
    const output = join(dir, "out.heic");
    await promisify(execFile)("heif-enc", [
      "-q",
      "90",
      ...(options.bitDepth ? ["-b", String(options.bitDepth)] : []),
      ...(options.thumbnail ? ["-t", String(options.thumbnail)] : []),
      "-o",
      output,
      ...inputs,
    ]);
    return await readFile(output);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/**
 * A PNG of one flat sRGB colour. With `profile: "p3"` its values are converted to
 * Display P3 and tagged so (an iPhone photo's colour space); `bitDepth: 16` writes 16
 * bits per sample, for a 10-bit HEIC.
 */
export function flatColourPng(
  width: number,
  height: number,
  colour: Rgb,
  options: { profile?: "p3"; bitDepth?: 16 } = {},
): Promise<Buffer> {
  const { r, g, b } = colour;
  const pixels = Buffer.from(Array.from({ length: width * height }, () => [r, g, b]).flat());
  let image = sharp(pixels, rawOf(width, height));
  if (options.profile) image = image.withIccProfile(options.profile);
  if (options.bitDepth === 16) image = image.toColourspace("rgb16");
  return image.png().toBuffer();
}

const rawOf = (width: number, height: number) => ({
  raw: { width, height, channels: 3 as const },
});

/** A PNG whose left half is one colour and right half another: shows a rotation. */
export function halvesPng(width: number, height: number, left: Rgb, right: Rgb): Promise<Buffer> {
  const pixels = Buffer.alloc(width * height * 3);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const { r, g, b } = x < width / 2 ? left : right;
      pixels.set([r, g, b], (y * width + x) * 3);
    }
  }
  return sharp(pixels, rawOf(width, height)).png().toBuffer();
}

interface RawBox {
  type: string;
  start: number;
  /** Payload start (after size and type) and end. */
  body: number;
  end: number;
}

/** The boxes in bytes[from, to): 32-bit sizes only, as heif-enc writes them. */
function boxesIn(bytes: Buffer, from: number, to: number): RawBox[] {
  const boxes: RawBox[] = [];
  for (let at = from; at < to; ) {
    const size = bytes.readUInt32BE(at);
    boxes.push({
      type: bytes.toString("latin1", at + 4, at + 8),
      start: at,
      body: at + 8,
      end: at + size,
    });
    at += size;
  }
  return boxes;
}

function box(type: string, payload: Buffer): Buffer {
  const header = Buffer.alloc(8);
  header.writeUInt32BE(8 + payload.length);
  header.write(type, 4, "latin1");
  return Buffer.concat([header, payload]);
}

function find(boxes: RawBox[], type: string): RawBox {
  const found = boxes.find((b) => b.type === type);
  if (!found) throw new Error(`the fixture has no ${type} box`);
  return found;
}

/** The meta box's children (meta is a FullBox: 4 bytes of version and flags first). */
function metaOf(heic: Buffer): { meta: RawBox; children: RawBox[] } {
  const meta = find(boxesIn(heic, 0, heic.length), "meta");
  return { meta, children: boxesIn(heic, meta.body + 4, meta.end) };
}

/**
 * The ids of the images a viewer would list, in file order: items that are not hidden
 * (heif-enc hides the tiles of its grids) and not a thumbnail of another (iref thmb).
 */
export function topLevelImageIds(heic: Buffer): number[] {
  const { children } = metaOf(heic);
  const iinf = find(children, "iinf");
  const infes = boxesIn(heic, iinf.body + 6, iinf.end).filter((b) => b.type === "infe");
  const thumbnails = new Set<number>();
  const iref = children.find((b) => b.type === "iref");
  for (const reference of iref ? boxesIn(heic, iref.body + 4, iref.end) : []) {
    if (reference.type === "thmb") thumbnails.add(heic.readUInt16BE(reference.body));
  }
  return infes
    .filter((infe) => (heic.readUInt32BE(infe.body) & 1) === 0)
    .filter((infe) =>
      ["grid", "hvc1"].includes(heic.toString("latin1", infe.body + 8, infe.body + 12)),
    )
    .map((infe) => heic.readUInt16BE(infe.body + 4))
    .filter((id) => !thumbnails.has(id));
}

/** Makes another item the primary image, as a burst's chosen photo is. */
export function withPrimaryItem(heic: Buffer, itemId: number): Buffer {
  const edited = Buffer.from(heic);
  edited.writeUInt16BE(itemId, find(metaOf(heic).children, "pitm").body + 4);
  return edited;
}

/** Overwrites the primary image's declared size (ispe), as a decompression bomb would. */
export function withDeclaredSize(heic: Buffer, width: number, height: number): Buffer {
  const edited = Buffer.from(heic);
  const iprp = find(metaOf(heic).children, "iprp");
  const ipco = find(boxesIn(heic, iprp.body, iprp.end), "ipco");
  for (const property of boxesIn(heic, ipco.body, ipco.end).filter((b) => b.type === "ispe")) {
    edited.writeUInt32BE(width, property.body + 4);
    edited.writeUInt32BE(height, property.body + 8);
  }
  return edited;
}

/**
 * Adds an `irot` property (anticlockwise quarter turns) to the primary image, the way
 * a phone records how it was held. The meta box grows, so every item offset that points
 * past it (iloc) moves by as much.
 */
export function withRotation(heic: Buffer, quarterTurns: 1 | 2 | 3): Buffer {
  const { meta, children } = metaOf(heic);
  const primary = heic.readUInt16BE(find(children, "pitm").body + 4);
  const iprp = find(children, "iprp");
  const [ipco, ipma] = [
    find(boxesIn(heic, iprp.body, iprp.end), "ipco"),
    find(boxesIn(heic, iprp.body, iprp.end), "ipma"),
  ];
  const propertyCount = boxesIn(heic, ipco.body, ipco.end).length;
  const newIpco = box(
    "ipco",
    Buffer.concat([heic.subarray(ipco.body, ipco.end), box("irot", Buffer.from([quarterTurns]))]),
  );
  const newIpma = box(
    "ipma",
    addAssociation(heic.subarray(ipma.body, ipma.end), primary, propertyCount + 1),
  );
  const newIprp = box("iprp", Buffer.concat([newIpco, newIpma]));
  const growth = newIprp.length - (iprp.end - iprp.start);
  if (
    boxesIn(heic, 0, heic.length).findIndex((b) => b.type === "mdat") < 0 ||
    meta.end > find(boxesIn(heic, 0, heic.length), "mdat").start
  ) {
    throw new Error("the fixture's mdat does not follow its meta box");
  }
  const rebuilt = children.map((child) => {
    if (child.type === "iprp") return newIprp;
    const bytes = Buffer.from(heic.subarray(child.start, child.end));
    if (child.type === "iloc") shiftOffsets(bytes, growth);
    return bytes;
  });
  const newMeta = box("meta", Buffer.concat([heic.subarray(meta.body, meta.body + 4), ...rebuilt]));
  return Buffer.concat([heic.subarray(0, meta.start), newMeta, heic.subarray(meta.end)]);
}

/** ipma version 0, 1-byte associations (what heif-enc writes): one more for `item`. */
function addAssociation(ipma: Buffer, item: number, propertyIndex: number): Buffer {
  if (ipma[0] !== 0 || (ipma.readUInt32BE(0) & 1) !== 0) throw new Error("unexpected ipma layout");
  const entries = ipma.readUInt32BE(4);
  const parts: Buffer[] = [ipma.subarray(0, 8)];
  let at = 8;
  for (let i = 0; i < entries; i++) {
    const id = ipma.readUInt16BE(at);
    const count = ipma.readUInt8(at + 2);
    const associations = ipma.subarray(at + 3, at + 3 + count);
    const extra = id === item ? Buffer.from([0x80 | propertyIndex]) : Buffer.alloc(0);
    parts.push(Buffer.from([id >> 8, id & 0xff, count + extra.length]), associations, extra);
    at += 3 + count;
  }
  return Buffer.concat(parts);
}

/** Moves every file offset of an iloc box (version 0 or 1, as heif-enc writes) by `delta`. */
function shiftOffsets(iloc: Buffer, delta: number): void {
  const version = iloc[8];
  const sizes = iloc.readUInt16BE(12);
  const [offsetSize, lengthSize, baseSize, indexSize] = [
    sizes >> 12,
    (sizes >> 8) & 15,
    (sizes >> 4) & 15,
    version ? sizes & 15 : 0,
  ];
  const readSized = (at: number, size: number) =>
    size === 8 ? Number(iloc.readBigUInt64BE(at)) : size === 4 ? iloc.readUInt32BE(at) : 0;
  const writeSized = (at: number, size: number, value: number) => {
    if (size === 8) iloc.writeBigUInt64BE(BigInt(value), at);
    else if (size === 4) iloc.writeUInt32BE(value, at);
  };
  let at = 14;
  const count = iloc.readUInt16BE(at);
  at += 2;
  for (let i = 0; i < count; i++) {
    at += 2;
    const method = version ? iloc.readUInt16BE(at) & 15 : 0;
    at += version ? 2 : 0;
    at += 2;
    const moves = method === 0;
    if (moves && baseSize) writeSized(at, baseSize, readSized(at, baseSize) + delta);
    at += baseSize;
    const extents = iloc.readUInt16BE(at);
    at += 2;
    for (let e = 0; e < extents; e++) {
      at += indexSize;
      if (moves && !baseSize) writeSized(at, offsetSize, readSized(at, offsetSize) + delta);
      at += offsetSize + lengthSize;
    }
  }
}

/** Garbles every HEVC decoder configuration (hvcC) while the boxes stay well formed. */
export function withDamagedDecoderConfig(heic: Buffer): Buffer {
  const edited = Buffer.from(heic);
  const iprp = find(metaOf(heic).children, "iprp");
  const ipco = find(boxesIn(heic, iprp.body, iprp.end), "ipco");
  for (const property of boxesIn(heic, ipco.body, ipco.end).filter((b) => b.type === "hvcC")) {
    edited.fill(0xff, property.body, property.end);
  }
  return edited;
}
