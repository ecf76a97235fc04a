#!/usr/bin/env node
// Decode the admin-boundary maps shipped in echarts@4.9.0 into valid WGS-84 GeoJSON.
//
//   cd geodata/tools && npm ci && node decode-echarts.mjs
//
// Inputs (from the pinned devDependency echarts@4.9.0, read as data only):
//   node_modules/echarts/map/json/province/shanghai.json   -> ../districts/shanghai.geojson
//   node_modules/echarts/map/json/province/chongqing.json  -> ../districts/chongqing.geojson
//   node_modules/echarts/map/json/china.json               -> ../districts/provinces.geojson
//
// Steps, per position / per feature:
//  1. decode echarts' compact "UTF8Encoding": each ring is a string whose characters,
//     two per vertex, are zig-zag encoded deltas in units of 1/scale degree
//     (scale = UTF8Scale, default 1024), accumulated from the ring's encodeOffsets pair;
//  2. move the decoded value half a quantisation step down: echarts' encoder quantised
//     with ceil(), so q/scale stands for the interval ((q-1)/scale, q/scale];
//  3. GCJ-02 -> WGS-84 (iterative inverse of the GCJ-02 forward transform); the evidence
//     that the files are GCJ-02 is in ../DATUM.md;
//  4. snap to a 1e-6 degree integer grid (= the 6 output decimals);
//  5. make the geometry valid on that grid (the echarts rings are generalised and
//     several of them cross or touch themselves): Clipper non-zero union of the
//     feature's rings, holes subtracted, then rings split where they touch themselves
//     (normalise) so that the result is valid in the OGC / PostGIS sense;
//  6. turn each file into a partition: overlaps between neighbours are removed (each
//     unit loses what an earlier unit, in adcode order, already covers), parts below
//     the source resolution are dropped, and the slivers/pockets that generalisation
//     left open between or inside units go to the neighbour with the most contact;
//  7. write rings closed, without repeated points, exterior counter-clockwise and
//     holes clockwise (RFC 7946), after an exact validity self-check (assertValid).
//
// Dependencies: node >= 18, echarts@4.9.0 (data), clipper-lib@6.4.2 (polygon booleans).

