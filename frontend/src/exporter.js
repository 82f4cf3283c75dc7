// Export of the view: PNG and SVG drawn here, every other format by the
// server (POST /api/v1/export with the visible ids and their positions).
import { download } from './dom.js';

const EXT = { json: 'json', graphml: 'graphml', gexf: 'gexf', csv: 'zip', cypher: 'cypher', stix: 'json', dot: 'dot', markdown: 'md', html: 'html' };

// view (view.js): added to a JSON export as its "view", so that the file
// re-opens in the page at the same positions.
export async function exportViewAs(format, { ctl, api, title, view = null }) {
  const stamp = new Date().toISOString().slice(0, 10);
  if (format === 'png') {
    download(ctl.png(), `linkchart-${stamp}.png`);
    return;
  }
  if (format === 'svg') {
    download(new Blob([ctl.svg()], { type: 'image/svg+xml' }), `linkchart-${stamp}.svg`);
    return;
  }
  // only what is shown: the entities and the relations the filters leave
  const body = { ids: ctl.visibleIds(), edges: ctl.visibleEdgeIds(), positions: ctl.positions() };
  if (title) body.title = title.slice(0, 200); // the brief's heading
  const res = await api.exportView(format, body);
  let blob = await res.blob();
  if (format === 'json' && view) {
    const data = JSON.parse(await blob.text());
    blob = new Blob([JSON.stringify({ ...data, view }, null, 2)], { type: 'application/json' });
  }
  const cd = res.headers.get('Content-Disposition') || '';
  const m = /filename\*?=(?:UTF-8'')?"?([^";]+)"?/i.exec(cd);
  download(blob, m ? decodeURIComponent(m[1]) : `linkchart-${stamp}.${EXT[format] || format}`);
}
