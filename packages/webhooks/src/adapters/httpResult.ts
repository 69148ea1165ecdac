import { WebhookError } from "../errors.js";
import type { WebhookOutcome } from "../receiver.js";

/** What every adapter answers: SNS needs a 2xx to stop retrying. */
export interface HttpResult {
  status: number;
  headers: Record<string, string>;
  body: string;
}

/**
 * SNS messages are at most 256 KiB; the envelope escapes the message and adds its
 * fields, so a body above 1 MiB is not from SNS.
 */
export const MAX_BODY_BYTES = 1024 * 1024;

/**
 * The one place a receive outcome becomes an HTTP answer: 200 for an event or a
 * confirmation, the error's status with an RFC 9457 problem for a refusal, 500 for
 * anything else (the event handler failed: SNS retries).
 */
export async function httpResult(outcome: Promise<WebhookOutcome>): Promise<HttpResult> {
  try {
    const result = await outcome;
    const body =
      result.kind === "event" ? { ok: true, eventId: result.event.id } : { ok: true, ...result };
    return {
      status: 200,
      headers: { "content-type": "application/json" },
      body: JSON.stringify(body),
    };
  } catch (error) {
    const refused = error instanceof WebhookError;
    const problem = refused
      ? {
          type: `urn:imgpipe:webhooks:${error.code}`,
          title: error.code,
          status: error.status,
          detail: error.message,
          code: error.code,
        }
      : {
          title: "internal_error",
          status: 500,
          detail: "The event handler failed; SNS will retry.",
        };
    return {
      status: problem.status,
      headers: { "content-type": "application/problem+json" },
      body: JSON.stringify(problem),
    };
  }
}

export function tooLarge(): WebhookError {
  return new WebhookError("body_too_large", `The body is larger than ${MAX_BODY_BYTES} bytes.`);
}
