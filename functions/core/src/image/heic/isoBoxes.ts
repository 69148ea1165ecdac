/**
 * A bounds-checked reader of ISO base media boxes (ISO/IEC 14496-12), the container of
 * HEIF files. It reads only what a header needs; anything malformed throws
 * {@link MalformedBoxError}, never reads past its box.
 */

/** The file is not a well-formed ISO media file. The caller decides what that means. */
export class MalformedBoxError extends Error {
  override readonly name = "MalformedBoxError";
}

/** One box: its four-character type and its payload (after the size and type). */
export interface Box {
  type: string;
  payload: Uint8Array;
}

/** A fresh reader over a box's payload: a box may be read more than once. */
export function read(box: Box): ByteReader {
  return new ByteReader(box.payload);
}

/** Reads big-endian numbers and strings from a slice of the file, never past its end. */
export class ByteReader {
  private readonly view: DataView;
  private at = 0;

  constructor(readonly bytes: Uint8Array) {
    this.view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  }

  get remaining(): number {
    return this.bytes.length - this.at;
  }

  u8(): number {
    return this.view.getUint8(this.take(1));
  }

  u16(): number {
    return this.view.getUint16(this.take(2));
  }

  u32(): number {
    return this.view.getUint32(this.take(4));
  }

  /** An unsigned integer of 0, 2, 4 or 8 bytes, as iloc declares its field sizes. */
  uint(size: number): number {
    if (size === 0) return 0;
    if (size === 2) return this.u16();
    if (size === 4) return this.u32();
    if (size === 8) return Number(this.view.getBigUint64(this.take(8)));
    throw new MalformedBoxError(`a ${size}-byte field`);
  }

  fourcc(): string {
    const start = this.take(4);
    return String.fromCharCode(...this.bytes.subarray(start, start + 4));
  }

  /** A NUL-terminated UTF-8 string (the terminator may be missing at the box's end). */
  cstring(): string {
    const end = this.bytes.indexOf(0, this.at);
    const stop = end === -1 ? this.bytes.length : end;
    const text = new TextDecoder().decode(this.bytes.subarray(this.at, stop));
    this.at = Math.min(this.bytes.length, stop + 1);
    return text;
  }

  /** The next `length` bytes, as a view. */
  slice(length: number): Uint8Array {
    const start = this.take(length);
    return this.bytes.subarray(start, start + length);
  }

  /** A FullBox's version and flags. */
  fullBoxHeader(): { version: number; flags: number } {
    const word = this.u32();
    return { version: word >>> 24, flags: word & 0xffffff };
  }

  skip(length: number): void {
    this.take(length);
  }

  private take(length: number): number {
    if (length < 0 || this.at + length > this.bytes.length) {
      throw new MalformedBoxError("a box ends before its fields do");
    }
    const start = this.at;
    this.at += length;
    return start;
  }
}

/** The boxes that follow one another in `reader` until its end. */
export function readBoxes(reader: ByteReader): Box[] {
  const boxes: Box[] = [];
  while (reader.remaining > 0) {
    if (reader.remaining < 8) throw new MalformedBoxError("a box header is cut short");
    let size = reader.u32();
    const type = reader.fourcc();
    let header = 8;
    if (size === 1) {
      size = reader.uint(8);
      header = 16;
    } else if (size === 0) {
      size = reader.remaining + header;
    }
    if (size < header) throw new MalformedBoxError(`the ${type} box has an impossible size`);
    if (size - header > reader.remaining) {
      throw new MalformedBoxError(`the ${type} box runs past the end of the file`);
    }
    boxes.push({ type, payload: reader.slice(size - header) });
  }
  return boxes;
}

/** The only child of type `type`, or undefined. */
export function childOf(boxes: readonly Box[], type: string): Box | undefined {
  return boxes.find((box) => box.type === type);
}

/** The only child of type `type`. */
export function requiredChild(boxes: readonly Box[], type: string): Box {
  const box = childOf(boxes, type);
  if (!box) throw new MalformedBoxError(`there is no ${type} box`);
  return box;
}
