import type { SpaConfig } from "@imgpipe/core/browser";
import type { CreatedUpload, ImageView } from "../../src/api/contract.js";
import { ImagesApi } from "../../src/api/imagesApi.js";
import type { postUpload } from "../../src/api/postUpload.js";

export const CONFIG: SpaConfig = {
  environment: "test",
  apiEndpoint: "https://api.test",
  cdnUrl: "https://cdn.test",
  auth: { kind: "dev", issuer: "https://api.test/_local/issuer", scopes: ["images/read"] },
  maxUploadBytes: 1024 * 1024,
  transforms: false,
};

/** The responsive URLs the API adds to a processed image where transforms are on. */
export function responsiveOf(id: string): NonNullable<ImageView["responsive"]> {
  const candidates = [320, 640, 1600].map((width) => ({
    width,
    height: (width * 3) / 4,
    url: `https://cdn.test/t/sig${width}/fit-in/${width}x0/filters:format(auto)/alice/${id}@0f3a9c1b2d4e5f60`,
  }));
  return {
    revision: "0f3a9c1b2d4e5f60",
    srcset: candidates.map((c) => `${c.url} ${c.width}w`).join(", "),
    src: candidates[2]?.url ?? "",
    candidates,
  };
}

/** A processed image as the API describes one, with JPEG and WebP variants. */
export function processedImage(id: string, fileName = `${id}.jpg`): ImageView {
  const variant = (name: string, format: string, width: number, height: number) => ({
    name,
    format,
    width,
    height,
    bytes: width * 40,
    contentType: `image/${format}`,
    url: `https://cdn.test/images/alice/${id}/hash/${name}.${format === "jpeg" ? "jpg" : format}`,
  });
  return {
    id,
    status: "processed",
    fileName,
    createdAt: "2026-12-01T09:00:00.000Z",
    format: "jpeg",
    width: 1600,
    height: 1200,
    bytes: 812_345,
    thumbhash: "1QcSHQRnh493V4dIh4eXh1h4kJUI",
    dominantColour: "#384868",
    variants: [
      variant("thumb", "webp", 160, 160),
      variant("thumb", "jpeg", 160, 160),
      variant("medium", "webp", 640, 480),
      variant("medium", "jpeg", 640, 480),
    ],
  };
}

/**
 * The HTTP API in memory, behind a real {@link ImagesApi}: what the components see is
 * what the client makes of real responses, problem+json errors included.
 */
export class FakeBackend {
  images: ImageView[] = [];
  calls: string[] = [];
  /** The next answer to `GET /images`, when a test wants a failure. */
  failNextList: Response | undefined;
  pageSize = 24;
  private nextId = 0;

  api(): ImagesApi {
    return new ImagesApi({
      endpoint: CONFIG.apiEndpoint,
      accessToken: async () => "token",
      fetcher: async (input, init) => this.answer(String(input), init ?? {}),
    });
  }

  /** Stands in for S3 and process-image: reports progress, then the image is processed (or failed). */
  send(outcome: (file: Blob) => ImageView["status"] = () => "processed"): typeof postUpload {
    return async (upload, file, onProgress) => {
      onProgress({ loaded: file.size / 2, total: file.size });
      const id = upload.fields.key ?? "";
      const image = this.images.find((i) => i.id === id);
      if (!image) throw new Error(`no pending image ${id}`);
      const status = outcome(file);
      Object.assign(
        image,
        status === "processed"
          ? { ...processedImage(id, image.fileName) }
          : {
              status,
              failure: { code: "unsupported_format", message: "This file is not an image." },
            },
      );
    };
  }

  private async answer(url: string, init: RequestInit): Promise<Response> {
    const { pathname, searchParams } = new URL(url);
    const route = `${init.method ?? "GET"} ${pathname}`;
    this.calls.push(route);
    if (route === "POST /uploads") {
      const body = JSON.parse(String(init.body)) as { filename: string };
      this.nextId += 1;
      const id = `img${this.nextId}`;
      this.images.unshift({ id, status: "pending", fileName: body.filename, variants: [] });
      const created: CreatedUpload = {
        imageId: id,
        upload: { url: "https://s3.test/uploads", fields: { key: id } },
        expiresAt: "2026-12-01T09:05:00.000Z",
      };
      return Response.json(created, { status: 201 });
    }
    if (route === "GET /images") {
      const failure = this.failNextList;
      this.failNextList = undefined;
      if (failure) return failure;
      const start = Number(searchParams.get("cursor") ?? 0);
      const end = start + this.pageSize;
      return Response.json({
        items: this.images.slice(start, end),
        nextCursor: end < this.images.length ? String(end) : null,
      });
    }
    const id = pathname.replace("/images/", "");
    const image = this.images.find((i) => i.id === id);
    if (route.startsWith("DELETE ")) {
      this.images = this.images.filter((i) => i.id !== id);
      return new Response(null, { status: 204 });
    }
    if (!image) return problem(404, "not_found", `No image ${id}`);
    return Response.json(image);
  }
}

export function problem(status: number, code: string, detail: string): Response {
  return new Response(JSON.stringify({ type: "about:blank", title: code, status, detail, code }), {
    status,
    headers: { "content-type": "application/problem+json" },
  });
}
