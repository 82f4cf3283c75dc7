// The renderer of very large views (controller BIG): Cytoscape's canvas
// renderer strokes every edge on its own and restyles every element after a
// change, which at 10,000 nodes / 30,000 edges costs seconds per frame on a
// machine without a GPU. Here Cytoscape stays the model (no renderer:
// cy.unmount()), and one canvas draws the drawn elements from flat arrays:
// all edges as one path, nodes as one path per colour and shape, labels of
// the best-connected nodes that fit; while panning and zooming, the last
// picture is moved and scaled, and drawn again after the gesture.
import { KINDS } from './style.js';

const LABEL_PX = 12;
const edgeColour = count => `rgba(90, 104, 125, ${Math.min(0.5, Math.max(0.12, 0.5 * Math.sqrt(2000 / Math.max(1, count)))).toFixed(2)})`;
const REDRAW_MS = 140; // the full picture this long after the last gesture step

// nodeSize: the style's size by degree (style.js: mapData(deg, 1, 24, 30, 60)).
export const nodeSize = deg => 30 + 30 * Math.min(1, Math.max(0, ((deg || 0) - 1) / 23));

export class BigView {
  constructor(ctl, container) {
    this.ctl = ctl;
    this.container = container;
    this.canvas = null;
    this.zoom = 1;
    this.pan = { x: 0, y: 0 };
    this.model = null;
    this.labels = new Set();
  }

  get active() { return Boolean(this.canvas); }

  // activate puts the canvas over the chart (Cytoscape's canvases are gone).
  activate() {
    if (this.canvas) return;
    const c = document.createElement('canvas');
    c.className = 'bigview';
    c.style.position = 'absolute';
    c.style.left = '0';
    c.style.top = '0';
    c.style.zIndex = '1';
    this.container.appendChild(c);
    this.canvas = c;
    this.bind(c);
    this.resize();
  }

  deactivate() {
    if (!this.canvas) return;
    this.unbind?.();
    this.canvas.remove();
    this.canvas = null;
    this.model = null;
    this.snap = null;
  }

  resize() {
    if (!this.canvas) return;
    const dpr = window.devicePixelRatio || 1;
    const w = this.container.clientWidth, h = this.container.clientHeight;
    this.w = w; this.h = h; this.dpr = dpr;
    this.canvas.width = Math.max(1, Math.round(w * dpr));
    this.canvas.height = Math.max(1, Math.round(h * dpr));
    this.canvas.style.width = `${w}px`;
    this.canvas.style.height = `${h}px`;
    this.draw();
  }

