import { existsSync } from "node:fs";
import { mkdir, readdir, rm, stat, writeFile } from "node:fs/promises";
import { join } from "node:path";
import sharp from "sharp";
import { hasCommand, progress, run } from "./system.js";

/** Where the corpus is cached between runs (gitignored). */
export const CORPUS_DIR = new URL("../.corpus/", import.meta.url).pathname;
const PHOTOS_DIR = join(CORPUS_DIR, "photos");
const DEBIAN_PACKAGE = "mate-backgrounds";

export interface Corpus {
  /** Every photo, largest last: the Debian JPEGs and a generated 24-megapixel one. */
  photos: string[];
  /** A generated 50-megapixel JPEG, for the peak-memory check. */
  huge: string;
}

/**
 * Real camera photos from Debian's mate-backgrounds package (fetched once with
 * `apt-get download`, unpacked with `dpkg-deb -x`), plus generated 24 and 50 megapixel
 * JPEGs. Cached under bench/.corpus/.
 */
export async function prepareCorpus(): Promise<Corpus> {
  if (!existsSync(PHOTOS_DIR)) await fetchDebianPhotos();
  const generated24 = await generatedPhoto("generated-24mp.jpg", 6000, 4000);
  const huge = await generatedPhoto("generated-50mp.jpg", 8660, 5774);
  const photos = (await readdir(PHOTOS_DIR)).filter((f) => f.endsWith(".jpg")).sort();
  const withSizes = await Promise.all(
    photos.map(async (f) => ({
      path: join(PHOTOS_DIR, f),
      size: (await stat(join(PHOTOS_DIR, f))).size,
    })),
  );
  withSizes.sort((a, b) => a.size - b.size);
  return { photos: [...withSizes.map((p) => p.path), generated24], huge };
}

async function fetchDebianPhotos(): Promise<void> {
  for (const tool of ["apt-get", "dpkg-deb"]) {
    if (!(await hasCommand(tool))) throw new Error(`The benchmark corpus needs ${tool} (Debian).`);
  }
  const work = join(CORPUS_DIR, "deb");
  await rm(work, { recursive: true, force: true });
  await mkdir(work, { recursive: true });
  progress(`corpus: apt-get download ${DEBIAN_PACKAGE}`);
  try {
    await run("apt-get", ["download", DEBIAN_PACKAGE], { cwd: work });
  } catch {
    // A fresh machine has no package lists yet.
    await run("apt-get", ["update"]);
    await run("apt-get", ["download", DEBIAN_PACKAGE], { cwd: work });
  }
  const [deb] = (await readdir(work)).filter((f) => f.endsWith(".deb"));
  if (!deb) throw new Error(`apt-get download ${DEBIAN_PACKAGE} left no .deb`);
  await run("dpkg-deb", ["-x", join(work, deb), join(work, "root")]);
  await mkdir(PHOTOS_DIR, { recursive: true });
  const files = await readdir(join(work, "root"), { recursive: true });
  for (const file of files.filter((f) => f.toLowerCase().endsWith(".jpg"))) {
    const name = file.split("/").pop() ?? file;
    await run("cp", [join(work, "root", file), join(PHOTOS_DIR, name)]);
  }
  await rm(work, { recursive: true, force: true });
}

/**
 * A photo-like JPEG: smooth colour gradients with fine noise, so that it decodes and
 * compresses like a camera photo rather than like a flat colour.
 */
async function generatedPhoto(name: string, width: number, height: number): Promise<string> {
  const path = join(CORPUS_DIR, name);
  if (existsSync(path)) return path;
  progress(`corpus: generating ${name} (${width}×${height})`);
  const gradient = await sharp(gradientPixels(256, 171), {
    raw: { width: 256, height: 171, channels: 3 },
  })
    .resize(width, height, { kernel: "cubic" })
    .png({ compressionLevel: 1 })
    .toBuffer();
  const noise = await sharp({
    create: {
      width,
      height,
      channels: 3,
      background: "#808080",
      noise: { type: "gaussian", mean: 128, sigma: 10 },
    },
  })
    .png({ compressionLevel: 1 })
    .toBuffer();
  const photo = await sharp(gradient)
    .composite([{ input: noise, blend: "overlay" }])
    .jpeg({ quality: 88 })
    .toBuffer();
  await mkdir(CORPUS_DIR, { recursive: true });
  await writeFile(path, photo);
  return path;
}

function gradientPixels(width: number, height: number): Buffer {
  const pixels = Buffer.alloc(width * height * 3);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const i = (y * width + x) * 3;
      pixels[i] = 128 + 100 * Math.sin(x / 23 + y / 41);
      pixels[i + 1] = 128 + 90 * Math.cos(x / 31 - y / 17);
      pixels[i + 2] = 128 + 80 * Math.sin((x + y) / 29);
    }
  }
  return pixels;
}
