// Export of the view. PNG and SVG are made here and carry the marking
// banner (the highest marking in view, in its TLP colour) at top and bottom,
// the title, the date and a legend of the kinds in view; every other format
// is made by the server (POST /api/v1/export with the visible ids, their
// positions, the export dialog's fields and the answers on screen).
import { download } from './dom.js';
import { KINDS } from './style.js';
import { shapeIcon } from './panels/legend.js';

const EXT = { json: 'json', graphml: 'graphml', gexf: 'gexf', csv: 'zip', cypher: 'cypher', stix: 'json', dot: 'dot', markdown: 'md.zip', html: 'html', pdf: 'pdf', geojson: 'geojson' };
const SVGNS = 'http://www.w3.org/2000/svg';
const FONT = "'Liberation Sans', Arial, Helvetica, NanumGothic, 'Noto Sans CJK KR', IPAGothic, sans-serif";

// TLP 2.0 label colours (on black).
export const TLP_COLORS = { 'TLP:CLEAR': '#ffffff', 'TLP:GREEN': '#33ff00', 'TLP:AMBER': '#ffc000', 'TLP:RED': '#ff2b2b' };

// highestMarking is the highest of markings in the order of the server's
// rules (TLP:CLEAR when there is none).
export function highestMarking(markings, order) {
  let best = 0;
  for (const m of markings) best = Math.max(best, order.indexOf(m));
  return order[best] || 'TLP:CLEAR';
}

// briefBody is the server export's body: the view, and the dialog's form
// ({title, author, product, paper, summary, judgments, positions, answers}).
export function briefBody({ ctl, store }, form) {
  // only what is shown: the entities and the relations the filters leave
  const body = { ids: ctl.visibleIds(), edges: ctl.visibleEdgeIds() };
  if (form.positions) body.positions = ctl.positions();
  const text = (s, n) => (s || '').trim().slice(0, n);
  if (text(form.title, 200)) body.title = text(form.title, 200);
  if (text(form.author, 200)) body.author = text(form.author, 200);
  if (text(form.summary, 5000)) body.summary = text(form.summary, 5000);
  const kj = (form.judgments || '').split('\n').map(l => l.trim()).filter(Boolean).slice(0, 30).map(l => l.slice(0, 1000));
  if (kj.length) body.key_judgments = kj;
  const product = Number.parseInt(form.product, 10);
  if (product > 0) body.product = product;
  if (form.paper === 'letter') body.paper = 'letter';
  const { answers } = store.get();
  if (form.answers && answers && answers.items.length) {
    body.answers = {
      question: answers.title.slice(0, 500),
      items: answers.items.slice(0, 100).map(it => ({
        label: it.label.replace(/^\d+\.\s*/, '').slice(0, 500), nodes: it.path.nodes.slice(0, 100), edges: it.path.edges.slice(0, 100),
      })),
    };
  }
  // the notes on the canvas and on what is shown
  const shown = new Set([...body.ids, ...body.edges]);
  const notes = (store.get().annotations || []).filter(n => n && n.text && (!n.on || shown.has(n.on)))
    .slice(0, 200).map(n => ({ ...(n.on ? { on: n.on } : {}), text: String(n.text).slice(0, 2000) }));
  if (notes.length) body.notes = notes;
  const a = analysisBody(store.get().analysis, new Set(body.ids));
  if (form.analysis && a) body.analysis = a;
  return body;
}

// analysisBody is the analysis on screen for the briefs' key entities: the
// sizing measure's scores (betweenness when nodes are not sized, as the key
// entities list ranks them) of the entities shown, and the communities as
// the page numbers them (from 1) when it colours by them.
function analysisBody(a, shown) {
  if (!a || !a.result) return null;
  const measure = a.sizeBy || 'betweenness';
  const nodes = a.result.nodes.filter(n => shown.has(n.id) && Number.isFinite(n.scores[measure]));
  if (!nodes.length) return null;
  const out = { measure, scores: Object.fromEntries(nodes.map(n => [n.id, Math.min(1e9, Math.max(0, n.scores[measure]))])) };
  if (a.byCommunity) out.communities = Object.fromEntries(nodes.filter(n => Number.isInteger(n.community)).map(n => [n.id, n.community + 1]));
  return out;
}

