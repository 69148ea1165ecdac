/**
 * How a new upload's event is retried on its way to process-image. The Terraform rule
 * target and Lambda's async invoke config declare it; the local cloud's bus retries a
 * failed invocation by it too, so the two cannot drift apart.
 * See https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-rule-retry-policy.html
 */
export interface UploadEventRetryPolicy {
  /** Retries after the first attempt (EventBridge: 0 to 185). */
  readonly maximumRetryAttempts: number;
  /** No attempt is made once the event is this old; it goes to the dead-letter queue. */
  readonly maximumEventAgeSeconds: number;
  /** Lambda's own retries of an invocation whose handler failed (0 to 2). */
  readonly handlerRetryAttempts: number;
}

/** Keeps retrying for up to an hour, so a dependency being down for a while loses nothing. */
export const UPLOAD_EVENT_RETRY_POLICY: UploadEventRetryPolicy = {
  maximumRetryAttempts: 10,
  maximumEventAgeSeconds: 60 * 60,
  handlerRetryAttempts: 2,
};
