// "Expand by type…" offers the relation types an entity has, with counts:
// GET /entities/{id} carries every relation of the entity visible to the
// caller, so no other request is needed.
import { h } from './dom.js';

// fillTypes fills select (after its placeholder) with the types of node's
// relations, most frequent first, "TYPE (n)" and how many are in view.
// ready() says whether the answer is still wanted (another node may have
// been picked meanwhile).
export async function fillTypes(api, node, select, ready = () => true) {
  const id = node.id();
  const inView = new Map();
  for (const e of node.connectedEdges()) inView.set(e.data('type'), (inView.get(e.data('type')) || 0) + 1);
  let ent;
  try { ent = await api.entity(id); } catch { return; }
  if (!ready()) return;
  const counts = new Map();
  for (const e of ent.edges || []) counts.set(e.type, (counts.get(e.type) || 0) + 1);
  const types = [...counts].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]));
  for (const [t, n] of types) {
    const shown = Math.min(inView.get(t) || 0, n);
    select.append(h('option', { value: t, text: shown ? `${t} (${n}, ${shown} in view)` : `${t} (${n})` }));
  }
  if (!types.length) select.append(h('option', { value: '', disabled: true, text: 'no relations' }));
}
