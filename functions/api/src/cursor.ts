import * as z from "zod";
import { ApiError } from "./problems.js";
import type { PagePosition } from "./store/imageTable.js";

const positionSchema = z.strictObject({ c: z.iso.datetime(), i: z.string().min(1).max(128) });

/**
 * Cursors are opaque to clients: base64url JSON of where the page ended. They hold no
 * owner: the next page is always read in the caller's own partition.
 */
export function encodeCursor(position: PagePosition): string {
  const json = JSON.stringify({ c: position.createdAt, i: position.imageId });
  return Buffer.from(json).toString("base64url");
}

/** @throws ApiError `invalid_request` for a cursor this API did not hand out */
export function decodeCursor(cursor: string): PagePosition {
  let value: unknown;
  try {
    value = JSON.parse(Buffer.from(cursor, "base64url").toString("utf8"));
  } catch {
    value = undefined;
  }
  const parsed = positionSchema.safeParse(value);
  if (!parsed.success) {
    throw new ApiError("invalid_request", "The cursor is not one this API handed out", {
      invalidParams: [{ name: "cursor", reason: "pass nextCursor from the previous page as is" }],
    });
  }
  return { createdAt: parsed.data.c, imageId: parsed.data.i };
}
