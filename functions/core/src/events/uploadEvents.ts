import { UPLOADS_PREFIX } from "../keys.js";

/**
 * The EventBridge pattern that selects new uploads. The Terraform rule and the local
 * cloud's event router both use this object, so they cannot disagree.
 */
export function newUploadEventPattern(uploadsBucket: string) {
  return {
    source: ["aws.s3"],
    "detail-type": ["Object Created"],
    detail: {
      bucket: { name: [uploadsBucket] },
      object: { key: [{ prefix: UPLOADS_PREFIX }] },
    },
  };
}

/** The `detail` of an EventBridge "Object Created" event from S3. */
export interface ObjectCreatedDetail {
  version: string;
  bucket: { name: string };
  object: { key: string; size?: number; etag?: string; "version-id"?: string; sequencer?: string };
  "request-id"?: string;
  requester?: string;
  reason?: string;
}

export interface EventBridgeEvent<TDetailType extends string, TDetail> {
  version: string;
  id: string;
  "detail-type": TDetailType;
  source: string;
  account: string;
  time: string;
  region: string;
  resources: string[];
  detail: TDetail;
}

export type ObjectCreatedEvent = EventBridgeEvent<"Object Created", ObjectCreatedDetail>;
