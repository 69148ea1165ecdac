import { ApiError, OFFLINE_MESSAGE, problemOf } from "./apiError.js";
import type { CreatedUpload, ImagePage, ImageView, UploadRequest } from "./contract.js";

export interface ImagesApiOptions {
  endpoint: string;
  /** The bearer token for each call; undefined once the session has ended. */
  accessToken: () => Promise<string | undefined>;
  fetcher?: typeof fetch;
}

/** The imgpipe HTTP API as the SPA calls it. Every failure is an {@link ApiError}. */
export class ImagesApi {
  private readonly fetcher: typeof fetch;

  constructor(private readonly options: ImagesApiOptions) {
    this.fetcher = options.fetcher ?? fetch.bind(globalThis);
  }

  /** Signs a presigned POST for one file; refused (413/415) before anything is signed. */
  createUpload(request: UploadRequest): Promise<CreatedUpload> {
    return this.call("POST", "/uploads", request);
  }

  /** One page of the caller's images, newest first. */
  listImages(cursor?: string, limit = 24): Promise<ImagePage> {
    const query = new URLSearchParams({ limit: String(limit), ...(cursor && { cursor }) });
    return this.call("GET", `/images?${query}`);
  }

  getImage(imageId: string): Promise<ImageView> {
    return this.call("GET", `/images/${encodeURIComponent(imageId)}`);
  }

  async deleteImage(imageId: string): Promise<void> {
    await this.call("DELETE", `/images/${encodeURIComponent(imageId)}`);
  }

  private async call<T>(method: string, path: string, body?: unknown): Promise<T> {
    const token = await this.options.accessToken();
    if (!token) throw new ApiError("session_ended", "Your session has ended: sign in again.", 401);
    let response: Response;
    try {
      response = await this.fetcher(`${this.options.endpoint}${path}`, {
        method,
        headers: {
          authorization: `Bearer ${token}`,
          ...(body !== undefined && { "content-type": "application/json" }),
        },
        ...(body !== undefined && { body: JSON.stringify(body) }),
      });
    } catch {
      throw new ApiError("offline", OFFLINE_MESSAGE, 0);
    }
    if (!response.ok) throw await problemOf(response);
    return (response.status === 204 ? undefined : await response.json()) as T;
  }
}
