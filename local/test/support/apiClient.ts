import { API_SCOPES } from "@imgpipe/core";
import type { LocalCloud } from "../../src/localCloud.js";

const ALL_SCOPES = [API_SCOPES.read, API_SCOPES.write];

/**
 * A client of the local HTTP API as an app would be: a bearer token from the dev issuer,
 * JSON in and out, through the local gateway.
 */
export async function apiClient(cloud: LocalCloud, user: string, scopes = ALL_SCOPES) {
  const { token } = await cloud.issuer.mint({ subject: user, scopes });
  const call = (method: string, path: string, body?: unknown) =>
    fetch(`${cloud.endpoints.api}${path}`, {
      method,
      headers: {
        authorization: `Bearer ${token}`,
        ...(body !== undefined && { "content-type": "application/json" }),
      },
      ...(body !== undefined && { body: JSON.stringify(body) }),
    });
  return {
    token,
    call,
    /** `POST /uploads`, expecting 201; returns the image id and the presigned POST. */
    async startUpload(filename: string, contentType: string, bytes: number) {
      const response = await call("POST", "/uploads", { filename, contentType, bytes });
      if (response.status !== 201) {
        throw new Error(`POST /uploads: ${response.status} ${await response.text()}`);
      }
      return (await response.json()) as {
        imageId: string;
        upload: { url: string; fields: Record<string, string> };
        expiresAt: string;
      };
    },
  };
}

export type ApiClient = Awaited<ReturnType<typeof apiClient>>;

/** Uploads a file to a presigned POST as a browser does: `fetch` with `FormData`. */
export function postForm(
  upload: { url: string; fields: Record<string, string> },
  file: Buffer,
  options: { type?: string; fields?: Record<string, string> } = {},
) {
  const form = new FormData();
  for (const [name, value] of Object.entries({ ...upload.fields, ...options.fields })) {
    form.append(name, value);
  }
  form.append("file", new Blob([new Uint8Array(file)], { type: options.type ?? "" }), "photo");
  return fetch(upload.url, { method: "POST", body: form });
}
