import { PutObjectCommand } from "@aws-sdk/client-s3";
import { GetCommand } from "@aws-sdk/lib-dynamodb";
import { parsePipelineConfig, revisionOf, signTransformUrl, uploadKey } from "@imgpipe/core";
import sharp from "sharp";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { LocalCloud } from "../src/localCloud.js";
import { loadOrCreateSigningKey } from "../src/transform/signingKey.js";
import { eventually } from "./support/eventually.js";
import { photoJpeg } from "./support/images.js";
import { localClients } from "./support/localClients.js";
import { tempDir } from "./support/tempDir.js";
import { startTestCloud } from "./support/testCloud.js";

const config = parsePipelineConfig({ environment: "test" }, "test");
/** The watermark: a flat magenta square, a colour the photo gradient never comes near. */
const MARK = { side: 80, colour: { r: 255, g: 0, b: 255 } };
/** Where the URLs put it, in pixels of the 400×300 output. */
const AT = { left: 20, top: 30 };

interface Raw {
  data: Buffer;
  width: number;
  height: number;
  channels: number;
}

/** Mean absolute channel difference of two renders over a rectangle. */
function meanDifference(a: Raw, b: Raw, area: { x0: number; y0: number; x1: number; y1: number }) {
  let sum = 0;
  let count = 0;
  for (let y = area.y0; y < area.y1; y++) {
    for (let x = area.x0; x < area.x1; x++) {
      for (let c = 0; c < 3; c++) {
        const i = (y * a.width + x) * a.channels + c;
        sum += Math.abs((a.data[i] ?? 0) - (b.data[i] ?? 0));
        count++;
      }
    }
  }
  return sum / count;
}

