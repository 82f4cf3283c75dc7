// The legend: one line per kind with the shape and colour of style.js.
import { h } from '../dom.js';
import { KINDS } from '../style.js';

export function mount() {
  const ul = document.querySelector('#legend');
  for (const [kind, k] of Object.entries(KINDS)) {
    ul.append(h('li', {}, shapeIcon(kind, k.shape), h('span', { text: k.label })));
  }
}

const SVGNS = 'http://www.w3.org/2000/svg';
function shapeIcon(kind, shape) {
  const svg = document.createElementNS(SVGNS, 'svg');
  svg.setAttribute('viewBox', '0 0 20 20');
  svg.setAttribute('width', '18');
  svg.setAttribute('height', '18');
  svg.setAttribute('class', `shape kind-${kind}`);
  svg.setAttribute('aria-hidden', 'true');
  const pts = {
    triangle: '10,2 18,18 2,18',
    diamond: '10,1 19,10 10,19 1,10',
    octagon: '6,1 14,1 19,6 19,14 14,19 6,19 1,14 1,6',
    star: '10,1 12.4,7 19,7.2 13.8,11.3 15.6,18 10,14.2 4.4,18 6.2,11.3 1,7.2 7.6,7',
  }[shape];
  let el;
  if (pts) { el = document.createElementNS(SVGNS, 'polygon'); el.setAttribute('points', pts); }
  else if (shape === 'ellipse') { el = document.createElementNS(SVGNS, 'circle'); el.setAttribute('cx', '10'); el.setAttribute('cy', '10'); el.setAttribute('r', '8.5'); }
  else { el = document.createElementNS(SVGNS, 'rect'); el.setAttribute('x', '2'); el.setAttribute('y', '3'); el.setAttribute('width', '16'); el.setAttribute('height', '14'); if (shape === 'round-rectangle') { el.setAttribute('rx', '4'); } }
  svg.append(el);
  return svg;
}
