export { fetchHandler } from "./adapters/fetch.js";
export { type HttpResult, httpResult } from "./adapters/httpResult.js";
export { type FunctionUrlEvent, type FunctionUrlResult, lambdaHandler } from "./adapters/lambda.js";
export { nodeHandler } from "./adapters/node.js";
export {
  CertificateCache,
  type CertificateCacheOptions,
  type FetchCertificate,
} from "./certificates.js";
export { checkCertificateUrl, isTrustedSnsUrl } from "./certificateUrl.js";
export { WEBHOOK_ERRORS, WebhookError, type WebhookErrorCode } from "./errors.js";
export * from "./imageEvents.js";
export {
  type WebhookOutcome,
  WebhookReceiver,
  type WebhookReceiverOptions,
  type WebhookRequest,
} from "./receiver.js";
export {
  parseSnsMessage,
  type SnsMessage,
  type SnsMessageType,
  stringToSign,
} from "./snsMessage.js";
export { type VerifyOptions, verifySnsMessage } from "./verifySnsMessage.js";