describe("watermarks through the local CDN's /t/*", () => {
  let data: Awaited<ReturnType<typeof tempDir>>;
  let cloud: LocalCloud;
  let clients: ReturnType<typeof localClients>;
  let key: string;
  let photoRevision: string;

  const upload = async (ownerId: string, imageId: string, fileName: string, body: Buffer) => {
    await clients.s3.send(
      new PutObjectCommand({
        Bucket: cloud.resources.uploadsBucket,
        Key: uploadKey({ ownerId, imageId, fileName }),
        Body: body,
      }),
    );
  };
  const settled = (ownerId: string, imageId: string) =>
    eventually(async () => {
      const { Item } = await clients.dynamo.send(
        new GetCommand({ TableName: cloud.resources.imagesTable, Key: { ownerId, imageId } }),
      );
      expect(["processed", "failed"]).toContain(Item?.status);
      return Item as { status: string; source?: { sha256?: string } };
    }, 120_000);
  const render = async (filters: string) => {
    const path = `fit-in/400x300/filters:format(png)${filters}/alice/photo@${photoRevision}`;
    return fetch(`${cloud.endpoints.cdn}${signTransformUrl(path, { key })}`);
  };
  const pixelsOf = async (response: Response): Promise<Raw> => {
    expect(response.status).toBe(200);
    // Compared as RGB: a watermarked render also carries an (opaque) alpha channel.
    const { data, info } = await sharp(Buffer.from(await response.arrayBuffer()))
      .removeAlpha()
      .raw()
      .toBuffer({ resolveWithObject: true });
    return { data, width: info.width, height: info.height, channels: info.channels };
  };
  const problemOf = async (response: Response) => {
    expect(response.headers.get("content-type")).toBe("application/problem+json");
    return (await response.json()) as { status: number; code: string; detail: string };
  };

  beforeAll(async () => {
    data = await tempDir("watermark");
    cloud = await startTestCloud({ config, dataDir: data.path });
    clients = localClients(cloud, config.region);
    key = await loadOrCreateSigningKey(data.path);
    const mark = await sharp({
      create: { width: MARK.side, height: MARK.side, channels: 3, background: MARK.colour },
    })
      .png()
      .toBuffer();
    await Promise.all([
      upload("alice", "photo", "photo.jpg", await photoJpeg(800, 600)),
      upload("alice", "logo", "logo.png", mark),
      upload("alice", "notes", "notes.png", Buffer.from("not an image\n".repeat(50))),
      upload("bob", "logo", "logo.png", mark),
    ]);
    const [photo, logo, notes, bobs] = await Promise.all([
      settled("alice", "photo"),
      settled("alice", "logo"),
      settled("alice", "notes"),
      settled("bob", "logo"),
    ]);
    expect([photo.status, logo.status, notes.status, bobs.status]).toEqual([
      "processed",
      "processed",
      "failed",
      "processed",
    ]);
    photoRevision = revisionOf(String(photo.source?.sha256));
  }, 180_000);

  afterAll(async () => {
    await cloud?.stop();
    await data?.remove();
  });

  it("composites a stored image onto the render, changing only the pixels under it", async () => {
    const plain = await pixelsOf(await render(""));
    const marked = await pixelsOf(await render(`:watermark(alice/logo,${AT.left},${AT.top},0)`));

    const under = {
      x0: AT.left,
      y0: AT.top,
      x1: AT.left + MARK.side,
      y1: AT.top + MARK.side,
    };
    const right = { x0: AT.left + MARK.side + 2, y0: 0, x1: 400, y1: 300 };
    const below = { x0: 0, y0: AT.top + MARK.side + 2, x1: 400, y1: 300 };

    expect([marked.width, marked.height]).toEqual([400, 300]);
    expect(meanDifference(plain, marked, under)).toBeGreaterThan(60);
    expect(meanDifference(plain, marked, right)).toBeLessThan(1);
    expect(meanDifference(plain, marked, below)).toBeLessThan(1);
    const centre = ((AT.top + MARK.side / 2) * 400 + AT.left + MARK.side / 2) * marked.channels;
    const [r = 0, g = 0, b = 0] = marked.data.subarray(centre, centre + 3);
    expect(Math.hypot(r - MARK.colour.r, g - MARK.colour.g, b - MARK.colour.b)).toBeLessThan(8);
  });

  it("blends a half-transparent watermark halfway between the photo and the mark", async () => {
    const plain = await pixelsOf(await render(""));
    const half = await pixelsOf(await render(`:watermark(alice/logo,${AT.left},${AT.top},50)`));

    const centre = ((AT.top + MARK.side / 2) * 400 + AT.left + MARK.side / 2) * half.channels;
    const expected = [MARK.colour.r, MARK.colour.g, MARK.colour.b].map(
      (mark, c) => ((plain.data[centre + c] ?? 0) + mark) / 2,
    );
    const got = [...half.data.subarray(centre, centre + 3)];

    expect(Math.hypot(...got.map((v, c) => v - (expected[c] ?? 0)))).toBeLessThan(12);
  });

  it.each([
    ["an image that does not exist", "alice/nothing-here"],
    ["an image that failed processing", "alice/notes"],
    ["a variant key that is not stored", "images/alice/logo/0123456789abcdef/medium.webp"],
  ])("answers a watermark naming %s with 404 problem+json", async (_, image) => {
    const response = await render(`:watermark(${image},0,0,0)`);

    expect(response.status).toBe(404);
    expect(await problemOf(response)).toMatchObject({ status: 404, code: "not_found" });
  });

  it("refuses a watermark of another owner's image, as if it did not exist", async () => {
    const byName = await render(":watermark(bob/logo,0,0,0)");
    const { Item } = await clients.dynamo.send(
      new GetCommand({
        TableName: cloud.resources.imagesTable,
        Key: { ownerId: "bob", imageId: "logo" },
      }),
    );
    const variant = (Item?.variants as { key: string }[] | undefined)?.[0]?.key;
    const byKey = await render(`:watermark(${variant},0,0,0)`);

    expect(byName.status).toBe(404);
    // The same words as for an image nobody stored: nothing tells bob's exists.
    expect(await problemOf(byName)).toMatchObject({
      code: "not_found",
      detail: "No processed image bob/logo.",
    });
    expect(byKey.status).toBe(404);
    expect(await problemOf(byKey)).toMatchObject({
      code: "not_found",
      detail: "The image bob/logo is no longer stored.",
    });
  });

  it("follows a replaced watermark image instead of serving the stored rendition", async () => {
    const filters = `:watermark(alice/logo,${AT.left},${AT.top},0)`;
    const before = await render(filters);
    const green = { r: 0, g: 255, b: 0 };
    const oldLogo = (await settled("alice", "logo")).source?.sha256;
    await upload(
      "alice",
      "logo",
      "logo.png",
      await sharp({
        create: { width: MARK.side, height: MARK.side, channels: 3, background: green },
      })
        .png()
        .toBuffer(),
    );
    await eventually(async () => {
      expect((await settled("alice", "logo")).source?.sha256).not.toBe(oldLogo);
    }, 120_000);

    const after = await render(filters);
    const pixels = await pixelsOf(after);

    expect(before.headers.get("cache-control")).toBe("public, max-age=300");
    expect(after.headers.get("x-imgpipe-rendition")).toBe("miss");
    const centre = ((AT.top + MARK.side / 2) * 400 + AT.left + MARK.side / 2) * pixels.channels;
    const [r = 0, g = 0, b = 0] = pixels.data.subarray(centre, centre + 3);
    expect(Math.hypot(r - green.r, g - green.g, b - green.b)).toBeLessThan(8);
  });
});
