// The export dialog: format (the server's formats, the PDF brief, and the
// marked PNG and SVG made here), title, author, product number, paper,
// summary, key judgments, and whether to send the arrangement on screen and
// the answers on screen. "Export view…" in the header opens it with the
// header's format; its fields are remembered per saved chart (or per view
// title) for the session. A JSON export carries the view, to re-open it.
import { $ } from '../dom.js';
import { exportViewAs, highestMarking } from '../exporter.js';
import { captureView } from '../view.js';

const FIELDS = ['title', 'author', 'product', 'paper', 'summary', 'judgments'];
const key = ({ chart, title }) => (chart ? `linkchart.export.chart.${chart.id}` : `linkchart.export.${title || ''}`);

export function mount(app) {
  const { store, ctl, messages } = app;
  const dialog = $('#export-dialog');
  const input = name => $(`#export-${name}`);
  // The dialog offers the header's formats.
  for (const o of $('#export-format').options) $('#export-dialog-format').append(o.cloneNode(true));

  const open = () => {
    if (ctl.visibleIds().length === 0) { messages.error({ title: 'Nothing to export: the view is empty' }); return; }
    const { title, answers, config } = store.get();
    let saved = {};
    try { saved = JSON.parse(sessionStorage.getItem(key(store.get())) || '{}'); } catch { saved = {}; }
    for (const f of FIELDS) input(f).value = saved[f] ?? (f === 'title' ? title : f === 'paper' ? 'a4' : '');
    $('#export-dialog-format').value = $('#export-format').value;
    const hasAnswers = Boolean(answers && answers.items.length);
    input('answers').disabled = !hasAnswers;
    input('answers').checked = hasAnswers;
    const hasAnalysis = Boolean(store.get().analysis.result);
    input('analysis').disabled = !hasAnalysis;
    input('analysis').checked = hasAnalysis;
    const marking = highestMarking(ctl.markings(), config.rules.markings);
    $('#export-marking-note').textContent = `${ctl.visibleIds().length} entities in view; the product is marked ${marking}.`;
    dialog.showModal();
  };

  const form = () => {
    const f = Object.fromEntries(FIELDS.map(n => [n, input(n).value]));
    f.positions = input('positions').checked;
    f.answers = input('answers').checked && !input('answers').disabled;
    f.analysis = input('analysis').checked && !input('analysis').disabled;
    return f;
  };

  $('#export').addEventListener('click', open);
  $('#export-cancel').addEventListener('click', () => dialog.close());
  $('#export-form').addEventListener('submit', async ev => {
    ev.preventDefault();
    const f = form();
    const format = $('#export-dialog-format').value;
    const saved = Object.fromEntries(FIELDS.map(n => [n, f[n]]));
    sessionStorage.setItem(key(store.get()), JSON.stringify(saved));
    $('#export-format').value = format;
    dialog.close();
    if (format === 'json') f.view = captureView(ctl, store);
    try {
      await exportViewAs(format, app, f);
    } catch (err) { messages.error(err); }
  });
}
