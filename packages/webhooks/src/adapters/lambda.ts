import type { WebhookReceiver } from "../receiver.js";
import { httpResult, MAX_BODY_BYTES, tooLarge } from "./httpResult.js";

/** The parts of a Lambda function URL event (payload 2.0) the receiver reads. */
export interface FunctionUrlEvent {
  headers?: Record<string, string | undefined>;
  body?: string;
  isBase64Encoded?: boolean;
}

/** What a function URL turns into an HTTP response. */
export interface FunctionUrlResult {
  statusCode: number;
  headers: Record<string, string>;
  body: string;
}

/**
 * A Lambda handler behind a function URL: the event in, the result out.
 *
 * @example
 * export const handler = lambdaHandler(receiver);
 */
export function lambdaHandler(receiver: WebhookReceiver) {
  return async (event: FunctionUrlEvent): Promise<FunctionUrlResult> => {
    const read = async () => {
      const body = event.isBase64Encoded
        ? Buffer.from(event.body ?? "", "base64").toString("utf8")
        : (event.body ?? "");
      if (Buffer.byteLength(body) > MAX_BODY_BYTES) throw tooLarge();
      // Function URLs lower-case header names already; this keeps other callers safe.
      const headers = Object.fromEntries(
        Object.entries(event.headers ?? {}).map(([name, value]) => [name.toLowerCase(), value]),
      );
      return receiver.receive({ headers, body });
    };
    const result = await httpResult(read());
    return { statusCode: result.status, headers: result.headers, body: result.body };
  };
}
