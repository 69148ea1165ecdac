import { join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { synthesizeAll } from "./modules/app.js";

// Importing this file (a test, a tool) writes nothing; only running it synthesizes.
if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const projectDir = fileURLToPath(new URL(".", import.meta.url));
  const stacks = await synthesizeAll({
    configDir: join(projectDir, "config"),
    outdir: join(projectDir, "cdktf.out"),
    stateDir: projectDir,
    lockDir: join(projectDir, "locks"),
  });
  console.log(`Synthesized ${stacks.join(", ")} into cdktf.out (JSON) and cdktf.out/hcl (HCL)`);
}
