/**
 * The code a function's worker thread runs: it imports the function's bundle once (a
 * warm Lambda sandbox) and runs one invocation per message, with a Lambda-shaped context.
 * Kept as plain CommonJS source because workers started with `eval` take a script.
 */
export const WORKER_BOOTSTRAP = `
const { parentPort, workerData } = require("node:worker_threads");
const { pathToFileURL } = require("node:url");
const loading = import(pathToFileURL(workerData.entry).href);
parentPort.on("message", async ({ requestId, event, deadline }) => {
  const context = {
    ...workerData.context,
    awsRequestId: requestId,
    callbackWaitsForEmptyEventLoop: true,
    getRemainingTimeInMillis: () => Math.max(0, deadline - Date.now()),
  };
  try {
    const handler = (await loading)[workerData.handler];
    if (typeof handler !== "function") {
      throw new Error(workerData.entry + " exports no function named " + workerData.handler);
    }
    const result = await handler(event, context);
    parentPort.postMessage({ requestId, ok: true, result });
  } catch (error) {
    parentPort.postMessage({
      requestId,
      ok: false,
      error: { name: error?.name ?? "Error", message: String(error?.message ?? error), stack: error?.stack },
    });
  }
});
`;