  // update reads the drawn elements (classes, positions, degrees) from cy
  // and draws them.
  update() {
    if (!this.canvas) return;
    const cy = this.ctl.cy;
    const nodes = cy.nodes().not('.filtered, .user-hidden, .collapsed, .compound');
    const n = nodes.length;
    const ids = new Array(n), x = new Float32Array(n), y = new Float32Array(n), r = new Float32Array(n);
    const style = new Array(n), label = new Array(n), deg = new Float32Array(n), flag = new Uint8Array(n);
    const index = new Map();
    nodes.forEach((node, i) => {
      const p = node.position();
      const d = node.data();
      ids[i] = d.id; x[i] = p.x; y[i] = p.y; deg[i] = d.deg || 0;
      r[i] = (d.asize || nodeSize(d.deg)) / 2;
      label[i] = d.name || d.id;
      const k = KINDS[d.kind];
      const citation = node.hasClass('citation-role');
      style[i] = `${d.acolour || (citation ? '#c9ccd1' : (k ? k.color : '#888'))}|${node.hasClass('leafgroup') ? 'rectangle' : (k ? k.shape : 'ellipse')}`;
      flag[i] = (node.selected() ? 1 : 0) | (node.hasClass('hl') ? 2 : 0) | (node.hasClass('leafgroup') ? 4 : 0) | (node.hasClass('outdated') || node.hasClass('dim') ? 8 : 0);
      index.set(d.id, i);
    });
    const es = [];
    cy.edges().forEach(e => {
      if (e.hasClass('filtered') || e.hasClass('user-hidden') || e.hasClass('collapsed') || e.hasClass('in-bundle')) return;
      const a = index.get(e.data('source')), b = index.get(e.data('target'));
      if (a !== undefined && b !== undefined) es.push(a, b);
    });
    // best-connected first, for the labels
    const order = Array.from({ length: n }, (_, i) => i).sort((a, b) => (flag[b] & 7 ? 1 : 0) - (flag[a] & 7 ? 1 : 0) || deg[b] - deg[a]);
    // compound group boxes around their drawn members
    const boxes = [];
    cy.nodes('.compound').forEach(c => {
      if (c.hasClass('filtered')) return;
      let x1 = Infinity, y1 = Infinity, x2 = -Infinity, y2 = -Infinity;
      c.children().forEach(ch => {
        const i = index.get(ch.id());
        if (i === undefined) return;
        x1 = Math.min(x1, x[i] - r[i]); x2 = Math.max(x2, x[i] + r[i]); y1 = Math.min(y1, y[i] - r[i]); y2 = Math.max(y2, y[i] + r[i]);
      });
      if (x1 <= x2) boxes.push({ x1: x1 - 16, y1: y1 - 16, x2: x2 + 16, y2: y2 + 16, label: c.data('name') || '' });
    });
    this.model = { ids, x, y, r, style, label, deg, flag, index, edges: Int32Array.from(es), order, boxes };
    this.draw();
  }

  // moveNodes: the model's positions of nodes (a drag), and a picture.
  moveNodes(nodes) {
    const m = this.model;
    if (!m) return;
    nodes.forEach(n => {
      const i = m.index.get(n.id());
      if (i === undefined) return;
      const p = n.position();
      m.x[i] = p.x; m.y[i] = p.y;
    });
    this.draw();
  }

  // fit: the whole drawing in the chart, 30 px around it.
  fit() {
    const m = this.model;
    if (!m || m.ids.length === 0) return;
    let x1 = Infinity, y1 = Infinity, x2 = -Infinity, y2 = -Infinity;
    for (let i = 0; i < m.ids.length; i++) {
      x1 = Math.min(x1, m.x[i] - m.r[i]); x2 = Math.max(x2, m.x[i] + m.r[i]);
      y1 = Math.min(y1, m.y[i] - m.r[i]); y2 = Math.max(y2, m.y[i] + m.r[i]);
    }
    const pad = 30;
    const z = Math.min(1.4, (this.w - 2 * pad) / Math.max(1, x2 - x1), (this.h - 2 * pad) / Math.max(1, y2 - y1));
    this.zoom = z;
    this.pan = { x: this.w / 2 - z * (x1 + x2) / 2, y: this.h / 2 - z * (y1 + y2) / 2 };
    this.draw();
  }

  // centre: the model point p in the middle of the chart.
  centre(p) {
    this.pan = { x: this.w / 2 - this.zoom * p.x, y: this.h / 2 - this.zoom * p.y };
    this.draw();
    this.ctl.viewportMoved();
  }

