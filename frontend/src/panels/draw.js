// Drawing a relation on the chart: with "Draw relation" on, a drag from
// one entity to another opens the new-relation form with both ends (the
// bus's 'draw-relation'). While the mode is on, nodes are not dragged and
// the chart does not pan; off, dragging is as before. Editors only (the
// button is in the editor's panel).
import { $ } from '../dom.js';

const SVG = 'http://www.w3.org/2000/svg';

export function mount({ bus, ctl }) {
  const button = $('#draw-mode');
  const cy = ctl.cy;
  let on = false;
  let saved = null; // the chart's gesture settings before the mode
  let start = null; // the node a drag began on
  let overlay = null;

  const line = () => {
    if (!overlay) {
      overlay = document.createElementNS(SVG, 'svg');
      overlay.setAttribute('class', 'draw-line');
      overlay.append(document.createElementNS(SVG, 'line'));
      const l = overlay.firstChild;
      l.setAttribute('stroke', '#b8860b');
      l.setAttribute('stroke-width', '2');
      l.setAttribute('stroke-dasharray', '6 4');
    }
    const c = cy.container();
    overlay.setAttribute('width', c.clientWidth);
    overlay.setAttribute('height', c.clientHeight);
    overlay.style.setProperty('left', '0px'); // CSSOM, not a style attribute: CSP allows it
    overlay.style.setProperty('top', '0px');
    if (!overlay.isConnected) c.append(overlay);
    return overlay.firstChild;
  };
  const endDrag = () => { start = null; overlay?.remove(); };
  const set = v => {
    if (v === on) return;
    on = v;
    button.setAttribute('aria-pressed', String(on));
    if (on) {
      saved = { grab: cy.autoungrabify(), pan: cy.userPanningEnabled(), box: cy.boxSelectionEnabled() };
      cy.autoungrabify(true);
      cy.userPanningEnabled(false);
      cy.boxSelectionEnabled(false);
      cy.container().style.setProperty('cursor', 'crosshair');
    } else {
      cy.autoungrabify(saved.grab);
      cy.userPanningEnabled(saved.pan);
      cy.boxSelectionEnabled(saved.box);
      cy.container().style.removeProperty('cursor');
      endDrag();
    }
  };
  const real = n => n && n !== cy && typeof n.isNode === 'function' && n.isNode() && !n.hasClass('synthetic');
  // the entity under a model position (the topmost drawn)
  const nodeAt = p => cy.nodes(':visible').not('.synthetic').filter(n => {
    const b = n.boundingBox({ includeLabels: false });
    return p.x >= b.x1 && p.x <= b.x2 && p.y >= b.y1 && p.y <= b.y2;
  }).last();

  button.addEventListener('click', () => set(!on));
  document.addEventListener('keydown', ev => { if (ev.key === 'Escape' && on) set(false); });
  cy.on('tapstart', 'node', ev => {
    if (!on || !real(ev.target)) return;
    start = ev.target;
    const p = start.renderedPosition();
    const l = line();
    l.setAttribute('x1', p.x); l.setAttribute('y1', p.y);
    l.setAttribute('x2', p.x); l.setAttribute('y2', p.y);
  });
  cy.on('tapdrag', ev => {
    if (!on || !start) return;
    const l = line();
    l.setAttribute('x2', ev.renderedPosition.x); l.setAttribute('y2', ev.renderedPosition.y);
  });
  cy.on('tapend', ev => {
    if (!on || !start) return;
    const from = start.id();
    const target = nodeAt(ev.position);
    endDrag();
    if (target.nonempty() && target.id() !== from) bus.emit('draw-relation', { from, to: target.id() });
  });
}
