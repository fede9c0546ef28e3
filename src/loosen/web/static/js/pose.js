// The stick figure's pose maths: a line-by-line port of loosen/core/pose.py (domain.md §5).
//
// Same skeleton, forward kinematics, mirroring, shortest-arc tweening, cosine easing and timing
// rules (poseAt), checked against tests/data/pose_vectors.json. Built for the animation loop: a
// pose is { hip: Float64Array(2), a: Float64Array(14) angles in ANGLE_KEYS order, f:
// Float64Array(10) foreshortening in SEGMENT_KEYS order (1 = full length), facing: 1 | -1 }, and
// every function can write into an output object given by the caller, so a frame allocates
// nothing.

export const JOINTS = [
  "head", "neck", "shoulder", "hip",
  "n_elbow", "n_wrist", "n_hand", "n_knee", "n_ankle", "n_toe",
  "f_elbow", "f_wrist", "f_hand", "f_knee", "f_ankle", "f_toe",
];
export const ANGLE_KEYS = [
  "T", "Hd", "nUA", "nFA", "nHN", "fUA", "fFA", "fHN",
  "nTH", "nSK", "nFT", "fTH", "fSK", "fFT",
];
export const SEGMENT_KEYS = ["nUA", "nFA", "nTH", "nSK", "nFT", "fUA", "fFA", "fTH", "fSK", "fFT"];

export const SKELETON = {
  trunk: 0.300,
  shoulder_on_trunk: 0.270,
  neck: 0.100,
  head_radius: 0.065,
  upper_arm: 0.186,
  forearm: 0.146,
  hand: 0.090,
  thigh: 0.245,
  shank: 0.246,
  foot: 0.110,
  entry_seconds: 3.0,
  exit_seconds: 2.0,
  sway_period: 5.0,
  sway_trunk: 1.5,
  sway_head: 1.0,
};

// index of each joint's x in a joints array (y is the next slot)
export const J = Object.fromEntries(JOINTS.map((name, i) => [name, 2 * i]));

const A = Object.fromEntries(ANGLE_KEYS.map((k, i) => [k, i]));
const F = Object.fromEntries(SEGMENT_KEYS.map((k, i) => [k, i]));
const RAD = Math.PI / 180;
const S = SKELETON;

// per side: [UA, FA, HN, TH, SK, FT] angle slots and [UA, FA, TH, SK, FT] factor slots, and the
// joints [elbow, wrist, hand, knee, ankle, toe]
const SIDES = ["n", "f"].map((s) => ({
  a: ["UA", "FA", "HN", "TH", "SK", "FT"].map((k) => A[s + k]),
  f: ["UA", "FA", "TH", "SK", "FT"].map((k) => F[s + k]),
  j: ["elbow", "wrist", "hand", "knee", "ankle", "toe"].map((k) => J[`${s}_${k}`]),
}));

/** An angle in degrees brought into [0, 360) (floored modulo). */
export function wrap(angle) {
  const r = ((angle % 360) + 360) % 360;
  return r >= 360 ? 0 : r;
}

/** The signed difference b - a in degrees, in [-180, 180). */
export function shortestArc(a, b) {
  return wrap(b - a + 180) - 180;
}

/** Cosine ease-in-out on [0, 1]; clamps outside. */
export function ease(u) {
  if (u <= 0) return 0;
  if (u >= 1) return 1;
  return (1 - Math.cos(Math.PI * u)) / 2;
}

export function newPose() {
  return { hip: new Float64Array(2), a: new Float64Array(14), f: new Float64Array(10).fill(1), facing: 1 };
}

export function copyPose(src, out = newPose()) {
  out.hip.set(src.hip);
  out.a.set(src.a);
  out.f.set(src.f);
  out.facing = src.facing;
  return out;
}

/** A pose from /api/pose's JSON form ({hip, angles, f}); hands default to the forearm angle. */
export function poseFromJson(data) {
  const p = newPose();
  p.hip[0] = data.hip[0];
  p.hip[1] = data.hip[1];
  for (const k of ANGLE_KEYS) {
    let v = data.angles[k];
    if (v === undefined && k.endsWith("HN")) v = data.angles[k[0] + "FA"];
    p.a[A[k]] = wrap(v);
  }
  for (const [k, v] of Object.entries(data.f || {})) p.f[F[k]] = v;
  return p;
}

/** Every keyframe of /api/pose's "keyframes" object, by name. */
export function loadKeyframes(data) {
  const out = new Map();
  for (const [name, value] of Object.entries(data)) out.set(name, poseFromJson(value));
  return out;
}

export function newJoints() {
  return new Float64Array(2 * JOINTS.length);
}