  // draw: the full picture at the current viewport.
  draw() {
    const m = this.model, c = this.canvas;
    if (!c) return;
    const g = c.getContext('2d');
    g.setTransform(1, 0, 0, 1, 0, 0);
    g.clearRect(0, 0, c.width, c.height);
    if (!m) return;
    const { zoom: z, pan, dpr } = this;
    g.setTransform(z * dpr, 0, 0, z * dpr, pan.x * dpr, pan.y * dpr);
    // the part of the model on screen (with a margin)
    const vx1 = -pan.x / z - 60, vy1 = -pan.y / z - 60, vx2 = (this.w - pan.x) / z + 60, vy2 = (this.h - pan.y) / z + 60;
    const on = i => m.x[i] >= vx1 && m.x[i] <= vx2 && m.y[i] >= vy1 && m.y[i] <= vy2;
    for (const b of m.boxes) {
      g.fillStyle = 'rgba(238, 242, 247, 0.6)';
      g.fillRect(b.x1, b.y1, b.x2 - b.x1, b.y2 - b.y1);
      g.setLineDash([6 / z, 4 / z]);
      g.lineWidth = 1 / z;
      g.strokeStyle = '#8b97a6';
      g.strokeRect(b.x1, b.y1, b.x2 - b.x1, b.y2 - b.y1);
      g.setLineDash([]);
    }
    // edges: 0.8 px at any zoom, fainter the more there are
    g.lineWidth = 0.8 / z;
    g.strokeStyle = edgeColour(m.edges.length / 2);
    g.beginPath();
    const e = m.edges;
    for (let k = 0; k < e.length; k += 2) {
      const a = e[k], b = e[k + 1];
      if (!on(a) && !on(b)) continue;
      g.moveTo(m.x[a], m.y[a]);
      g.lineTo(m.x[b], m.y[b]);
    }
    g.stroke();
    // nodes, one path per colour and shape
    const paths = new Map();
    for (let i = 0; i < m.ids.length; i++) {
      if (!on(i)) continue;
      const key = `${m.style[i]}|${m.flag[i] & 8 ? 'faint' : ''}|${m.flag[i] & 4 ? 'top' : ''}`;
      let p = paths.get(key);
      if (!p) { p = new Path2D(); paths.set(key, p); }
      shape(p, m.style[i].split('|')[1], m.x[i], m.y[i], m.r[i]);
    }
    // ("+N" nodes last: on top)
    for (const [key, p] of [...paths].sort((a, b) => a[0].endsWith('top') - b[0].endsWith('top'))) {
      const [fill, , faint] = key.split('|');
      g.globalAlpha = faint ? 0.2 : 1;
      g.fillStyle = fill;
      g.fill(p);
    }
    g.globalAlpha = 1;
    // selected and highlighted nodes: a ring
    g.lineWidth = 4 / z;
    for (let i = 0; i < m.ids.length; i++) {
      if (!(m.flag[i] & 3)) continue;
      g.strokeStyle = m.flag[i] & 2 ? '#e8a700' : '#111';
      g.beginPath();
      g.arc(m.x[i], m.y[i], m.r[i] + 2 / z, 0, 2 * Math.PI);
      g.stroke();
    }
    this.drawLabels(g, on);
    this.snap = null;
  }

  // drawLabels: 12 px labels under the best-connected nodes on screen, as
  // many as do not meet another (selected, highlighted and "+N" first).
  drawLabels(g, on) {
    const m = this.model, { zoom: z, pan, dpr } = this;
    g.setTransform(dpr, 0, 0, dpr, 0, 0);
    g.font = `${LABEL_PX}px sans-serif`;
    g.textAlign = 'center';
    g.textBaseline = 'top';
    g.lineWidth = 3;
    g.strokeStyle = 'rgba(255,255,255,0.85)';
    g.fillStyle = '#1b1f24';
    const room = Math.max(8, Math.floor((this.w * this.h) / (170 * 46)));
    const taken = new Map();
    const CELL = 100;
    const free = (x1, y1, x2, y2) => {
      for (let i = Math.floor(x1 / CELL); i <= Math.floor(x2 / CELL); i++) for (let j = Math.floor(y1 / CELL); j <= Math.floor(y2 / CELL); j++) {
        for (const b of taken.get(`${i},${j}`) || []) if (x1 < b[2] && b[0] < x2 && y1 < b[3] && b[1] < y2) return false;
      }
      return true;
    };
    g.font = `bold 14px sans-serif`;
    g.textBaseline = 'bottom';
    for (const b of m.boxes) {
      const sx = ((b.x1 + b.x2) / 2) * z + pan.x, sy = b.y1 * z + pan.y - 2;
      g.strokeText(b.label, sx, sy);
      g.fillText(b.label, sx, sy);
    }
    g.font = `${LABEL_PX}px sans-serif`;
    g.textBaseline = 'top';
    this.labels = new Set();
    for (const i of m.order) {
      if (this.labels.size >= room && !(m.flag[i] & 7)) break;
      if (!on(i)) continue;
      const sx = m.x[i] * z + pan.x, sy = m.y[i] * z + pan.y;
      if (sx < 0 || sy < 0 || sx > this.w || sy > this.h) continue;
      let text = m.label[i];
      if (text.length > 28) text = `${text.slice(0, 27)}…`;
      const w = 0.62 * LABEL_PX * text.length;
      const top = sy + m.r[i] * z + 3;
      const box = [sx - w / 2, top, sx + w / 2, top + LABEL_PX + 4];
      if (!(m.flag[i] & 7) && !free(...box)) continue;
      for (let a = Math.floor(box[0] / CELL); a <= Math.floor(box[2] / CELL); a++) for (let b = Math.floor(box[1] / CELL); b <= Math.floor(box[3] / CELL); b++) {
        const key = `${a},${b}`;
        if (!taken.has(key)) taken.set(key, []);
        taken.get(key).push(box);
      }
      this.labels.add(i);
      g.strokeText(text, sx, top);
      g.fillText(text, sx, top);
    }
  }

