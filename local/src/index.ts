export * from "./localClients.js";
export * from "./localCloud.js";
export * from "./logger.js";
export * from "./settings.js";
export * from "./transform/signingKey.js";