import { readFileSync, writeFileSync, mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import ClipperLib from 'clipper-lib';

const HERE = dirname(fileURLToPath(import.meta.url));
const ECHARTS_DIR = join(HERE, 'node_modules', 'echarts');
const OUT_DIR = join(HERE, '..', 'districts');
const ECHARTS_VERSION_EXPECTED = '4.9.0';
const GRID = 1e6; // output grid: 6 decimals

// ---------------------------------------------------------------------------
// 1. echarts compact-encoding decoder
// ---------------------------------------------------------------------------

/** Undo zig-zag encoding: 0,1,2,3,4 -> 0,-1,1,-2,2 */
export function unzigzag(n) {
  return (n >> 1) ^ -(n & 1);
}

/**
 * Decode one encoded ring exactly as echarts does.
 * @param {string} text     the encoded ring (two UTF-16 code units per vertex)
 * @param {number[]} start  [x0, y0] integer offsets (in 1/scale degree units)
 * @param {number} scale    quantisation (1024 unless the file says otherwise)
 * @returns {number[][]} [[lon, lat], ...] in the file's datum
 */
export function decodeRing(text, start, scale) {
  if (typeof text !== 'string') throw new TypeError('encoded ring must be a string');
  if (text.length % 2 !== 0) throw new Error(`encoded ring has odd length ${text.length}`);
  let qx = start[0];
  let qy = start[1];
  const out = new Array(text.length / 2);
  for (let k = 0, p = 0; k < text.length; k += 2, p++) {
    qx += unzigzag(text.charCodeAt(k) - 64);
    qy += unzigzag(text.charCodeAt(k + 1) - 64);
    out[p] = [qx / scale, qy / scale];
  }
  return out;
}

/** Decode a Polygon / MultiPolygon geometry; encodeOffsets mirrors the coordinate nesting. */
export function decodeGeometry(geometry, scale) {
  const { type, coordinates, encodeOffsets } = geometry;
  if (type === 'Polygon') {
    return { type, coordinates: coordinates.map((ring, i) => decodeRing(ring, encodeOffsets[i], scale)) };
  }
  if (type === 'MultiPolygon') {
    return {
      type,
      coordinates: coordinates.map((poly, i) =>
        poly.map((ring, j) => decodeRing(ring, encodeOffsets[i][j], scale))),
    };
  }
  throw new Error(`unsupported geometry type ${type}`);
}

/**
 * Read an echarts map JSON. Returns { features, scale }: features with geometry decoded
 * exactly as echarts itself decodes it (still GCJ-02, still quantised), and the
 * quantisation scale (null if the file was not encoded).
 */
export function readEchartsMap(file) {
  const json = JSON.parse(readFileSync(file, 'utf8'));
  const scale = json.UTF8Scale ?? 1024;
  const features = json.features
    .filter((f) => f.geometry && f.geometry.coordinates && f.geometry.coordinates.length > 0)
    .map((f) => ({
      id: f.id ?? f.properties?.id ?? null,
      properties: f.properties ?? {},
      geometry: json.UTF8Encoding ? decodeGeometry(f.geometry, scale) : f.geometry,
    }));
  return { features, scale: json.UTF8Encoding ? scale : null };
}

// ---------------------------------------------------------------------------
// 2. GCJ-02 <-> WGS-84
// ---------------------------------------------------------------------------
// Forward transform (WGS-84 -> GCJ-02) as widely published: Krasovsky-1940 ellipsoid
// parameters and two polynomial+sine perturbation functions of (lon-105, lat-35).
// The inverse has no closed form, so we solve  forward(w) = g  for w by fixed-point
// iteration:  w_{k+1} = w_k - (forward(w_k) - g).  The transform is a smooth offset of
// a few hundred metres whose Jacobian is within ~1e-4 of the identity, so each step
// shrinks the error by several orders of magnitude; the loop stops when the residual
// is below 1e-10 degree (~0.01 mm), normally after 3 steps.

const GCJ_A = 6378245.0; // semi-major axis (Krasovsky 1940), metres
const GCJ_EE = 0.00669342162296594323; // first eccentricity squared

/** The published GCJ-02 rectangle outside which no offset is applied. */
export function outsideGcjArea(lon, lat) {
  return lon < 72.004 || lon > 137.8347 || lat < 0.8293 || lat > 55.8271;
}

function perturbLat(x, y) {
  let r = -100.0 + 2.0 * x + 3.0 * y + 0.2 * y * y + 0.1 * x * y + 0.2 * Math.sqrt(Math.abs(x));
  r += ((20.0 * Math.sin(6.0 * x * Math.PI) + 20.0 * Math.sin(2.0 * x * Math.PI)) * 2.0) / 3.0;
  r += ((20.0 * Math.sin(y * Math.PI) + 40.0 * Math.sin((y / 3.0) * Math.PI)) * 2.0) / 3.0;
  r += ((160.0 * Math.sin((y / 12.0) * Math.PI) + 320 * Math.sin((y * Math.PI) / 30.0)) * 2.0) / 3.0;
  return r;
}

function perturbLon(x, y) {
  let r = 300.0 + x + 2.0 * y + 0.1 * x * x + 0.1 * x * y + 0.1 * Math.sqrt(Math.abs(x));
  r += ((20.0 * Math.sin(6.0 * x * Math.PI) + 20.0 * Math.sin(2.0 * x * Math.PI)) * 2.0) / 3.0;
  r += ((20.0 * Math.sin(x * Math.PI) + 40.0 * Math.sin((x / 3.0) * Math.PI)) * 2.0) / 3.0;
  r += ((150.0 * Math.sin((x / 12.0) * Math.PI) + 300.0 * Math.sin((x / 30.0) * Math.PI)) * 2.0) / 3.0;
  return r;
}

/** WGS-84 -> GCJ-02 (forward). Returns [lon, lat]. */
export function wgs84ToGcj02(lon, lat) {
  if (outsideGcjArea(lon, lat)) return [lon, lat];
  const x = lon - 105.0;
  const y = lat - 35.0;
  const radLat = (lat / 180.0) * Math.PI;
  let magic = Math.sin(radLat);
  magic = 1 - GCJ_EE * magic * magic;
  const sqrtMagic = Math.sqrt(magic);
  const dLat = (perturbLat(x, y) * 180.0) / (((GCJ_A * (1 - GCJ_EE)) / (magic * sqrtMagic)) * Math.PI);
  const dLon = (perturbLon(x, y) * 180.0) / ((GCJ_A / sqrtMagic) * Math.cos(radLat) * Math.PI);
  return [lon + dLon, lat + dLat];
}

/** GCJ-02 -> WGS-84 (iterative inverse of wgs84ToGcj02). Returns [lon, lat]. */
export function gcj02ToWgs84(lon, lat) {
  if (outsideGcjArea(lon, lat)) return [lon, lat];
  let wLon = lon;
  let wLat = lat;
  for (let i = 0; i < 30; i++) {
    const [gLon, gLat] = wgs84ToGcj02(wLon, wLat);
    const eLon = gLon - lon;
    const eLat = gLat - lat;
    wLon -= eLon;
    wLat -= eLat;
    if (Math.abs(eLon) < 1e-10 && Math.abs(eLat) < 1e-10) break;
  }
  return [wLon, wLat];
}

/** Position transform for one echarts file: half-step de-bias, then GCJ-02 -> WGS-84. */
export function makeToWgs84(scale) {
  const half = scale ? 0.5 / scale : 0;
  return (x, y) => gcj02ToWgs84(x - half, y - half);
}

// ---------------------------------------------------------------------------
// 3. Geometry on the 1e-6 degree integer grid
// ---------------------------------------------------------------------------
// Internally a geometry is a list of polygons, each a list of rings, each ring a list
// of {X, Y} integer points (not closed), relative to an origin so that every value
// stays inside Clipper's exact 53-bit range.

const { Clipper, ClipType, PolyType, PolyFillType, PolyTree } = ClipperLib;
const CLIPPER_SAFE = 47453132; // ClipperBase.loRange: exact arithmetic without big ints

/** Shoelace signed area of an open ring of {X, Y}; > 0 means counter-clockwise. */
function ringArea2(ring) {
  let s = 0;
  for (let i = 0, n = ring.length, j = n - 1; i < n; j = i++) {
    s += ring[j].X * ring[i].Y - ring[i].X * ring[j].Y;
  }
  return s; // twice the area, in grid units^2
}

/** Area of a geometry (sum over polygons of exterior minus holes), in grid units^2. */
function geometryArea(polys) {
  let a = 0;
  for (const poly of polys) {
    poly.forEach((ring, i) => { a += (i === 0 ? 1 : -1) * Math.abs(ringArea2(ring)) / 2; });
  }
  return a;
}

function withOrientation(ring, ccw) {
  const a = ringArea2(ring);
  return (a > 0) === ccw ? ring : [...ring].reverse();
}

/** Convert a Clipper PolyTree into polygons (outer + direct holes; islands recurse). */
function polyTreeToPolygons(tree) {
  const polys = [];
  const visitOuter = (node) => {
    const rings = [node.Contour()];
    for (const hole of node.Childs()) {
      rings.push(hole.Contour());
      for (const island of hole.Childs()) visitOuter(island);
    }
    polys.push(rings);
  };
  for (const top of tree.Childs()) visitOuter(top);
  return polys;
}

/**
 * Run one Clipper boolean operation (non-zero fill) and return polygons. (Clipper's
 * StrictlySimple option is not used: it is slow and, on this data, sometimes returns
 * polygons sharing an edge; see normalise() instead.)
 */
function clip(clipType, subject, clipPaths) {
  const fill = PolyFillType.pftNonZero;
  const c = new Clipper(0);
  if (subject.length) c.AddPaths(subject, PolyType.ptSubject, true);
  if (clipPaths && clipPaths.length) c.AddPaths(clipPaths, PolyType.ptClip, true);
  const tree = new PolyTree();
  if (!c.Execute(clipType, tree, fill, fill)) throw new Error('Clipper failed');
  return polyTreeToPolygons(tree);
}

/** Flatten polygons into a path list whose non-zero fill is their union. */
function asPaths(polys) {
  const paths = [];
  for (const poly of polys) {
    poly.forEach((ring, i) => paths.push(withOrientation(ring, i === 0)));
  }
  return paths;
}

/**
 * Make one source geometry valid. Every ring of a source polygon is oriented the
 * same way, exteriors are unioned with the non-zero rule (so self-overlapping or
 * figure-of-eight rings keep all their area) and holes are subtracted.
 */
function repairPolygons(polys) {
  let result = [];
  for (const poly of polys) {
    const rings = poly.filter((r) => r.length >= 3 && ringArea2(r) !== 0);
    if (!rings.length || rings[0] !== poly[0]) continue; // exterior collapsed
    const outer = [withOrientation(rings[0], true)];
    const holes = rings.slice(1).map((r) => withOrientation(r, true));
    const part = holes.length
      ? clip(ClipType.ctDifference, outer, holes)
      : clip(ClipType.ctUnion, outer, null);
    result = result.length ? clip(ClipType.ctUnion, asPaths(result), asPaths(part)) : part;
  }
  return result;
}

const union = (a, b) => clip(ClipType.ctUnion, asPaths(a), asPaths(b));
/** Union of many valid geometries in one pass (oriented rings: winding = cover count). */
const unionAll = (list) => clip(ClipType.ctUnion, list.flatMap(asPaths), null);

/**
 * Split a closed ring (open list of points) wherever it passes through the same point
 * twice, returning simple loops. Clipper's ordinary output is only weakly simple (a
 * ring may touch itself at a vertex), which OGC/PostGIS call invalid.
 */
function splitAtRepeats(ring) {
  const loops = [];
  const path = [];
  const where = new Map(); // "x,y" -> index in path
  for (const p of ring) {
    const k = `${p.X},${p.Y}`;
    if (where.has(k)) {
      const i = where.get(k);
      const loop = path.splice(i + 1); // points after the first visit
      for (const q of loop) where.delete(`${q.X},${q.Y}`);
      loop.unshift(path[i]);
      if (loop.length >= 3 && ringArea2(loop) !== 0) loops.push(loop);
    } else {
      where.set(k, path.length);
      path.push(p);
    }
  }
  if (path.length >= 3 && ringArea2(path) !== 0) loops.push(path);
  return loops;
}

/**
 * Insert into every edge the vertices (of any ring of the geometry) that lie in the
 * edge's interior, so that a vertex touching an edge becomes a shared vertex that
 * splitAtRepeats can see. Exact: integer cross products.
 */
function nodeVertexEdgeTouches(rings) {
  const pts = [];
  for (const r of rings) for (const p of r) pts.push(p);
  pts.sort((p, q) => p.X - q.X);
  const firstAtX = (x) => { let lo = 0; let hi = pts.length; while (lo < hi) { const m = (lo + hi) >> 1; if (pts[m].X < x) lo = m + 1; else hi = m; } return lo; };
  return rings.map((ring) => {
    const out = [];
    for (let i = 0; i < ring.length; i++) {
      const a = ring[i]; const b = ring[(i + 1) % ring.length];
      out.push(a);
      const minX = Math.min(a.X, b.X); const maxX = Math.max(a.X, b.X);
      const minY = Math.min(a.Y, b.Y); const maxY = Math.max(a.Y, b.Y);
      const hits = [];
      for (let k = firstAtX(minX); k < pts.length && pts[k].X <= maxX; k++) {
        const p = pts[k];
        if (p.Y < minY || p.Y > maxY) continue;
        if ((p.X === a.X && p.Y === a.Y) || (p.X === b.X && p.Y === b.Y)) continue;
        if ((b.X - a.X) * (p.Y - a.Y) - (b.Y - a.Y) * (p.X - a.X) !== 0) continue;
        hits.push(p);
      }
      const d = (p) => Math.abs(p.X - a.X) + Math.abs(p.Y - a.Y);
      hits.sort((p, q) => d(p) - d(q));
      for (const h of hits) {
        const last = out[out.length - 1];
        if (last.X !== h.X || last.Y !== h.Y) out.push({ X: h.X, Y: h.Y });
      }
    }
    return out;
  });
}

/** Is point (x, y) strictly inside ring? (even-odd ray cast; points on edges excluded by caller) */
function insideRing(x, y, ring) {
  let inside = false;
  for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
    const a = ring[i]; const b = ring[j];
    if ((a.Y > y) !== (b.Y > y) && x < ((b.X - a.X) * (y - a.Y)) / (b.Y - a.Y) + a.X) inside = !inside;
  }
  return inside;
}