  // moved: a gesture step; the last full picture is moved and scaled now,
  // the full picture drawn once the gesture has paused.
  moved() {
    const c = this.canvas;
    if (!c) return;
    if (!this.snap) {
      const s = document.createElement('canvas');
      s.width = c.width; s.height = c.height;
      s.getContext('2d').drawImage(c, 0, 0);
      this.snap = { canvas: s, zoom: this.snapZoom ?? this.zoom, pan: this.snapPan ?? { ...this.pan } };
    }
    const { canvas: s, zoom: z0, pan: p0 } = this.snap;
    const k = this.zoom / z0, dpr = this.dpr;
    const g = c.getContext('2d');
    g.setTransform(1, 0, 0, 1, 0, 0);
    g.clearRect(0, 0, c.width, c.height);
    g.drawImage(s, (this.pan.x - p0.x * k) * dpr, (this.pan.y - p0.y * k) * dpr, s.width * k, s.height * k);
    clearTimeout(this.redrawTimer);
    this.redrawTimer = setTimeout(() => { this.draw(); this.ctl.viewportMoved(); }, REDRAW_MS);
  }

  // svg: the whole drawing as an SVG document (the exports' chart), at most
  // 2,000 px wide; labels of the nodes labelled on screen.
  svg() {
    const m = this.model;
    if (!m || m.ids.length === 0) return '<svg xmlns="http://www.w3.org/2000/svg" width="800" height="600"></svg>';
    let x1 = Infinity, y1 = Infinity, x2 = -Infinity, y2 = -Infinity;
    for (let i = 0; i < m.ids.length; i++) {
      x1 = Math.min(x1, m.x[i] - m.r[i]); x2 = Math.max(x2, m.x[i] + m.r[i]);
      y1 = Math.min(y1, m.y[i] - m.r[i]); y2 = Math.max(y2, m.y[i] + m.r[i] + 20);
    }
    const k = Math.min(1, 2000 / Math.max(1, x2 - x1)), pad = 10;
    const X = i => ((m.x[i] - x1) * k + pad).toFixed(1), Y = i => ((m.y[i] - y1) * k + pad).toFixed(1);
    const w = Math.ceil((x2 - x1) * k + 2 * pad), h = Math.ceil((y2 - y1) * k + 2 * pad);
    const out = [`<svg xmlns="http://www.w3.org/2000/svg" width="${w}" height="${h}" viewBox="0 0 ${w} ${h}">`];
    let d = '';
    for (let j = 0; j < m.edges.length; j += 2) d += `M${X(m.edges[j])} ${Y(m.edges[j])}L${X(m.edges[j + 1])} ${Y(m.edges[j + 1])}`;
    out.push(`<path d="${d}" stroke="${edgeColour(m.edges.length / 2)}" stroke-width="1" fill="none"/>`);
    for (let i = 0; i < m.ids.length; i++) {
      const [fill, kind] = m.style[i].split('|');
      const r = (m.r[i] * k).toFixed(1);
      out.push(kind === 'rectangle' || kind === 'round-rectangle'
        ? `<rect x="${(X(i) - r).toFixed(1)}" y="${(Y(i) - r).toFixed(1)}" width="${2 * r}" height="${2 * r}" fill="${fill}"/>`
        : `<circle cx="${X(i)}" cy="${Y(i)}" r="${r}" fill="${fill}"/>`);
    }
    const esc = t => t.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
    for (const i of this.labels) out.push(`<text x="${X(i)}" y="${(Y(i) + m.r[i] * k + 13).toFixed(1)}" font-size="12" text-anchor="middle" fill="#1b1f24">${esc(m.label[i])}</text>`);
    out.push('</svg>');
    return out.join('');
  }

