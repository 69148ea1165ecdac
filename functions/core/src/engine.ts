/**
 * The sharp-backed steps a lazily loaded renderer needs (the API's `POST /transform`).
 * The package's root exports them too; importing them from here keeps their files apart
 * from what the rest of a bundle uses from the root, so that esbuild leaves them, and
 * their `import "sharp"`, in the chunk `import()` loads rather than in a shared chunk
 * that every cold start loads.
 */
export { decodeHeic } from "./image/heic/heicDecoder.js";
export { corrupt, inspectImage } from "./image/inspectImage.js";