/**
 * Final form: a non-zero union, vertex-on-edge touches noded, every ring split at
 * self-touching points, loops classified by orientation (counter-clockwise = shell,
 * clockwise = hole) and each hole put in the smallest shell that contains it.
 */
function normalise(a) {
  const shells = [];
  const holes = [];
  const merged = clip(ClipType.ctUnion, asPaths(a), null);
  const rings = nodeVertexEdgeTouches(merged.flatMap((poly) => poly.map((ring, i) => withOrientation(ring, i === 0))));
  for (const ring of rings) {
    for (const loop of splitAtRepeats(ring)) (ringArea2(loop) > 0 ? shells : holes).push(loop);
  }
  const polys = shells.map((sh) => ({ area: ringArea2(sh), rings: [sh] }));
  for (const h of holes) {
    // the midpoint of a hole edge is inside its shell (rings never share an edge)
    const x = (h[0].X + h[1].X) / 2;
    const y = (h[0].Y + h[1].Y) / 2;
    let best = null;
    for (const p of polys) if (insideRing(x, y, p.rings[0]) && (!best || p.area < best.area)) best = p;
    if (!best) throw new Error('hole outside every shell');
    best.rings.push(h);
  }
  return polys.sort((p, q) => q.area - p.area).map((p) => p.rings);
}

