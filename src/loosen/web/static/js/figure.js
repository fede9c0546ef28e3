// The stick figure as SVG, from the same pose data and maths as the terminal (pose.js).
//
//   stillFigure(keyframeName, { mirrored, size, label, props }) -> Promise<SVGSVGElement>
//   new Figure({ label, size }) -> .svg, .draw(pose), .setProps(props, facing)
//
// The world window is fixed (x from -0.72 to 0.72 H, y from -0.06 to 1.06 H) so the figure never
// jumps, whatever the pose. A Figure is a fixed set of SVG elements (far limbs, trunk and head,
// near limbs, props, floor); draw() only updates their attributes, so it can run every frame.
// Styling: every element carries a class (fig-far, fig-body, fig-near, fig-head, fig-nose,
// fig-prop, fig-floor) and presentation attributes in currentColor, so a page may restyle it.

import { api } from "./api.js";
import { J, SKELETON, faceAngle, joints, loadKeyframes, mirror, newJoints } from "./pose.js";

const NS = "http://www.w3.org/2000/svg";
const U = 1000; // SVG units per H
export const WINDOW = { xMin: -0.72, xMax: 0.72, yMin: -0.06, yMax: 1.06 };
const VIEWBOX = [
  WINDOW.xMin * U, -WINDOW.yMax * U, (WINDOW.xMax - WINDOW.xMin) * U, (WINDOW.yMax - WINDOW.yMin) * U,
].join(" ");
export const ASPECT = (WINDOW.yMax - WINDOW.yMin) / (WINDOW.xMax - WINDOW.xMin); // height / width
const NOSE = 0.03;

let cached = null;

/** The skeleton and keyframes from GET /api/pose, fetched once per page. */
export function loadPoses() {
  if (!cached) {
    cached = api("/api/pose")
      .then((data) => ({ keyframes: loadKeyframes(data.keyframes), skeleton: data.skeleton }))
      .catch((err) => {
        cached = null;
        throw err;
      });
  }
  return cached;
}

function el(name, attrs = {}, parent = null) {
  const node = document.createElementNS(NS, name);
  for (const [k, v] of Object.entries(attrs)) node.setAttribute(k, String(v));
  if (parent) parent.append(node);
  return node;
}

// chair, desk and mat as segments in H (domain.md §5.4), as the terminal draws them
const PROPS = {
  chair: [
    [-0.08, 0.245, 0.20, 0.245],
    [-0.10, 0.245, -0.10, 0.55],
    [-0.06, 0.245, -0.06, 0.0],
    [0.17, 0.245, 0.17, 0.0],
  ],
  desk: [
    [0.20, 0.44, 0.60, 0.44],
    [0.55, 0.44, 0.55, 0.0],
  ],
  mat: [[-0.56, 0.011, 0.56, 0.011]],
};
// a mat is a thick band on the floor, not a line above it
const PROP_CLASS = { mat: "fig-mat" };

const n1 = (v) => Math.round(v * U * 10) / 10;

export class Figure {
  constructor({ label = "", size = null } = {}) {
    const svg = el("svg", { viewBox: VIEWBOX, class: "loosen-figure", focusable: "false" });
    if (size) {
      svg.setAttribute("width", String(size));
      svg.setAttribute("height", String(Math.round(size * ASPECT)));
    }
    if (label) {
      svg.setAttribute("role", "img");
      svg.setAttribute("aria-label", label);
    } else {
      svg.setAttribute("aria-hidden", "true");
    }
    const line = { fill: "none", stroke: "currentColor", "stroke-linecap": "round", "stroke-linejoin": "round" };
    el("rect", {
      class: "fig-ground", x: WINDOW.xMin * U, y: 0, width: (WINDOW.xMax - WINDOW.xMin) * U,
      height: -WINDOW.yMin * U, fill: "currentColor", "fill-opacity": 0.06,
    }, svg);
    el("line", {
      ...line, class: "fig-floor", x1: WINDOW.xMin * U, x2: WINDOW.xMax * U, y1: 0, y2: 0,
      "stroke-width": 8, "stroke-opacity": 0.45,
    }, svg);
    this.propsGroup = el("g", { ...line, class: "fig-prop", "stroke-width": 10, "stroke-opacity": 0.5 }, svg);
    const far = el("g", { ...line, class: "fig-far", "stroke-width": 30, "stroke-opacity": 0.32 }, svg);
    this.farArm = el("polyline", {}, far);
    this.farLeg = el("polyline", {}, far);
    const body = el("g", { ...line, class: "fig-body", "stroke-width": 34 }, svg);
    this.trunk = el("polyline", {}, body);
    this.nose = el("line", { class: "fig-nose", "stroke-width": 18 }, body);
    this.head = el("circle", {
      class: "fig-head", r: SKELETON.head_radius * U, fill: "currentColor", stroke: "none",
    }, svg);
    const near = el("g", { ...line, class: "fig-near", "stroke-width": 34 }, svg);
    this.nearLeg = el("polyline", {}, near);
    this.nearArm = el("polyline", {}, near);
    this.svg = svg;
    this.j = newJoints();
    this.propsKey = "";
    this.facing = 0;
  }

