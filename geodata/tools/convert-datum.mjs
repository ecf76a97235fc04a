#!/usr/bin/env node
// Converts a coordinate read from a Chinese web map to WGS-84, for gazetteer and cross-check records.
//
//   node convert-datum.mjs gcj02 <lon> <lat>    Gaode/Amap, Tencent, most Chinese sites
//   node convert-datum.mjs bd09  <lon> <lat>    Baidu
//   node convert-datum.mjs wgs84 <lon> <lat>    no change (rounding only)
//
// Prints "lon,lat" in WGS-84 with 6 decimals, the form `location` takes in gazetteer/*.json.
// GCJ-02 -> WGS-84 is the iterative inverse in decode-echarts.mjs (one implementation for the
// whole folder). BD-09 -> GCJ-02 inverts Baidu's published forward transform by fixed-point
// iteration, so converting the result forward again gives back the input to < 1e-9 degree.
import { pathToFileURL } from 'node:url';
import { gcj02ToWgs84 } from './decode-echarts.mjs';

const X_PI = (Math.PI * 3000.0) / 180.0;

/** GCJ-02 -> BD-09 (Baidu's forward transform). Returns [lon, lat]. */
export function gcj02ToBd09(lon, lat) {
  const z = Math.sqrt(lon * lon + lat * lat) + 0.00002 * Math.sin(lat * X_PI);
  const theta = Math.atan2(lat, lon) + 0.000003 * Math.cos(lon * X_PI);
  return [z * Math.cos(theta) + 0.0065, z * Math.sin(theta) + 0.006];
}

/** BD-09 -> GCJ-02 (iterative inverse of gcj02ToBd09). Returns [lon, lat]. */
export function bd09ToGcj02(lon, lat) {
  let g = [lon - 0.0065, lat - 0.006];
  for (let i = 0; i < 30; i++) {
    const [fx, fy] = gcj02ToBd09(g[0], g[1]);
    const dx = lon - fx;
    const dy = lat - fy;
    g = [g[0] + dx, g[1] + dy];
    if (Math.abs(dx) < 1e-12 && Math.abs(dy) < 1e-12) break;
  }
  return g;
}

const round6 = (v) => Math.round(v * 1e6) / 1e6;

/** Any supported datum -> WGS-84, rounded to 6 decimals. Returns [lon, lat]. */
export function toWgs84(datum, lon, lat) {
  const d = String(datum).toLowerCase().replace(/[^a-z0-9]/g, '');
  let out;
  if (d === 'wgs84') out = [lon, lat];
  else if (d === 'gcj02') out = gcj02ToWgs84(lon, lat);
  else if (d === 'bd09') out = gcj02ToWgs84(...bd09ToGcj02(lon, lat));
  else throw new Error(`unknown datum "${datum}" (wgs84 | gcj02 | bd09)`);
  return [round6(out[0]), round6(out[1])];
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const [datum, lonText, latText] = process.argv.slice(2);
  const lon = Number(lonText);
  const lat = Number(latText);
  if (!datum || !Number.isFinite(lon) || !Number.isFinite(lat)) {
    console.error('usage: node convert-datum.mjs gcj02|bd09|wgs84 <lon> <lat>');
    process.exit(2);
  }
  console.log(toWgs84(datum, lon, lat).join(','));
}
