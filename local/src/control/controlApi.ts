import type { ActivityLog } from "../activity/activityLog.js";
import { GatewayError } from "../errors.js";
import { type HttpHandler, json, jsonBody } from "../gateway/http.js";
import type { RedriveResult, WebhookDeadLetter } from "../sns/webhookDeadLetters.js";
import type { ReprocessSelector } from "./reprocess.js";

export interface ControlDeps {
  /** What the CLI needs to find everything: endpoints, resource names, the data folder. */
  status(): Record<string, unknown>;
  activity: ActivityLog;
  /** Puts the selected uploads on the bus again; returns their keys. */
  reprocess(selector: ReprocessSelector): Promise<string[]>;
  /** Webhook notifications that exhausted their delivery policy. */
  webhookDeadLetters(): WebhookDeadLetter[];
  /** Sends webhook dead letters again: all, or those with the given ids. */
  redrive(ids?: readonly string[]): Promise<RedriveResult>;
}

/**
 * The local cloud's own endpoints, under `/_local/` on the API port: how the CLI talks
 * to a running local cloud without AWS credentials of its own.
 */
export function createControlApi(deps: ControlDeps): HttpHandler {
  return async (request) => {
    const route = `${request.method} ${request.path}`;
    switch (route) {
      case "GET /_local/status":
        return json(200, deps.status());
      case "GET /_local/activity": {
        const limit = Number(new URLSearchParams(request.query).get("limit") ?? 100);
        return json(200, { activity: deps.activity.recent(limit) });
      }
      case "GET /_local/dead-letters":
        return json(200, {
          deadLetters: deps.activity.deadLetters(),
          webhookDeadLetters: deps.webhookDeadLetters(),
        });
      case "POST /_local/redrive":
        return json(202, await deps.redrive(idsOf(jsonBody(request))));
      case "POST /_local/reprocess":
        return json(202, { queued: await deps.reprocess(selectorOf(jsonBody(request))) });
      default:
        return json(404, { message: `No local cloud endpoint ${route}` });
    }
  };
}

function selectorOf(body: Record<string, unknown>): ReprocessSelector {
  if (body.all === true) return { all: true };
  if (typeof body.imageId === "string" && body.imageId !== "") {
    return {
      imageId: body.imageId,
      ...(typeof body.ownerId === "string" && { ownerId: body.ownerId }),
    };
  }
  throw new GatewayError("invalid_selector", "Give an imageId, or all: true", 400);
}

function idsOf(body: Record<string, unknown>): string[] | undefined {
  if (body.ids === undefined) return undefined;
  if (Array.isArray(body.ids) && body.ids.every((id) => typeof id === "string")) return body.ids;
  throw new GatewayError("invalid_ids", "ids must be a list of dead letter ids", 400);
}