  /** Draw the props (chair, desk, mat) for a figure facing +x (1) or -x (-1). */
  setProps(props = [], facing = 1) {
    const key = `${props.join(",")}/${facing}`;
    if (key === this.propsKey) return;
    this.propsKey = key;
    this.propsGroup.replaceChildren();
    for (const name of props) {
      for (const [x1, y1, x2, y2] of PROPS[name] || []) {
        const attrs = { x1: n1(x1 * facing), y1: n1(-y1), x2: n1(x2 * facing), y2: n1(-y2) };
        if (PROP_CLASS[name]) {
          Object.assign(attrs, { class: PROP_CLASS[name], "stroke-width": 22, "stroke-opacity": 0.3 });
        }
        el("line", attrs, this.propsGroup);
      }
    }
  }

  /** Show a pose (from pose.js); updates a fixed set of attributes, allocates little. */
  draw(pose) {
    const j = joints(pose, this.j);
    const p = (i) => `${n1(j[i])},${n1(-j[i + 1])}`;
    this.farArm.setAttribute("points", `${p(J.shoulder)} ${p(J.f_elbow)} ${p(J.f_wrist)} ${p(J.f_hand)}`);
    this.farLeg.setAttribute("points", `${p(J.hip)} ${p(J.f_knee)} ${p(J.f_ankle)} ${p(J.f_toe)}`);
    this.nearArm.setAttribute("points", `${p(J.shoulder)} ${p(J.n_elbow)} ${p(J.n_wrist)} ${p(J.n_hand)}`);
    this.nearLeg.setAttribute("points", `${p(J.hip)} ${p(J.n_knee)} ${p(J.n_ankle)} ${p(J.n_toe)}`);
    const hx = j[J.head];
    const hy = j[J.head + 1];
    this.trunk.setAttribute("points", `${p(J.hip)} ${p(J.neck)} ${n1(hx)},${n1(-hy)}`);
    this.head.setAttribute("cx", n1(hx));
    this.head.setAttribute("cy", n1(-hy));
    const fa = (faceAngle(pose) * Math.PI) / 180;
    const ux = Math.cos(fa);
    const uy = Math.sin(fa);
    const r = SKELETON.head_radius;
    this.nose.setAttribute("x1", n1(hx + ux * r * 0.6));
    this.nose.setAttribute("y1", n1(-(hy + uy * r * 0.6)));
    this.nose.setAttribute("x2", n1(hx + ux * (r + NOSE)));
    this.nose.setAttribute("y2", n1(-(hy + uy * (r + NOSE))));
    if (pose.facing !== this.facing) {
      this.facing = pose.facing;
      this.svg.dataset.facing = String(pose.facing);
    }
  }
}

/** A new animated figure (the player's): same as `new Figure(options)`. */
export function figureSvg(options = {}) {
  return new Figure(options);
}

/**
 * An <svg> showing one keyframe: role="img" named by `label`, or aria-hidden when it is empty.
 * `size` is its width in CSS pixels (the height follows the fixed world window); `props` may
 * name "chair", "desk" or "mat".
 */
export async function stillFigure(keyframeName, { mirrored = false, size = 160, label = "", props = [] } = {}) {
  const { keyframes } = await loadPoses();
  const pose = keyframes.get(keyframeName);
  if (!pose) throw new Error(`There is no keyframe called "${keyframeName}" in loosen's pose data.`);
  const figure = new Figure({ label, size });
  figure.setProps(props, mirrored ? -1 : 1);
  figure.draw(mirrored ? mirror(pose) : pose);
  return figure.svg;
}