export async function exportViewAs(format, app, form) {
  const stamp = new Date().toISOString().slice(0, 10);
  if (format === 'svg' || format === 'png') {
    // the revision, as the server's exports print it in their header
    const revision = await app.api.schema().then(s => s.revision, () => undefined);
    const svg = await markedSVG(app, { ...form, revision });
    const blob = format === 'svg' ? new Blob([svg.text], { type: 'image/svg+xml' }) : await rasterize(svg);
    // named by its title, as the server names the files it makes
    const slug = (form.title || '').toLowerCase().replace(/[^a-z0-9-]+/g, '-').slice(0, 64).replace(/^-+|-+$/g, '');
    download(blob, `linkchart-${slug ? `${slug}-` : ''}${stamp}.${format}`);
    return;
  }
  const res = await app.api.exportView(format, briefBody(app, form));
  let blob = await res.blob();
  // a JSON export carries the view (view.js), so that the file re-opens in
  // the page at the same positions
  if (format === 'json' && form.view) {
    const data = JSON.parse(await blob.text());
    blob = new Blob([JSON.stringify({ ...data, view: form.view }, null, 2)], { type: 'application/json' });
  }
  const cd = res.headers.get('Content-Disposition') || '';
  const m = /filename\*?=(?:UTF-8'')?"?([^";]+)"?/i.exec(cd);
  download(blob, m ? decodeURIComponent(m[1]) : `linkchart-${stamp}.${EXT[format] || format}`);
}

function el(name, attrs = {}, text = '') {
  const e = document.createElementNS(SVGNS, name);
  for (const [k, v] of Object.entries(attrs)) e.setAttribute(k, String(v));
  if (text) e.textContent = text; // names are text, never markup
  return e;
}

// markedSVG wraps Cytoscape's SVG of the view in a frame: banner, title and
// date above, legend and banner below. Returns {text, width, height,
// marking}.
export async function markedSVG({ ctl, store }, form) {
  const marking = highestMarking(ctl.markings(), store.get().config.rules.markings);
  const drawn = await labelledSVG(ctl);
  const chart = new DOMParser().parseFromString(drawn.text, 'image/svg+xml').documentElement;
  const cw = Math.max(1, parseFloat(chart.getAttribute('width')) || 800);
  const ch = Math.max(1, parseFloat(chart.getAttribute('height')) || 600);
  const pad = 16, bannerH = 26, headH = 46, legendH = 34;
  const width = Math.round(Math.max(cw + 2 * pad, 640));
  const height = Math.round(bannerH + headH + ch + legendH + bannerH + 8);
  const title = (form.title || '').trim() || 'linkchart view';
  const svg = el('svg', { xmlns: SVGNS, width, height, viewBox: `0 0 ${width} ${height}`, 'font-family': FONT });
  svg.append(el('title', {}, `${marking} · ${title}`));
  svg.append(el('rect', { width, height, fill: '#ffffff' }));
  const banner = (y, id) => {
    const g = el('g', { id, 'data-marking': marking });
    g.append(el('rect', { x: 0, y, width, height: bannerH, fill: '#000000' }));
    g.append(el('text', { x: width / 2, y: y + 18, 'text-anchor': 'middle', 'font-size': 14, 'font-weight': 'bold', 'letter-spacing': 1, fill: TLP_COLORS[marking] || '#ffffff' }, marking));
    svg.append(g);
  };
  banner(0, 'marking-top');
  svg.append(el('text', { x: pad, y: bannerH + 22, 'font-size': 17, 'font-weight': 'bold', fill: '#111111' }, title.slice(0, 200)));
  const stats = ctl.stats();
  const meta = [form.author && form.author.trim(), new Date().toISOString().slice(0, 10), `${stats.visible} entities`,
    form.revision > 0 && `revision ${form.revision}`].filter(Boolean).join(' · ');
  svg.append(el('text', { x: pad, y: bannerH + 39, 'font-size': 11, fill: '#555555' }, meta));
  const chartX = Math.round((width - cw) / 2), chartY = bannerH + headH;
  chart.setAttribute('x', String(chartX));
  chart.setAttribute('y', String(chartY));
  svg.append(document.importNode(chart, true));
  svg.append(notesLayer(ctl, store.get().annotations || [], drawn.bb, chartX, chartY));
  // Legend: the kinds in view.
  const legend = el('g', { id: 'legend', 'font-size': 11, fill: '#111111' });
  let x = pad;
  const ly = bannerH + headH + ch + 10;
  legend.append(el('text', { x, y: ly + 12, 'font-weight': 'bold' }, 'Legend'));
  x += 52;
  for (const kind of ctl.kinds().sort()) {
    const k = KINDS[kind] || { color: '#888888', shape: 'ellipse', label: kind };
    const icon = shapeIcon(kind, k.shape, k.color);
    icon.setAttribute('x', String(x));
    icon.setAttribute('y', String(ly));
    icon.setAttribute('width', '15');
    icon.setAttribute('height', '15');
    icon.removeAttribute('class');
    legend.append(icon);
    legend.append(el('text', { x: x + 19, y: ly + 12 }, k.label));
    x += 19 + textWidth(k.label, `11px ${FONT}`) + 18;
  }
  svg.append(legend);
  banner(height - bannerH, 'marking-bottom');
  return { text: '<?xml version="1.0" encoding="UTF-8"?>\n' + new XMLSerializer().serializeToString(svg), width, height, marking };
}

