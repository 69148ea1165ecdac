import type { S3Client } from "@aws-sdk/client-s3";
import type { DynamoDBDocumentClient } from "@aws-sdk/lib-dynamodb";
import { CliError } from "../errors.js";
import { localDynamoClient, localS3Client } from "../localClients.js";
import type { LocalCloudEndpoints, LocalResources } from "../localCloud.js";
import { LOCAL_HOST } from "../settings.js";

export interface LocalCloudStatus {
  endpoints: LocalCloudEndpoints;
  resources: LocalResources;
  region: string;
  dataDir: string;
  issuer: string;
}

/**
 * A running local cloud, found through its control endpoint on the API port, with the
 * clients to reach its services. The local credentials are built in, so the CLI needs
 * no AWS configuration.
 */
export class LocalCloudClient {
  private constructor(readonly status: LocalCloudStatus) {}

  get region(): string {
    return this.status.region;
  }

  /** @throws CliError `not_running` when nothing answers on the API port */
  static async connect(apiPort: number): Promise<LocalCloudClient> {
    const api = `http://${LOCAL_HOST}:${apiPort}`;
    let response: Response;
    try {
      response = await fetch(`${api}/_local/status`);
    } catch (error) {
      throw new CliError(
        "not_running",
        `No local cloud answers at ${api}. Start it with \`npm start\` (or set IMGPIPE_API_PORT).`,
        1,
        { cause: error },
      );
    }
    if (!response.ok) {
      throw new CliError("not_running", `${api} is not an imgpipe local cloud`, 1);
    }
    return new LocalCloudClient((await response.json()) as LocalCloudStatus);
  }

  s3(): S3Client {
    return localS3Client(this.status.endpoints.s3, this.region);
  }

  dynamo(): DynamoDBDocumentClient {
    return localDynamoClient(this.status.endpoints.dynamodb, this.region);
  }

  /** Calls a control endpoint; a refusal becomes a CliError with the server's message. */
  async control<T>(path: string, init: { method?: string; body?: unknown } = {}): Promise<T> {
    const response = await fetch(`${this.status.endpoints.api}${path}`, {
      method: init.method ?? "GET",
      ...(init.body !== undefined && {
        body: JSON.stringify(init.body),
        headers: { "content-type": "application/json" },
      }),
    });
    const body = (await response.json()) as T & { message?: string; code?: string };
    if (!response.ok) {
      throw new CliError(body.code ?? "refused", body.message ?? `HTTP ${response.status}`, 1);
    }
    return body;
  }
}