const difference = (a, b) => clip(ClipType.ctDifference, asPaths(a), asPaths(b));
const intersection = (a, b) => clip(ClipType.ctIntersection, asPaths(a), asPaths(b));

/** Source geometry (float lon/lat) -> transformed integer-grid polygons (not yet repaired). */
function toGrid(geometry, fn, origin) {
  const polys = geometry.type === 'Polygon' ? [geometry.coordinates] : geometry.coordinates;
  return polys.map((poly) => poly.map((ring) => {
    const out = [];
    for (const [x, y] of ring) {
      const [lon, lat] = fn(x, y);
      const p = { X: Math.round(lon * GRID) - origin[0], Y: Math.round(lat * GRID) - origin[1] };
      if (Math.abs(p.X) > CLIPPER_SAFE || Math.abs(p.Y) > CLIPPER_SAFE) throw new Error('coordinate outside exact range');
      const last = out[out.length - 1];
      if (!last || last.X !== p.X || last.Y !== p.Y) out.push(p);
    }
    while (out.length > 1 && out[0].X === out[out.length - 1].X && out[0].Y === out[out.length - 1].Y) out.pop();
    return out;
  }));
}

/** Do two closed segments (integer endpoints) share any point? Exact orientation tests. */
function segmentsMeet(a, b, c, d) {
  const orient = (p, q, r) => Math.sign((q.X - p.X) * (r.Y - p.Y) - (q.Y - p.Y) * (r.X - p.X));
  const onSeg = (p, q, r) => Math.min(p.X, q.X) <= r.X && r.X <= Math.max(p.X, q.X)
    && Math.min(p.Y, q.Y) <= r.Y && r.Y <= Math.max(p.Y, q.Y);
  const o1 = orient(a, b, c); const o2 = orient(a, b, d);
  const o3 = orient(c, d, a); const o4 = orient(c, d, b);
  if (o1 !== o2 && o3 !== o4 && o1 * o2 <= 0 && o3 * o4 <= 0) return true;
  if (o1 === 0 && onSeg(a, b, c)) return true;
  if (o2 === 0 && onSeg(a, b, d)) return true;
  if (o3 === 0 && onSeg(c, d, a)) return true;
  if (o4 === 0 && onSeg(c, d, b)) return true;
  return false;
}

/** Do the 4 directions from a shared vertex interleave (i.e. do the two rings cross there)? */
function crossesAt(v, a1, b1, a2, b2) {
  const ang = (p) => Math.atan2(p.Y - v.Y, p.X - v.X);
  const s1 = [ang(a1), ang(b1)].sort((x, y) => x - y);
  const inside = (t) => t > s1[0] && t < s1[1];
  const t2 = [ang(a2), ang(b2)];
  if (t2.some((t) => t === s1[0] || t === s1[1])) return true; // shared edge direction
  return inside(t2[0]) !== inside(t2[1]);
}

/**
 * Self-check of the final geometry, OGC-style: every ring has >= 3 distinct vertices
 * and non-zero area; no edge crosses or overlaps another; edges of one ring meet only
 * their neighbours at the shared vertex; different rings may touch only at a common
 * vertex without crossing there (OGC allows a hole to touch its shell at a point).
 * Throws with a location on failure. Returns the number of ring-to-ring touch points.
 */
