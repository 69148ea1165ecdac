import type { DescribeSecretCommandOutput } from "@aws-sdk/client-secrets-manager";
import { DescribeSecretCommand, type PutSecretValueCommand } from "@aws-sdk/client-secrets-manager";
import { describe, expect, it } from "vitest";
import { signingKeySecretName } from "../transform.js";
import { hasCurrentValue, type SecretsClient, seedSigningKey } from "./signingKey.js";

/** A secret as Secrets Manager keeps it: versions with their stages. No local stand-in exists. */
function secretStore(versions: Record<string, string[]>) {
  const values: string[] = [];
  const client = {
    async send(command: DescribeSecretCommand | PutSecretValueCommand) {
      if (command instanceof DescribeSecretCommand) {
        return { VersionIdsToStages: versions } as DescribeSecretCommandOutput;
      }
      values.push(String(command.input.SecretString));
      versions[`v${values.length}`] = ["AWSCURRENT"];
      return {};
    },
  } as SecretsClient;
  return { client, values };
}

describe("seedSigningKey", () => {
  it("gives a new secret a random 256-bit value once", async () => {
    const { client, values } = secretStore({});

    expect(await seedSigningKey(client, "imgpipe-dev-transform-signing-key")).toBe("created");
    expect(await seedSigningKey(client, "imgpipe-dev-transform-signing-key")).toBe("kept");

    expect(values).toHaveLength(1);
    expect(Buffer.from(values[0] ?? "", "base64url")).toHaveLength(32);
  });

  it("keeps a value already current, so signed URLs keep working", async () => {
    const { client, values } = secretStore({ a: ["AWSPREVIOUS"], b: ["AWSCURRENT"] });

    expect(await seedSigningKey(client, "imgpipe-prod-transform-signing-key")).toBe("kept");
    expect(values).toEqual([]);
  });

  it("treats a secret whose only version is no longer current as empty", () => {
    expect(hasCurrentValue({ VersionIdsToStages: { a: ["AWSPREVIOUS"] } })).toBe(false);
    expect(hasCurrentValue({})).toBe(false);
  });

  it("names the secret as the stack creates it", () => {
    expect(signingKeySecretName({ project: "imgpipe", environment: "dev" })).toBe(
      "imgpipe-dev-transform-signing-key",
    );
  });
});
