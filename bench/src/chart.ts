/** One bar of the chart. */
export interface Bar {
  label: string;
  value: number;
  /** Drawn in the accent colour. */
  highlight?: boolean;
}

const WIDTH = 720;
const BAR_HEIGHT = 26;
const GAP = 10;
const LABEL_WIDTH = 190;
const TOP = 48;

/** A horizontal bar chart as a standalone SVG document, sized to its bars. */
export function barChart(title: string, unit: string, bars: Bar[]): string {
  const max = Math.max(...bars.map((b) => b.value), Number.EPSILON);
  const plot = WIDTH - LABEL_WIDTH - 130;
  const height = TOP + bars.length * (BAR_HEIGHT + GAP) + 10;
  const rows = bars.map((bar, i) => {
    const y = TOP + i * (BAR_HEIGHT + GAP);
    const width = Math.max(1, (bar.value / max) * plot);
    const fill = bar.highlight ? "#2f7ed8" : "#9aa7b4";
    return [
      `<text x="${LABEL_WIDTH - 8}" y="${y + 18}" text-anchor="end">${escapeXml(bar.label)}</text>`,
      `<rect x="${LABEL_WIDTH}" y="${y}" width="${width.toFixed(1)}" height="${BAR_HEIGHT}" fill="${fill}" rx="3"/>`,
      `<text x="${(LABEL_WIDTH + width + 6).toFixed(1)}" y="${y + 18}">${bar.value.toFixed(2)} ${escapeXml(unit)}</text>`,
    ].join("");
  });
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${WIDTH}" height="${height}" viewBox="0 0 ${WIDTH} ${height}" font-family="sans-serif" font-size="13" fill="#222" role="img">`,
    `<title>${escapeXml(title)}</title>`,
    `<rect width="100%" height="100%" fill="#fff"/>`,
    `<text x="${WIDTH / 2}" y="26" text-anchor="middle" font-size="15" font-weight="bold">${escapeXml(title)}</text>`,
    ...rows,
    "</svg>",
    "",
  ].join("\n");
}

function escapeXml(text: string): string {
  return text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
}