  // nodeAt: the index of the node under a rendered point, or -1.
  nodeAt(px, py) {
    const m = this.model;
    if (!m) return -1;
    const x = (px - this.pan.x) / this.zoom, y = (py - this.pan.y) / this.zoom;
    // the nearest, a "+N" node first (drawn on top)
    let best = -1, bestD = Infinity;
    for (let i = 0; i < m.ids.length; i++) {
      const d = Math.hypot(m.x[i] - x, m.y[i] - y) - (m.flag[i] & 4 ? 1e6 : 0);
      if (d <= m.r[i] + 2 / this.zoom && d <= bestD) { best = i; bestD = d; }
    }
    return best;
  }

  // bind: the gestures of the Cytoscape view. Wheel zooms around the
  // pointer; a drag on the canvas pans, on a node moves it (with the other
  // selected nodes; grab/free events as Cytoscape's, for undo); a click
  // selects (shift: adds); a double-click opens a "+N" node or asks for an
  // expand; right-click and hover go to the bus as from Cytoscape.
  bind(c) {
    const ctl = this.ctl, cy = ctl.cy;
    const point = ev => { const b = c.getBoundingClientRect(); return { x: ev.clientX - b.left, y: ev.clientY - b.top }; };
    const before = () => { if (!this.snap) { this.snapZoom = this.zoom; this.snapPan = { ...this.pan }; } };
    const idAt = p => { const i = this.nodeAt(p.x, p.y); return i >= 0 ? this.model.ids[i] : null; };
    const wheel = ev => {
      ev.preventDefault();
      before();
      const p = point(ev);
      const z = Math.min(4, Math.max(0.005, this.zoom * Math.pow(1.0015, -ev.deltaY)));
      this.pan = { x: p.x - (p.x - this.pan.x) * (z / this.zoom), y: p.y - (p.y - this.pan.y) * (z / this.zoom) };
      this.zoom = z;
      this.moved();
    };
    let drag = null, hover = null, frame = null;
    const down = ev => {
      if (ev.button !== 0) return;
      const p = point(ev), id = idAt(p);
      const node = id && cy.getElementById(id);
      const moving = node && !node.locked() ? node.union(node.selected() ? cy.nodes(':selected') : cy.collection()).filter(n => !n.locked()) : null;
      drag = { ...p, pan: { ...this.pan }, moved: false, id, moving, from: moving ? new Map(moving.map(n => [n.id(), { ...n.position() }])) : null };
    };
    const move = ev => {
      const p = point(ev);
      if (!drag) {
        if (ev.target !== c) return;
        const id = idAt(p);
        if (id === hover) return;
        hover = id;
        const n = id && cy.getElementById(id);
        ctl.bus.emit('hover', n ? { id, node: true, name: n.data('name'), kind: n.data('kind') || '', group: n.hasClass('leafgroup'), x: p.x, y: p.y } : null);
        return;
      }
      if (!drag.moved && Math.hypot(p.x - drag.x, p.y - drag.y) < 3) return;
      if (!drag.moved && drag.moving) drag.moving.first().emit('grab');
      if (!drag.moved && !drag.moving) before();
      drag.moved = true;
      if (drag.moving) {
        const dx = (p.x - drag.x) / this.zoom, dy = (p.y - drag.y) / this.zoom;
        ctl.batch(() => drag.moving.forEach(n => { const q = drag.from.get(n.id()); n.position({ x: q.x + dx, y: q.y + dy }); }));
        if (!frame) frame = requestAnimationFrame(() => { frame = null; this.moveNodes(drag?.moving || cy.collection()); });
        return;
      }
      this.pan = { x: drag.pan.x + p.x - drag.x, y: drag.pan.y + p.y - drag.y };
      this.moved();
    };
    const up = ev => {
      if (!drag) return;
      const d = drag;
      drag = null;
      if (d.moved) { if (d.moving) { d.moving.first().emit('free'); this.update(); } return; }
      if (ev.shiftKey && d.id) {
        const n = cy.getElementById(d.id);
        if (n.selected()) n.unselect(); else n.select();
      } else {
        ctl.select(d.id);
      }
    };
    const dbl = ev => {
      const id = idAt(point(ev));
      if (id) ctl.nodeDoubleTap(id);
    };
    const menu = ev => {
      ev.preventDefault();
      const p = point(ev), id = idAt(p);
      const n = id && cy.getElementById(id);
      if (n && !n.hasClass('synthetic')) {
        if (!n.selected()) ctl.select(id);
        ctl.bus.emit('node-context', id, p);
      } else if (!n) ctl.bus.emit('canvas-context', p);
    };
    const leave = () => { if (hover) { hover = null; ctl.bus.emit('hover', null); } };
    c.addEventListener('wheel', wheel, { passive: false });
    c.addEventListener('mousedown', down);
    window.addEventListener('mousemove', move);
    window.addEventListener('mouseup', up);
    c.addEventListener('dblclick', dbl);
    c.addEventListener('contextmenu', menu);
    c.addEventListener('mouseleave', leave);
    this.unbind = () => {
      window.removeEventListener('mousemove', move);
      window.removeEventListener('mouseup', up);
    };
  }

