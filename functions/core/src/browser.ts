/**
 * What the SPA may import: modules that run in a browser (no sharp, no Node built-ins).
 * The package's main entry exports these too.
 */
export * from "./config/spaConfig.js";
export { ACCEPTED_UPLOAD_TYPES, INPUT_CONTENT_TYPES } from "./image/detectFormat.js";
export * from "./uploadRules.js";
