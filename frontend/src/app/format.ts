/** `4032 × 3024` */
export function formatDimensions(width: number, height: number): string {
  return `${width} × ${height}`;
}
