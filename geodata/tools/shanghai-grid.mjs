#!/usr/bin/env node
// Converts a point given in the Shanghai city grid (metres east/north of an origin near People's
// Square, as in the public rain-gauge list described in DATUM.md) to WGS-84.
//
//   node shanghai-grid.mjs <east_m> <north_m>      prints "lon,lat" (6 decimals)
//   node shanghai-grid.mjs --check                 prints the fit residuals at the anchors
//
// The grid's parameters are not published. The first round tied it to WGS-84 with a 4-parameter
// similarity fitted to 25 control points (DATUM.md, "Points from the Shanghai city grid") but kept
// only the converted points. This script recovers that same similarity from three gauges it
// converted, taken from gazetteer records, so that more gauges can be converted the same way.
// Least squares over the anchors; --check shows they agree to a few metres (rounding).
import { pathToFileURL } from 'node:url';

// [grid east m, grid north m] -> [lon, lat] WGS-84 as stored in gazetteer/shanghai.json.
export const ANCHORS = [
  { gauge: '商飞总装', record: 'sh-zhuqiao', grid: [36931.3, -14217.3], wgs84: [121.852921, 31.107544] },
  { gauge: '东部工业区', record: 'sh-songjiang-industrial-zone', grid: [-18606.8, -21137.5], wgs84: [121.268628, 31.043434] },
  { gauge: '陈家镇新城', record: 'sh-chongming-smart-island', grid: [34957.2, 31773.2], wgs84: [121.830786, 31.524165] },
];

const LAT0 = 31.2;
const LON0 = 121.47;
const KX = 111320 * Math.cos((LAT0 * Math.PI) / 180); // metres per degree of longitude at LAT0
const KY = 110574; // metres per degree of latitude

const toLocal = ([lon, lat]) => [(lon - LON0) * KX, (lat - LAT0) * KY];
const fromLocal = ([e, n]) => [LON0 + e / KX, LAT0 + n / KY];

/** Fits e = a*x - b*y + c, n = b*x + a*y + d (scale, rotation, shift) by least squares. */
export function fitSimilarity(anchors) {
  const m = anchors.length;
  const mx = anchors.reduce((s, p) => s + p.grid[0], 0) / m;
  const my = anchors.reduce((s, p) => s + p.grid[1], 0) / m;
  const local = anchors.map((p) => toLocal(p.wgs84));
  const me = local.reduce((s, p) => s + p[0], 0) / m;
  const mn = local.reduce((s, p) => s + p[1], 0) / m;
  let sxx = 0, sa = 0, sb = 0;
  anchors.forEach((p, i) => {
    const x = p.grid[0] - mx, y = p.grid[1] - my;
    const e = local[i][0] - me, n = local[i][1] - mn;
    sxx += x * x + y * y;
    sa += x * e + y * n;
    sb += x * n - y * e;
  });
  const a = sa / sxx, b = sb / sxx;
  return { a, b, c: me - (a * mx - b * my), d: mn - (b * mx + a * my) };
}

const round6 = (v) => Math.round(v * 1e6) / 1e6;

/** Shanghai grid [east, north] (m) -> WGS-84 [lon, lat], 6 decimals. */
export function gridToWgs84(east, north, fit = fitSimilarity(ANCHORS)) {
  const e = fit.a * east - fit.b * north + fit.c;
  const n = fit.b * east + fit.a * north + fit.d;
  return fromLocal([e, n]).map(round6);
}

if (import.meta.url === pathToFileURL(process.argv[1]).href) {
  const args = process.argv.slice(2);
  const fit = fitSimilarity(ANCHORS);
  if (args[0] === '--check') {
    const scale = Math.hypot(fit.a, fit.b);
    const rot = (Math.atan2(fit.b, fit.a) * 180) / Math.PI;
    console.log(`scale ${scale.toFixed(5)}, rotation ${rot.toFixed(3)} deg`);
    for (const p of ANCHORS) {
      const got = gridToWgs84(p.grid[0], p.grid[1], fit);
      const [de, dn] = [(got[0] - p.wgs84[0]) * KX, (got[1] - p.wgs84[1]) * KY];
      console.log(`${p.gauge} (${p.record}): residual ${Math.hypot(de, dn).toFixed(1)} m`);
    }
  } else if (args.length === 2 && args.every((v) => Number.isFinite(Number(v)))) {
    console.log(gridToWgs84(Number(args[0]), Number(args[1]), fit).join(','));
  } else {
    console.error('usage: node shanghai-grid.mjs <east_m> <north_m> | --check');
    process.exit(2);
  }
}
