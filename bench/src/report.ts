import type { Measurement } from "./worker.js";

export interface Results {
  /** The default variant set over the corpus, per contender. */
  throughput: Measurement[];
  /** The engine and the baseline on the 50-megapixel JPEG. */
  peak: Measurement[];
  /** The engine writing avif only, at each effort. */
  avif: { effort: number; measurement: Measurement }[];
  /** The engine on the same phone-sized photos as JPEG and as HEIC (least CPU of the rounds). */
  heic?: { jpeg: Measurement; heic: Measurement };
  corpus: { photos: number; megapixels: number; bytes: number };
  machine: string;
  /** Photos rendered at once by each contender. */
  inFlight: number;
}

export const TARGETS = { overNaive: 1.3, overVipsthumbnail: 2.5, peakRssMb: 512 };

export const imagesPerSecond = (m: Measurement) => m.images / m.wallSeconds;
export const cpuPerImage = (m: Measurement) => m.cpuSeconds / m.images;

const LABELS: Record<string, string> = {
  engine: "imgpipe engine",
  naive: "naive sharp",
  vipsthumbnail: "vipsthumbnail",
  clone: "sharp clone()",
  "fan-out": "shrink-on-load fan-out",
  cascade: "plain cascade",
};

export function label(contender: string): string {
  return LABELS[contender] ?? contender;
}

export function find(results: Results, contender: string): Measurement {
  const found = results.throughput.find((m) => m.contender === contender);
  if (!found) throw new Error(`no measurement for ${contender}`);
  return found;
}

/** The checks the issue sets, each with what was measured. */
export function verdicts(results: Results): { check: string; measured: string; ok: boolean }[] {
  const engine = find(results, "engine");
  const naive = find(results, "naive");
  const vips = find(results, "vipsthumbnail");
  const peak = results.peak.find((m) => m.contender === "engine");
  const overNaive = imagesPerSecond(engine) / imagesPerSecond(naive);
  const overVips = imagesPerSecond(engine) / imagesPerSecond(vips);
  return [
    {
      check: `throughput ≥ ${TARGETS.overNaive}× naive sharp`,
      measured: `${overNaive.toFixed(2)}×`,
      ok: overNaive >= TARGETS.overNaive,
    },
    {
      check: `throughput ≥ ${TARGETS.overVipsthumbnail}× vipsthumbnail`,
      measured: `${overVips.toFixed(2)}×`,
      ok: overVips >= TARGETS.overVipsthumbnail,
    },
    {
      check: "output bytes ≤ naive sharp's at the same quality",
      measured: `${((engine.bytes / naive.bytes) * 100).toFixed(1)} %`,
      ok: engine.bytes <= naive.bytes,
    },
    {
      check: `peak RSS < ${TARGETS.peakRssMb} MB on a 50 MP JPEG`,
      measured: peak ? `${peak.maxRssMb.toFixed(0)} MB` : "not measured",
      ok: peak !== undefined && peak.maxRssMb < TARGETS.peakRssMb,
    },
  ];
}

/** The results as Markdown: the tables bench/README.md shows. */
export function markdown(results: Results): string {
  const engine = find(results, "engine");
  const kib = (bytes: number) => `${(bytes / 1024).toFixed(0)} KiB`;
  const { corpus } = results;
  return [
    `Corpus: ${corpus.photos} JPEGs, ${corpus.megapixels.toFixed(0)} megapixels, ${(corpus.bytes / 1024 / 1024).toFixed(1)} MiB in all.`,
    `Machine: ${results.machine}.`,
    `Each contender rendered ${results.inFlight} photos at a time; fastest of its interleaved rounds.`,
    "",
    table(
      ["contender", "images/s", "engine is", "CPU s/image", "output bytes"],
      results.throughput.map((m) => [
        label(m.contender),
        imagesPerSecond(m).toFixed(2),
        `${(imagesPerSecond(engine) / imagesPerSecond(m)).toFixed(2)}×`,
        cpuPerImage(m).toFixed(3),
        kib(m.bytes),
      ]),
    ),
    "",
    table(
      ["target", "measured", ""],
      verdicts(results).map((v) => [v.check, v.measured, v.ok ? "met" : "missed"]),
      ["left", "right", "left"],
    ),
    "",
    "Peak resident memory, one 8660×5774 (50 MP) JPEG in a fresh process:",
    "",
    table(
      ["contender", "peak RSS", "time"],
      results.peak.map((m) => [
        label(m.contender),
        `${m.maxRssMb.toFixed(0)} MB`,
        `${m.wallSeconds.toFixed(2)} s`,
      ]),
    ),
    "",
    "AVIF only (thumb, medium, large), by encoder effort, quality 50:",
    "",
    table(
      ["effort", "CPU s/image", "output bytes"],
      results.avif.map(({ effort, measurement: m }) => [
        String(effort),
        cpuPerImage(m).toFixed(3),
        kib(m.bytes),
      ]),
      ["right", "right", "right"],
    ),
    ...heicMarkdown(results),
  ].join("\n");
}

/** The HEIC decoder's cost per photo, when measured (its cold-start cost is in the cold init tables). */
function heicMarkdown({ heic }: Results): string[] {
  if (!heic) return [];
  const { jpeg, heic: decoded } = heic;
  return [
    "",
    `HEIC input: the same ${jpeg.images} phone-sized photos as JPEG and as HEIC (heif-enc, quality 60), default variants, least CPU of the rounds:`,
    "",
    table(
      ["input", "CPU s/image", "images/s", "CPU vs JPEG"],
      (
        [
          ["JPEG", jpeg],
          ["HEIC", decoded],
        ] as const
      ).map(([name, m]) => [
        name,
        cpuPerImage(m).toFixed(3),
        imagesPerSecond(m).toFixed(2),
        `${(cpuPerImage(m) / cpuPerImage(jpeg)).toFixed(2)}×`,
      ]),
    ),
  ];
}

/**
 * A Markdown table with padded columns, as the repository's formatter writes them. By
 * default the first column is left-aligned and the others, numbers, right-aligned.
 */
export function table(
  header: string[],
  rows: string[][],
  align: ("left" | "right")[] = header.map((_, i) => (i === 0 ? "left" : "right")),
): string {
  const widths = header.map((h, i) =>
    Math.max(3, h.length, ...rows.map((r) => (r[i] ?? "").length)),
  );
  const line = (cells: string[]) =>
    `| ${cells
      .map((cell, i) =>
        align[i] === "right" ? cell.padStart(widths[i] ?? 0) : cell.padEnd(widths[i] ?? 0),
      )
      .join(" | ")} |`;
  const rule = widths.map((w, i) =>
    align[i] === "right" ? `${"-".repeat(w - 1)}:` : "-".repeat(w),
  );
  return [line(header), `| ${rule.join(" | ")} |`, ...rows.map(line)].join("\n");
}
