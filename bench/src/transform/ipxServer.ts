// The ipx contender: Nuxt Image's server, as its docs run it on Node, reading sources
// over HTTP from the same local S3 the transform function reads. Prints its port.
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { createIPX, createIPXNodeServer, ipxHttpStorage } from "ipx";

const [sourceHost = ""] = process.argv.slice(2);
const ipx = createIPX({ storage: ipxHttpStorage({ domains: [sourceHost] }) });
const server = createServer(createIPXNodeServer(ipx));
server.listen(0, "127.0.0.1", () => {
  process.stdout.write(`${JSON.stringify({ port: (server.address() as AddressInfo).port })}\n`);
});
process.on("SIGTERM", () => server.close(() => process.exit(0)));
