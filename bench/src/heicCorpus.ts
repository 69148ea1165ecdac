import { existsSync } from "node:fs";
import { mkdir, rename } from "node:fs/promises";
import { basename, join } from "node:path";
import sharp from "sharp";
import { CORPUS_DIR, type Corpus } from "./corpus.js";
import { ensureDebianTool, progress, run } from "./system.js";

const HEIC_DIR = join(CORPUS_DIR, "heic");
/** Photos in the HEIC comparison: phone-sized ones, since x265 encodes slowly. */
const PHOTOS = 4;
const PHONE_MEGAPIXELS = { min: 4, max: 13 };
/** heif-enc's quality; iPhones' HEICs are about this size for their pixels. */
const QUALITY = 60;

export interface HeicCorpus {
  /** The chosen corpus JPEGs. */
  jpegs: string[];
  /** The same photos as HEIC, in the same order. */
  heics: string[];
}

/**
 * The same photos as JPEG and as HEIC, for the decoder's cost: corpus JPEGs of a phone
 * camera's size, encoded once by Debian's heif-enc (libheif-examples, installed with
 * apt-get when missing) and cached under bench/.corpus/heic/.
 */
export async function prepareHeicCorpus(corpus: Corpus): Promise<HeicCorpus> {
  await ensureDebianTool("heif-enc", "libheif-examples");
  const phoneSized = [];
  for (const path of corpus.photos) {
    const { width, height } = await sharp(path).metadata();
    const megapixels = (width * height) / 1e6;
    if (megapixels >= PHONE_MEGAPIXELS.min && megapixels <= PHONE_MEGAPIXELS.max) {
      phoneSized.push(path);
    }
  }
  const jpegs = phoneSized.slice(-PHOTOS);
  await mkdir(HEIC_DIR, { recursive: true });
  const heics = [];
  for (const jpeg of jpegs) heics.push(await encoded(jpeg));
  return { jpegs, heics };
}

async function encoded(jpeg: string): Promise<string> {
  const heic = join(HEIC_DIR, basename(jpeg).replace(/\.jpg$/i, `.q${QUALITY}.heic`));
  if (existsSync(heic)) return heic;
  progress(`corpus: heif-enc ${basename(jpeg)}`);
  const partial = `${heic}.partial`;
  await run("heif-enc", ["-q", String(QUALITY), "-o", partial, jpeg], {
    maxBuffer: 16 * 1024 * 1024,
  });
  await rename(partial, heic);
  return heic;
}