function assertValid(name, polys) {
  const segs = [];
  polys.forEach((poly, pi) => poly.forEach((ring, ri) => {
    if (ring.length < 3 || ringArea2(ring) === 0) throw new Error(`${name}: degenerate ring`);
    for (let i = 0; i < ring.length; i++) {
      const a = ring[i]; const b = ring[(i + 1) % ring.length];
      if (a.X === b.X && a.Y === b.Y) throw new Error(`${name}: repeated point`);
      segs.push({ a, b, key: `${pi}/${ri}`, i, n: ring.length, ring,
        minX: Math.min(a.X, b.X), maxX: Math.max(a.X, b.X), minY: Math.min(a.Y, b.Y), maxY: Math.max(a.Y, b.Y) });
    }
  }));
  const same = (p, q) => p.X === q.X && p.Y === q.Y;
  const touches = new Map();
  segs.sort((s, t) => s.minX - t.minX);
  for (let i = 0; i < segs.length; i++) {
    const s = segs[i];
    for (let j = i + 1; j < segs.length && segs[j].minX <= s.maxX; j++) {
      const t = segs[j];
      if (t.minY > s.maxY || t.maxY < s.minY) continue;
      const sameRing = s.key === t.key;
      if (sameRing && ((s.i + 1) % s.n === t.i || (t.i + 1) % t.n === s.i)) {
        // consecutive edges: reject a collinear fold-back (spike)
        const [p, q, r] = (s.i + 1) % s.n === t.i ? [s.a, s.b, t.b] : [t.a, t.b, s.b];
        const cross = (q.X - p.X) * (r.Y - q.Y) - (q.Y - p.Y) * (r.X - q.X);
        const dot = (q.X - p.X) * (r.X - q.X) + (q.Y - p.Y) * (r.Y - q.Y);
        if (cross === 0 && dot < 0) throw new Error(`${name}: spike at ${q.X},${q.Y}`);
        continue;
      }
      if (!segmentsMeet(s.a, s.b, t.a, t.b)) continue;
      const shared = [s.a, s.b].find((p) => same(p, t.a) || same(p, t.b));
      let overlapping = false;
      if (shared) {
        // collinear segments sharing an endpoint overlap if both run the same way from it
        const so = same(shared, s.a) ? s.b : s.a;
        const to = same(shared, t.a) ? t.b : t.a;
        const cross = (so.X - shared.X) * (to.Y - shared.Y) - (so.Y - shared.Y) * (to.X - shared.X);
        const dot = (so.X - shared.X) * (to.X - shared.X) + (so.Y - shared.Y) * (to.Y - shared.Y);
        overlapping = cross === 0 && dot > 0;
      }
      if (sameRing || !shared || overlapping) {
        throw new Error(`${name}: edges meet near grid ${s.a.X},${s.a.Y} (${s.key} / ${t.key}) ${JSON.stringify([s.a, s.b, t.a, t.b])}`);
      }
      touches.set(`${shared.X},${shared.Y}`, shared);
    }
  }
  // at every touch point, the rings must not cross
  for (const v of touches.values()) {
    const visits = [];
    for (const poly of polys) for (const ring of poly) {
      ring.forEach((p, k) => {
        if (same(p, v)) visits.push([ring, ring[(k + ring.length - 1) % ring.length], ring[(k + 1) % ring.length]]);
      });
    }
    for (let i = 0; i < visits.length; i++) {
      for (let j = i + 1; j < visits.length; j++) {
        if (visits[i][0] === visits[j][0]) throw new Error(`${name}: ring passes twice through ${v.X},${v.Y}`);
        if (crossesAt(v, visits[i][1], visits[i][2], visits[j][1], visits[j][2])) {
          throw new Error(`${name}: rings cross at ${v.X},${v.Y}`);
        }
      }
    }
  }
  return touches.size;
}

function isValid(name, polys) {
  try { assertValid(name, polys); return true; } catch { return false; }
}

/** Integer-grid polygons -> GeoJSON geometry with closed, RFC 7946-oriented rings. */
function toGeoJSON(polys, origin) {
  const coords = polys.map((poly) => poly.map((ring, i) => {
    const r = withOrientation(ring, i === 0).map((p) => [(p.X + origin[0]) / GRID, (p.Y + origin[1]) / GRID]);
    r.push([r[0][0], r[0][1]]);
    return r;
  }));
  return coords.length === 1
    ? { type: 'Polygon', coordinates: coords[0] }
    : { type: 'MultiPolygon', coordinates: coords };
}

/** Approximate square metres of a grid area at a latitude (for reporting only). */
function gridAreaToM2(a, latDeg) {
  const m = 111320 / GRID;
  return a * m * m * Math.cos((latDeg * Math.PI) / 180);
}

// ---------------------------------------------------------------------------
// 4. Names, codes, former names
// ---------------------------------------------------------------------------
// id: GB/T 2260 six-digit administrative division code (Ministry of Civil Affairs,
//     民政部 行政区划代码), taken from the echarts feature id where echarts has one that
//     is still current; the table below holds the current code for every unit and wins
//     where echarts differs (echarts 4.9.0 has no id for 崇明区 and still carries the
//     county codes 500228 / 500232 for 梁平 / 武隆, which became 500155 / 500156 in 2016).
// aliases: former names of units that were renamed or merged into today's unit
//     (short forms without the suffix are left to the place-name matcher).

const SHANGHAI = {
  '黄浦区': { id: '310101', en: 'Huangpu District', aliases: ['卢湾区', '南市区'] },
  '徐汇区': { id: '310104', en: 'Xuhui District', aliases: [] },
  '长宁区': { id: '310105', en: 'Changning District', aliases: [] },
  '静安区': { id: '310106', en: "Jing'an District", aliases: ['闸北区'] },
  '普陀区': { id: '310107', en: 'Putuo District', aliases: [] },
  '虹口区': { id: '310109', en: 'Hongkou District', aliases: [] },
  '杨浦区': { id: '310110', en: 'Yangpu District', aliases: [] },
  '闵行区': { id: '310112', en: 'Minhang District', aliases: ['上海县'] },
  '宝山区': { id: '310113', en: 'Baoshan District', aliases: ['宝山县', '吴淞区'] },
  '嘉定区': { id: '310114', en: 'Jiading District', aliases: ['嘉定县'] },
  '浦东新区': { id: '310115', en: 'Pudong New Area', aliases: ['南汇区', '南汇县', '川沙县'] },
  '金山区': { id: '310116', en: 'Jinshan District', aliases: ['金山县'] },
  '松江区': { id: '310117', en: 'Songjiang District', aliases: ['松江县'] },
  '青浦区': { id: '310118', en: 'Qingpu District', aliases: ['青浦县'] },
  '奉贤区': { id: '310120', en: 'Fengxian District', aliases: ['奉贤县'] },
  '崇明区': { id: '310151', en: 'Chongming District', aliases: ['崇明县'] },
};

