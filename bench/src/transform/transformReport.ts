import type { LoadResult, TransformResults } from "./transformBench.js";

export const TRANSFORM_TARGETS = { overIpx: 1.2 };

function find(results: TransformResults, contender: LoadResult["contender"], transform: string) {
  return results.load.find((r) => r.contender === contender && r.transform === transform);
}

function row(cells: string[]): string {
  return `| ${cells.join(" | ")} |`;
}

/** The transform bench's tables, as the README shows them. */
export function transformMarkdown(results: TransformResults): string {
  const transforms = [...new Set(results.load.map((r) => r.transform))];
  const lines = [
    `Corpus: the same ${results.photos} photos, uploaded and processed once; ${results.connections} requests in flight; best of the interleaved rounds.`,
    "",
    row([
      "transform",
      "contender",
      "requests/s",
      "imgpipe is",
      "p50 ms",
      "p95 ms",
      "mean bytes",
      "errors",
    ]),
    row(["---", "---", "---:", "---:", "---:", "---:", "---:", "---:"]),
  ];
  for (const transform of transforms) {
    const ipx = find(results, "ipx", transform);
    for (const r of results.load.filter((l) => l.transform === transform)) {
      const ratio =
        ipx && r.contender !== "ipx"
          ? `${(r.requestsPerSecond / ipx.requestsPerSecond).toFixed(2)}×`
          : "";
      lines.push(
        row([
          transform,
          r.contender,
          r.requestsPerSecond.toFixed(1),
          ratio,
          r.p50Ms.toFixed(0),
          r.p95Ms.toFixed(0),
          Math.round(r.meanBytes).toLocaleString("en"),
          String(r.errors),
        ]),
      );
    }
  }
  return lines.join("\n");
}

/** The checks the issue sets for transforms, each with what was measured. */
export function transformVerdicts(
  results: TransformResults,
): { check: string; measured: string; ok: boolean }[] {
  const checks: { check: string; measured: string; ok: boolean }[] = [];
  for (const transform of [...new Set(results.load.map((r) => r.transform))]) {
    const ours = find(results, "imgpipe", transform);
    const ipx = find(results, "ipx", transform);
    if (!ours || !ipx) continue;
    const ratio = ours.requestsPerSecond / ipx.requestsPerSecond;
    checks.push(
      {
        check: `${transform}: throughput ≥ ${TRANSFORM_TARGETS.overIpx}× ipx`,
        measured: `${ratio.toFixed(2)}×`,
        ok: ratio >= TRANSFORM_TARGETS.overIpx,
      },
      {
        check: `${transform}: bytes ≤ ipx's`,
        measured: `${((ours.meanBytes / ipx.meanBytes) * 100).toFixed(1)} %`,
        ok: ours.meanBytes <= ipx.meanBytes,
      },
    );
  }
  return checks;
}