/** Forward kinematics: every joint's position in H, as [x0, y0, x1, y1, ...] in JOINTS order. */
export function joints(pose, out = newJoints()) {
  const a = pose.a;
  const f = pose.f;
  const hx = pose.hip[0];
  const hy = pose.hip[1];
  const t = a[A.T] * RAD;
  const ct = Math.cos(t);
  const st = Math.sin(t);
  const nx = hx + S.trunk * ct;
  const ny = hy + S.trunk * st;
  const sx = hx + S.shoulder_on_trunk * ct;
  const sy = hy + S.shoulder_on_trunk * st;
  const hd = a[A.Hd] * RAD;
  out[J.hip] = hx;
  out[J.hip + 1] = hy;
  out[J.neck] = nx;
  out[J.neck + 1] = ny;
  out[J.shoulder] = sx;
  out[J.shoulder + 1] = sy;
  out[J.head] = nx + S.neck * Math.cos(hd);
  out[J.head + 1] = ny + S.neck * Math.sin(hd);
  for (const side of SIDES) {
    const [ua, fa, hn, th, sk, ft] = side.a;
    const [fua, ffa, fth, fsk, fft] = side.f;
    const [je, jw, jh, jk, ja, jt] = side.j;
    let r = a[ua] * RAD;
    let l = S.upper_arm * f[fua];
    const ex = sx + l * Math.cos(r);
    const ey = sy + l * Math.sin(r);
    r = a[fa] * RAD;
    l = S.forearm * f[ffa];
    const wx = ex + l * Math.cos(r);
    const wy = ey + l * Math.sin(r);
    r = a[hn] * RAD;
    out[je] = ex;
    out[je + 1] = ey;
    out[jw] = wx;
    out[jw + 1] = wy;
    out[jh] = wx + S.hand * Math.cos(r);
    out[jh + 1] = wy + S.hand * Math.sin(r);
    r = a[th] * RAD;
    l = S.thigh * f[fth];
    const kx = hx + l * Math.cos(r);
    const ky = hy + l * Math.sin(r);
    r = a[sk] * RAD;
    l = S.shank * f[fsk];
    const ax = kx + l * Math.cos(r);
    const ay = ky + l * Math.sin(r);
    r = a[ft] * RAD;
    l = S.foot * f[fft];
    out[jk] = kx;
    out[jk + 1] = ky;
    out[ja] = ax;
    out[ja + 1] = ay;
    out[jt] = ax + l * Math.cos(r);
    out[jt + 1] = ay + l * Math.sin(r);
  }
  return out;
}

/** The same pose seen from the other side: x -> -x, angle a -> (180 - a) mod 360. */
export function mirror(pose, out = newPose()) {
  out.hip[0] = -pose.hip[0];
  out.hip[1] = pose.hip[1];
  for (let i = 0; i < 14; i++) out.a[i] = wrap(180 - pose.a[i]);
  out.f.set(pose.f);
  out.facing = -pose.facing;
  return out;
}

/** The pose a fraction u of the way from a to b (the caller eases u); faces like a. */
export function tween(a, b, u, out = newPose()) {
  if (u <= 0) return copyPose(a, out);
  if (u >= 1) return copyPose(b, out);
  for (let i = 0; i < 14; i++) out.a[i] = wrap(a.a[i] + shortestArc(a.a[i], b.a[i]) * u);
  for (let i = 0; i < 10; i++) out.f[i] = a.f[i] + (b.f[i] - a.f[i]) * u;
  out.hip[0] = a.hip[0] + (b.hip[0] - a.hip[0]) * u;
  out.hip[1] = a.hip[1] + (b.hip[1] - a.hip[1]) * u;
  out.facing = a.facing;
  return out;
}

/** The direction the face looks, in degrees (for the nose marker). */
export function faceAngle(pose) {
  return wrap(pose.a[A.Hd] - 90 * pose.facing);
}

function sway(pose, s, out) {
  const k = Math.sin((2 * Math.PI * s) / S.sway_period);
  if (out !== pose) copyPose(pose, out);
  out.a[A.T] = wrap(pose.a[A.T] + S.sway_trunk * k);
  out.a[A.Hd] = wrap(pose.a[A.Hd] + S.sway_head * k);
  return out;
}

const scratch = newPose();

/**
 * The pose t seconds into a move step lasting `duration` seconds (see pose_at in pose.py).
 *
 * `anim` is { frames: [pose, ...] (the keyframes, resolved), style: "hold" | "cycle", period }.
 * Writes into `out` and returns it.
 */
export function poseAt(anim, duration, t, { mirrored = false, sway: withSway = true } = {}, out = newPose()) {
  const frames = anim.frames;
  if (anim.style === "cycle") {
    const n = frames.length;
    if (n === 1) {
      copyPose(frames[0], out);
    } else {
      const period = anim.period > 0 ? anim.period : 2 * n;
      const q = (Math.max(0, t) % period) / (period / n);
      const i = Math.min(Math.floor(q), n - 1);
      tween(frames[i], frames[(i + 1) % n], ease(q - i), out);
    }
  } else {
    const start = frames[0];
    const hold = frames[frames.length - 1];
    const d = Math.max(0, duration);
    const tc = Math.min(Math.max(0, t), d);
    const entry = Math.min(S.entry_seconds, d / 3);
    const exit = Math.min(S.exit_seconds, d / 4);
    if (d <= 0) {
      copyPose(start, out);
    } else if (tc < entry) {
      tween(start, hold, ease(tc / entry), out);
    } else if (tc <= d - exit) {
      if (withSway) sway(hold, tc - entry, out);
      else copyPose(hold, out);
    } else {
      const held = withSway ? sway(hold, d - exit - entry, scratch) : hold;
      tween(held, start, ease((tc - (d - exit)) / exit), out);
    }
  }
  return mirrored ? mirror(out, out) : out;
}

/** Joints as an object { name: [x, y] } (for tests and one-off use, not for the frame loop). */
export function jointsObject(pose) {
  const j = joints(pose);
  const out = {};
  JOINTS.forEach((name, i) => { out[name] = [j[2 * i], j[2 * i + 1]]; });
  return out;
}