const CHONGQING = {
  '万州区': { id: '500101', en: 'Wanzhou District', aliases: ['万县市', '万县'] },
  '涪陵区': { id: '500102', en: 'Fuling District', aliases: ['涪陵市'] },
  '渝中区': { id: '500103', en: 'Yuzhong District', aliases: ['市中区'] },
  '大渡口区': { id: '500104', en: 'Dadukou District', aliases: [] },
  '江北区': { id: '500105', en: 'Jiangbei District', aliases: [] },
  '沙坪坝区': { id: '500106', en: 'Shapingba District', aliases: [] },
  '九龙坡区': { id: '500107', en: 'Jiulongpo District', aliases: [] },
  '南岸区': { id: '500108', en: "Nan'an District", aliases: [] },
  '北碚区': { id: '500109', en: 'Beibei District', aliases: [] },
  '綦江区': { id: '500110', en: 'Qijiang District', aliases: ['綦江县', '万盛区'] },
  '大足区': { id: '500111', en: 'Dazu District', aliases: ['大足县', '双桥区'] },
  '渝北区': { id: '500112', en: 'Yubei District', aliases: [] },
  '巴南区': { id: '500113', en: 'Banan District', aliases: ['巴县'] },
  '黔江区': { id: '500114', en: 'Qianjiang District', aliases: ['黔江土家族苗族自治县'] },
  '长寿区': { id: '500115', en: 'Changshou District', aliases: ['长寿县'] },
  '江津区': { id: '500116', en: 'Jiangjin District', aliases: ['江津市'] },
  '合川区': { id: '500117', en: 'Hechuan District', aliases: ['合川市'] },
  '永川区': { id: '500118', en: 'Yongchuan District', aliases: ['永川市'] },
  '南川区': { id: '500119', en: 'Nanchuan District', aliases: ['南川市'] },
  '璧山区': { id: '500120', en: 'Bishan District', aliases: ['璧山县'] },
  '铜梁区': { id: '500151', en: 'Tongliang District', aliases: ['铜梁县'] },
  '潼南区': { id: '500152', en: 'Tongnan District', aliases: ['潼南县'] },
  '荣昌区': { id: '500153', en: 'Rongchang District', aliases: ['荣昌县'] },
  '开州区': { id: '500154', en: 'Kaizhou District', aliases: ['开县'] },
  '梁平区': { id: '500155', en: 'Liangping District', aliases: ['梁平县'] },
  '武隆区': { id: '500156', en: 'Wulong District', aliases: ['武隆县'] },
  '城口县': { id: '500229', en: 'Chengkou County', aliases: [] },
  '丰都县': { id: '500230', en: 'Fengdu County', aliases: [] },
  '垫江县': { id: '500231', en: 'Dianjiang County', aliases: [] },
  '忠县': { id: '500233', en: 'Zhong County', aliases: [] },
  '云阳县': { id: '500235', en: 'Yunyang County', aliases: [] },
  '奉节县': { id: '500236', en: 'Fengjie County', aliases: [] },
  '巫山县': { id: '500237', en: 'Wushan County', aliases: [] },
  '巫溪县': { id: '500238', en: 'Wuxi County', aliases: [] },
  '石柱土家族自治县': { id: '500240', en: 'Shizhu Tujia Autonomous County', aliases: ['石柱县'] },
  '秀山土家族苗族自治县': { id: '500241', en: 'Xiushan Tujia and Miao Autonomous County', aliases: ['秀山县'] },
  '酉阳土家族苗族自治县': { id: '500242', en: 'Youyang Tujia and Miao Autonomous County', aliases: ['酉阳县'] },
  '彭水苗族土家族自治县': { id: '500243', en: 'Pengshui Miao and Tujia Autonomous County', aliases: ['彭水县'] },
};

const PROVINCES = [
  '北京', '天津', '河北', '山西', '内蒙古', '辽宁', '吉林', '黑龙江', '上海', '江苏', '浙江', '安徽',
  '福建', '江西', '山东', '河南', '湖北', '湖南', '广东', '广西', '海南', '重庆', '四川', '贵州',
  '云南', '西藏', '陕西', '甘肃', '青海', '宁夏', '新疆', '台湾', '香港', '澳门',
];

/**
 * Units that echarts (this or another release) may carry under an old name, mapped to
 * today's unit. Several source features mapping to one unit are merged by polygon union.
 */
const FORMER_UNITS = {
  '闸北区': '静安区', '南汇区': '浦东新区', '卢湾区': '黄浦区', '崇明县': '崇明区',
  '开县': '开州区', '梁平县': '梁平区', '武隆县': '武隆区', '璧山县': '璧山区', '铜梁县': '铜梁区',
  '潼南县': '潼南区', '荣昌县': '荣昌区', '大足县': '大足区', '双桥区': '大足区',
  '綦江县': '綦江区', '万盛区': '綦江区',
};