// labelledSVG draws the view with every relation's type on its edge (on
// screen they show only when zoomed in or hovered): a picture in a brief
// must say what each arrow means.
async function labelledSVG(ctl) {
  const bare = ctl.cy.edges().filter(e => !e.hasClass('labelled'));
  bare.addClass('labelled');
  // the renderer places the new labels on its next frames
  await new Promise(resolve => requestAnimationFrame(() => requestAnimationFrame(resolve)));
  try {
    // the drawing's origin: the bounds of every element (cytoscape-svg's full)
    return { text: ctl.svg(), bb: ctl.cy.mutableElements().boundingBox() };
  } finally {
    bare.removeClass('labelled');
  }
}

// notesLayer draws the notes on what is shown (and on the canvas) where
// the screen shows them: a yellow label above its entity, at its
// relation's middle, or at its point; bb is the drawing's bounds in model
// coordinates, placed at (x0, y0).
function notesLayer(ctl, notes, bb, x0, y0) {
  const g = el('g', { id: 'notes', 'font-size': 11, fill: '#111111' });
  for (const a of notes) {
    const p = a.on ? ctl.anchorOf(a.on) : ctl.toRendered({ x: a.x || 0, y: a.y || 0 });
    if (!p || !a.text) continue;
    const m = ctl.toModel(p);
    const text = String(a.text).replace(/\s+/g, ' ').trim();
    const line = text.length > 60 ? `${text.slice(0, 59)}…` : text;
    const w = textWidth(line, `11px ${FONT}`) + 10;
    const x = x0 + m.x - bb.x1 - w / 2, y = y0 + m.y - bb.y1 - (a.on ? 22 : 9);
    g.append(el('rect', { x, y, width: w, height: 18, rx: 3, fill: '#fff8c4', stroke: '#c9a800' }));
    g.append(el('text', { x: x + 5, y: y + 13 }, line));
  }
  return g;
}

let measureCtx = null;
// textWidth measures text as a canvas sets it (legend spacing).
function textWidth(text, font) {
  measureCtx = measureCtx || document.createElement('canvas').getContext('2d');
  measureCtx.font = font;
  return Math.ceil(measureCtx.measureText(text).width);
}

// rasterize draws a marked SVG on a canvas at twice its size: the PNG.
export async function rasterize(svg, scale = 2) {
  const url = URL.createObjectURL(new Blob([svg.text], { type: 'image/svg+xml' }));
  try {
    const img = new Image();
    img.src = url;
    await img.decode();
    const canvas = document.createElement('canvas');
    canvas.width = svg.width * scale;
    canvas.height = svg.height * scale;
    const ctx = canvas.getContext('2d');
    ctx.fillStyle = '#ffffff';
    ctx.fillRect(0, 0, canvas.width, canvas.height);
    ctx.drawImage(img, 0, 0, canvas.width, canvas.height);
    return await new Promise((resolve, reject) => canvas.toBlob(b => (b ? resolve(b) : reject(new Error('PNG encoding failed'))), 'image/png'));
  } finally {
    URL.revokeObjectURL(url);
  }
}