  // describe: the hook's nodes() for the drawn nodes (hidden ones: shown false).
  describe() {
    const m = this.model;
    const cy = this.ctl.cy;
    const z = this.zoom;
    return cy.nodes().not('.compound').map(n => {
      const i = m ? m.index.get(n.id()) : undefined;
      const d = n.data();
      const r = i !== undefined ? m.r[i] : nodeSize(d.deg) / 2;
      const p = n.position();
      const out = {
        id: d.id, x: p.x * z + this.pan.x, y: p.y * z + this.pan.y, w: 2 * r * z, h: 2 * r * z,
        label: d.name || '', labelShown: i !== undefined && this.labels.has(i), shown: i !== undefined,
        labelPx: LABEL_PX, kind: d.kind, selected: n.selected(), pinned: n.locked(), highlighted: n.hasClass('hl'),
        color: i !== undefined ? m.style[i].split('|')[0] : '', degree: d.deg || 0, group: this.ctl.shape.groupOf(d.id),
      };
      if (n.hasClass('leafgroup')) Object.assign(out, { synthetic: true, count: d.count, members: d.members, hub: d.hub });
      return out;
    });
  }
}

// shape adds one node's outline to path p.
function shape(p, kind, x, y, r) {
  switch (kind) {
    case 'rectangle': case 'round-rectangle': p.rect(x - r, y - r, 2 * r, 2 * r); break;
    case 'diamond': p.moveTo(x, y - r); p.lineTo(x + r, y); p.lineTo(x, y + r); p.lineTo(x - r, y); p.closePath(); break;
    case 'triangle': p.moveTo(x, y - r); p.lineTo(x + r, y + r); p.lineTo(x - r, y + r); p.closePath(); break;
    default: p.moveTo(x + r, y); p.arc(x, y, r, 0, 2 * Math.PI);
  }
}