// ---------------------------------------------------------------------------
// 5. Build the feature collections
// ---------------------------------------------------------------------------

function sourceNote(file, extra) {
  const base = `echarts@${ECHARTS_VERSION_EXPECTED} map/json/${file} (Apache-2.0); decoded, GCJ-02 converted to WGS-84, made valid; generalised boundary`;
  return extra ? `${base}; ${extra}` : base;
}

/**
 * Load a file, group its features by today's unit, repair and (for merged units) union.
 * Returns { units: [{ name, srcNames, srcIds, polys }] in grid coordinates, scale }.
 */
function loadUnits(file, origin, rename) {
  const { features, scale } = readEchartsMap(join(ECHARTS_DIR, 'map', 'json', file));
  const toWgs84 = makeToWgs84(scale);
  const units = new Map();
  for (const f of features) {
    const srcName = f.properties.name;
    const name = rename(srcName);
    const polys = repairPolygons(toGrid(f.geometry, toWgs84, origin));
    if (!units.has(name)) units.set(name, { name, srcNames: [], srcIds: [], polys: [] });
    const u = units.get(name);
    u.srcNames.push(srcName);
    u.srcIds.push(f.id);
    u.polys = u.polys.length ? union(u.polys, polys) : polys;
  }
  return { units: [...units.values()], scale };
}

/** Grow polygons by `delta` grid units (mitred corners). */
function grow(polys, delta) {
  const co = new ClipperLib.ClipperOffset(2, 0.25);
  co.AddPaths(asPaths(polys), ClipperLib.JoinType.jtMiter, ClipperLib.EndType.etClosedPolygon);
  const out = [];
  co.Execute(out, delta);
  return out.map((r) => [r]);
}

function bbox(polys) {
  const b = [Infinity, Infinity, -Infinity, -Infinity];
  for (const poly of polys) for (const p of poly[0]) {
    if (p.X < b[0]) b[0] = p.X; if (p.Y < b[1]) b[1] = p.Y;
    if (p.X > b[2]) b[2] = p.X; if (p.Y > b[3]) b[3] = p.Y;
  }
  return b;
}
const bboxesMeet = (a, b, pad) => a[0] - pad <= b[2] && b[0] - pad <= a[2] && a[1] - pad <= b[3] && b[1] - pad <= a[3];

/**
 * Turn the repaired units of one file into a partition, in place:
 *  a. overlaps are removed: each unit, in the given order, gives up what earlier
 *     units already cover;
 *  b. parts smaller than `minArea` (below the source resolution) are dropped;
 *  c. gaps are closed: every hole in the union of all units (a sliver between
 *     neighbours that the independent generalisation of their outlines left open,
 *     or a pocket inside one unit) up to `maxGap` goes to the unit it shares the most
 *     boundary with (measured as overlap with the gap grown by `probe`).
 * The outer outline of the file is left as it is. Returns notes describing changes.
 */
function partition(units, { minArea, maxGap, probe, lat }) {
  const notes = [];
  const m2 = (a) => Math.round(gridAreaToM2(a, lat));
  let covered = [];
  for (const u of units) {
    const own = u.polys;
    if (covered.length) {
      const overlap = geometryArea(intersection(own, covered));
      if (overlap > 0) {
        u.polys = difference(own, covered);
        notes.push(`${u.name}: gave up ${m2(overlap)} m2 overlapping earlier units`);
      }
    }
    covered = covered.length ? union(covered, own) : own;
  }
  for (const u of units) {
    u.polys = normalise(u.polys);
    const kept = u.polys.filter((poly) => geometryArea([poly]) >= minArea);
    if (kept.length !== u.polys.length) {
      notes.push(`${u.name}: dropped ${u.polys.length - kept.length} sliver part(s), ${m2(geometryArea(u.polys) - geometryArea(kept))} m2`);
      u.polys = kept;
    }
  }
  // normalise: Clipper may leave a hole that touches the outline inside the outer ring
  const all = normalise(unionAll(units.map((u) => u.polys)));
  const gapRings = all.flatMap((poly) => poly.slice(1));
  const filled = new Map();
  let skipped = 0;
  // a hole of the union may hold an island (e.g. an exclave), so it can leave several pieces
  const gapPieces = gapRings.flatMap((ring) => {
    const rest = difference([[ring]], all);
    try {
      return normalise(rest);
    } catch {
      return rest; // Clipper gives up on some hair-thin shapes; use the pieces as they are
    }
  });
  for (const piece of gapPieces) {
    const gap = [piece];
    const area = geometryArea(gap);
    if (area <= 0) continue;
    if (area > maxGap) { skipped++; notes.push(`gap of ${m2(area)} m2 left open (larger than the limit)`); continue; }
    const probeArea = grow(gap, probe);
    const gb = bbox(gap);
    const candidates = [];
    for (const u of units) {
      if (!bboxesMeet(gb, bbox(u.polys), probe)) continue;
      const contact = geometryArea(intersection(probeArea, u.polys));
      if (contact > 0) candidates.push({ u, contact });
    }
    candidates.sort((a, b) => b.contact - a.contact);
    // Clipper rounds new intersection points to the grid; on a hair-thin gap that can
    // leave the merged result a fraction of a grid unit from valid. Such a merge is
    // not taken (next neighbour tried, else the gap stays open).
    let taken = null;
    for (const { u } of candidates) {
      const merged = normalise(union(u.polys, gap));
      if (isValid(u.name, merged)) { u.polys = merged; taken = u; break; }
    }
    if (!taken) { skipped++; continue; }
    const f = filled.get(taken) ?? { n: 0, area: 0 };
    filled.set(taken, { n: f.n + 1, area: f.area + area });
  }
  if (skipped) notes.push(`${skipped} gap(s) left open (too large, or no valid merge)`);
  for (const [u, f] of filled) notes.push(`${u.name}: took ${f.n} gap(s) between/inside units, ${m2(f.area)} m2`);
  for (const u of units) {
    u.polys = normalise(u.polys);
    if (!u.polys.length) throw new Error(`${u.name}: no area left`);
  }
  return notes;
}

