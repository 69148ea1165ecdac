// Provisional: replaced by the API's own schemas once the API lands.
export interface UploadRequest {
  filename: string;
  contentType: string;
  bytes: number;
}
export interface CreatedUpload {
  imageId: string;
  upload: { url: string; fields: Record<string, string> };
  expiresAt: string;
}
export interface VariantView {
  name: string;
  format: string;
  width: number;
  height: number;
  bytes: number;
  contentType: string;
  url: string;
}
export interface ImageView {
  id: string;
  status: "pending" | "processing" | "processed" | "failed";
  fileName?: string;
  createdAt?: string;
  width?: number;
  height?: number;
  format?: string;
  bytes?: number;
  thumbhash?: string;
  dominantColour?: string;
  variants: VariantView[];
  failure?: { code: string; message: string };
}
export interface ImagePage {
  items: ImageView[];
  nextCursor: string | null;
}
