import type { ReprocessSelector } from "../control/reprocess.js";
import type { LocalCloudClient } from "./localCloudClient.js";

/** `imgpipe reprocess <id|--all>`: sends uploads through the pipeline again. */
export async function reprocessCommand(cloud: LocalCloudClient, selector: ReprocessSelector) {
  const { queued } = await cloud.control<{ queued: string[] }>("/_local/reprocess", {
    method: "POST",
    body: selector,
  });
  if (queued.length === 0) {
    console.log("No upload matches. `imgpipe ls` lists the images.");
    process.exitCode = 1;
    return;
  }
  for (const key of queued) console.log(`queued ${key}`);
  console.log(`\n${queued.length} upload(s) queued; \`imgpipe ls\` shows the results.`);
}