/** Smallest part kept: 1.5 source quantisation cells ((1/scale degree)^2) on the output grid. */
const minPartArea = (scale) => 1.5 * (GRID / scale) ** 2;

function buildDistricts(region, file, table, origin) {
  const { units, scale } = loadUnits(file, origin, (n) => FORMER_UNITS[n] ?? n);
  for (const u of units) if (!table[u.name]) throw new Error(`${file}: unknown unit ${u.name}`);
  const missing = Object.keys(table).filter((n) => !units.some((u) => u.name === n));
  if (missing.length) throw new Error(`${file}: missing units ${missing.join(', ')}`);
  units.sort((a, b) => table[a.name].id.localeCompare(table[b.name].id));
  const q = GRID / scale; // one source quantisation step on the output grid
  const notes = partition(units, { minArea: minPartArea(scale), maxGap: 2 * 1024 * q * q, probe: q / 4, lat: origin[1] / GRID });

  const features = [];
  for (const u of units) {
    const meta = table[u.name];
    const touch = assertValid(u.name, u.polys);
    if (touch) notes.push(`${u.name}: ${touch} point(s) where rings touch (valid)`);
    const extra = [];
    const renamed = u.srcNames.filter((n) => n !== u.name);
    if (renamed.length) extra.push(`echarts name ${u.srcNames.join(' + ')}`);
    if (u.srcNames.length > 1) notes.push(`merged ${u.srcNames.join(' + ')} -> ${u.name}`);
    else if (renamed.length) notes.push(`renamed ${u.srcNames[0]} -> ${u.name}`);
    const ids = u.srcIds.filter(Boolean).map(String);
    if (!ids.length) notes.push(`${u.name}: no echarts id, code ${meta.id} from table`);
    else if (ids.some((i) => i !== meta.id)) {
      notes.push(`${u.name}: echarts id ${ids.join('+')} replaced by current code ${meta.id}`);
      extra.push(`echarts id ${ids.join('+')}`);
    }
    features.push({
      type: 'Feature',
      properties: {
        id: meta.id,
        name_zh: u.name,
        name_en: meta.en,
        region,
        aliases: meta.aliases,
        source: sourceNote(file, extra.join('; ')),
      },
      geometry: toGeoJSON(u.polys, origin),
    });
  }
  return { features, notes };
}

function buildProvinces(origin) {
  const { units, scale } = loadUnits('china.json', origin, (n) => n);
  for (const u of units) if (!PROVINCES.includes(u.name)) throw new Error(`china.json: unknown ${u.name}`);
  for (const name of PROVINCES) if (!units.some((u) => u.name === name)) throw new Error(`china.json: missing ${name}`);
  // overlaps are resolved in adcode order, as for the districts
  units.sort((a, b) => String(a.srcIds[0]).localeCompare(String(b.srcIds[0])));
  const q = GRID / scale;
  const notes = partition(units, { minArea: minPartArea(scale), maxGap: 20 * 1024 * q * q, probe: q / 4, lat: 30 });
  const features = [];
  for (const name of PROVINCES) {
    const u = units.find((x) => x.name === name);
    const touch = assertValid(name, u.polys);
    if (touch) notes.push(`${name}: ${touch} point(s) where rings touch (valid)`);
    features.push({ type: 'Feature', properties: { name }, geometry: toGeoJSON(u.polys, origin) });
  }
  return { features, notes };
}

/** Compact but diff-friendly GeoJSON: one feature per line. */
function serialise(features) {
  const lines = features.map((f) => JSON.stringify(f));
  return `{"type":"FeatureCollection","features":[\n${lines.join(',\n')}\n]}\n`;
}

function main() {
  const pkg = JSON.parse(readFileSync(join(ECHARTS_DIR, 'package.json'), 'utf8'));
  if (pkg.version !== ECHARTS_VERSION_EXPECTED) {
    throw new Error(`expected echarts ${ECHARTS_VERSION_EXPECTED}, found ${pkg.version}; run npm ci`);
  }
  mkdirSync(OUT_DIR, { recursive: true });
  // grid origins keep every integer coordinate within Clipper's exact range
  const jobs = [
    ['shanghai.geojson', () => buildDistricts('shanghai', 'province/shanghai.json', SHANGHAI, [121e6, 31e6]), 16],
    ['chongqing.geojson', () => buildDistricts('chongqing', 'province/chongqing.json', CHONGQING, [107e6, 30e6]), 38],
    ['provinces.geojson', () => buildProvinces([105e6, 35e6]), 34],
  ];
  for (const [out, build, expected] of jobs) {
    const { features, notes } = build();
    if (features.length !== expected) throw new Error(`${out}: ${features.length} features, expected ${expected}`);
    writeFileSync(join(OUT_DIR, out), serialise(features));
    console.log(`wrote districts/${out}: ${features.length} features`);
    for (const n of notes) console.log(`  note: ${n}`);
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  main();
}
