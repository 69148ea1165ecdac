import { table } from "../report.js";
import type { LoadResult, TransformResults } from "./transformBench.js";

/**
 * The target, and how much closer to the original ipx's answers may be (mean
 * PSNR): rendering from a stored variant must not cost anyone a visible difference.
 */
export const TRANSFORM_TARGETS = { overIpx: 1.2, psnrBelowIpxDb: 0.5 };

function find(results: TransformResults, contender: LoadResult["contender"], transform: string) {
  return results.load.find((r) => r.contender === contender && r.transform === transform);
}

/** The transform bench's tables, as the README shows them. */
export function transformMarkdown(results: TransformResults): string {
  const transforms = [...new Set(results.load.map((r) => r.transform))];
  const perRound = Object.entries(results.requestsPerRound)
    .map(([t, n]) => `${n / results.photos}× for ${t}`)
    .join(", ");
  const rows: string[][] = [];
  for (const transform of transforms) {
    const ipx = find(results, "ipx", transform);
    for (const r of results.load.filter((l) => l.transform === transform)) {
      const ratio =
        ipx && r.contender !== "ipx"
          ? `${(r.requestsPerSecond / ipx.requestsPerSecond).toFixed(2)}×`
          : "";
      rows.push([
        transform,
        r.contender,
        r.requestsPerSecond.toFixed(1),
        ratio,
        r.p50Ms.toFixed(0),
        r.p95Ms.toFixed(0),
        Math.round(r.meanBytes).toLocaleString("en"),
        r.meanPsnr.toFixed(2),
        String(r.errors),
        r.cpuMsPerRequest.toFixed(0),
        r.rounds.map((rps) => rps.toFixed(1)).join(", "),
      ]);
    }
  }
  const header = [
    "transform",
    "contender",
    "requests/s",
    "imgpipe is",
    "p50 ms",
    "p95 ms",
    "mean bytes",
    "PSNR dB",
    "errors",
    "CPU ms/request",
    "rounds (requests/s)",
  ];
  const align = header.map((_, i) => (i < 2 || i === header.length - 1 ? "left" : "right"));
  return [
    `Corpus: the same ${results.photos} photos, uploaded and processed once; ${results.connections} requests in flight; a round renders the corpus ${perRound} (${Object.values(results.requestsPerRound).join(", ")} requests), each connection taking the next stretch of photos; best of ${results.load[0]?.rounds.length ?? 0} interleaved rounds, every round's requests/s in the last column.`,
    "",
    table(header, rows, align),
  ].join("\n");
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
      {
        check: `${transform}: PSNR ≥ ipx's − ${TRANSFORM_TARGETS.psnrBelowIpxDb} dB`,
        measured: `${(ours.meanPsnr - ipx.meanPsnr).toFixed(2)} dB`,
        ok: ours.meanPsnr >= ipx.meanPsnr - TRANSFORM_TARGETS.psnrBelowIpxDb,
      },
    );
  }
  return checks;
}
