/**
 * What the SPA may import: modules that run in a browser (no sharp, no Node built-ins).
 * The package's main entry exports these too.
 */
export * from "./config/spaConfig.js";
export * from "./uploadRules.js";
