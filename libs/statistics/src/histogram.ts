// Read once: global lookups are slow inside vm contexts (Jest, sandboxes), and binIndex runs per value.
const { floor, min } = Math;

/**
 * Edges of `bins` equal-width bins from min to max, computed as numpy.linspace does (min + i · step, the last
 * edge exactly max) so that histograms agree with numpy.histogram bin for bin.
 */
export function equalWidthEdges(min: number, max: number, bins: number): number[] {
  const step = (max - min) / bins;
  const edges: number[] = [];
  for (let i = 0; i < bins; i++) {
    edges.push(i * step + min);
  }
  edges.push(max);
  return edges;
}

/**
 * Index of the bin holding x: bin i is [edges[i], edges[i+1]), the last bin is closed; −1 outside [first, last].
 * When all edges are equal (min = max) every value equal to them falls in the last bin.
 */
export function binIndex(edges: readonly number[], x: number): number {
  const bins = edges.length - 1;
  const first = edges[0]!;
  const last = edges[bins]!;
  if (!(x >= first && x <= last) || bins < 1) {
    return -1;
  }
  if (x === last) {
    return bins - 1;
  }
  // Arithmetic guess, then corrected against the edges themselves so the edges are the only definition.
  let i = min(bins - 1, floor(((x - first) / (last - first)) * bins));
  while (i > 0 && x < edges[i]!) {
    i--;
  }
  while (i < bins - 1 && x >= edges[i + 1]!) {
    i++;
  }
  return i;
}
