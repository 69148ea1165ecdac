import type { ColdInit, ColdInitResults } from "./coldInit.js";
import { table } from "./report.js";

/** The aim: each function's cold init within sharp's own import plus this. */
export const COLD_INIT_TARGET = {
  overSharpMs: 100,
  bundles: ["process-image", "transform"],
};

const kib = (bytes: number | undefined) => (bytes ? `${(bytes / 1024).toFixed(0)} KiB` : "—");
const ms = (value: number | undefined) => (value === undefined ? "—" : `${value.toFixed(0)} ms`);

function sharpOf(results: ColdInitResults): ColdInit {
  const sharp = results.bundles.find((b) => b.name === "sharp alone");
  if (!sharp) throw new Error("no measurement of sharp alone");
  return sharp;
}

/** The checks the issue sets for cold starts, each with what was measured. */
export function coldInitVerdicts(
  results: ColdInitResults,
): { check: string; measured: string; ok: boolean }[] {
  const sharp = sharpOf(results);
  return results.bundles
    .filter((b) => COLD_INIT_TARGET.bundles.includes(b.name))
    .map((bundle) => {
      const over = bundle.initMs - sharp.initMs;
      return {
        check: `${bundle.name} cold init ≤ sharp's import + ${COLD_INIT_TARGET.overSharpMs} ms`,
        measured: `${over >= 0 ? "+" : ""}${over.toFixed(0)} ms`,
        ok: over <= COLD_INIT_TARGET.overSharpMs,
      };
    });
}

/** The cold-start tables, as bench/README.md shows them. */
export function coldInitMarkdown(results: ColdInitResults): string {
  const sharp = sharpOf(results);
  return [
    `Machine: ${results.machine}; load average ${results.loadAverage.before.toFixed(1)} → ${results.loadAverage.after.toFixed(1)} during the run.`,
    "Fresh Node processes, subjects interleaved, medians. The first request is an event each handler answers without I/O.",
    "",
    table(
      [
        "subject",
        "init",
        "over sharp",
        "× sharp",
        "init CPU",
        "init JS",
        "first request adds",
        "its JS",
      ],
      results.bundles.map((b) => [
        b.name,
        ms(b.initMs),
        b === sharp ? "—" : `+${(b.initMs - sharp.initMs).toFixed(0)} ms`,
        `${(b.initMs / sharp.initMs).toFixed(2)}×`,
        ms(b.initCpuMs),
        kib(b.initBytes),
        ms(b.firstRequestMs),
        kib(b.firstRequestBytes),
      ]),
    ),
    "",
    `process-image's HEIC decoder chunk, imported by the first HEIC only: ${ms(results.heicDecoder.ms)}, ${kib(results.heicDecoder.bytes)}.`,
    "",
    table(
      ["target", "measured", ""],
      coldInitVerdicts(results).map((v) => [v.check, v.measured, v.ok ? "met" : "missed"]),
      ["left", "right", "left"],
    ),
  ].join("\n");
}
