import type {
  ImagePageSchema,
  ImageSchema,
  UploadRequestSchema,
  UploadResponseSchema,
} from "@imgpipe/api/schemas";
import type * as z from "zod";

// The API's own schemas, as types only: the SPA's calls follow the API's contract
// without bundling the API's router.

export type UploadRequest = z.input<typeof UploadRequestSchema>;
export type CreatedUpload = z.output<typeof UploadResponseSchema>;
export type ImageView = z.output<typeof ImageSchema>;
export type VariantView = ImageView["variants"][number];
export type ImagePage = z.output<typeof ImagePageSchema>;
