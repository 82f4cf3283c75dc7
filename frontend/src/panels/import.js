// The import dialog: pick files, preview their first rows, map the columns
// of a CSV to fields, see the dry run's problems and duplicates, import
// (POST /api/v1/import?format=…&dry_run=…, multipart; a CSV mapping is
// sent as the "map" part, JSON being YAML).
import { $, h, clear } from '../dom.js';

const FORMATS = ['yaml', 'json', 'csv', 'graphml', 'gexf', 'stix', 'ftm'];

// Fields a CSV table may give, by the kind of rows it holds.
const FIELDS = {
  entities: ['id', 'name', 'kind', 'aliases', 'summary', 'marking'],
  relations: ['id', 'from', 'to', 'type', 'since', 'until', 'credibility', 'source', 'note', 'marking'],
};

// Other headers taken for a field when the names match (lower case).
const SYNONYMS = {
  name: ['full name', 'label', 'title'], kind: ['category', 'class'], aliases: ['other names', 'aka', 'alias'],
  from: ['source', 'who', 'subject'], to: ['target', 'whom', 'object'], type: ['relation', 'link', 'relationship'],
  since: ['start', 'from date'], until: ['end', 'to date'], credibility: ['conf', 'confidence'], source: ['citation', 'url'],
};

// formatOf infers the format from a file name as the server does.
export function formatOf(name) {
  const n = name.toLowerCase();
  if (n.endsWith('.yaml') || n.endsWith('.yml')) return 'yaml';
  if (n.endsWith('.stix.json') || n.endsWith('.stix')) return 'stix';
  if (n.endsWith('.ftm.json') || n.endsWith('.ftm') || n.endsWith('.jsonl') || n.endsWith('.ndjson')) return 'ftm';
  for (const f of ['json', 'csv', 'graphml', 'gexf']) if (n.endsWith(`.${f}`)) return f;
  return '';
}

// parseCSV reads up to max rows of CSV text (quotes, doubled quotes,
// newlines inside quotes).
export function parseCSV(text, max = 6) {
  const rows = [];
  let row = [], cell = '', quoted = false;
  const s = text.replace(/^\uFEFF/, '');
  for (let i = 0; i < s.length && rows.length < max; i++) {
    const c = s[i];
    if (quoted) {
      if (c === '"' && s[i + 1] === '"') { cell += '"'; i++; } else if (c === '"') quoted = false; else cell += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') { row.push(cell); cell = ''; }
    else if (c === '\n' || c === '\r') {
      if (c === '\r' && s[i + 1] === '\n') i++;
      row.push(cell); cell = '';
      if (row.length > 1 || row[0] !== '') rows.push(row);
      row = [];
    } else cell += c;
  }
  if ((cell !== '' || row.length) && rows.length < max) { row.push(cell); rows.push(row); }
  return rows;
}

// guessColumn picks the header that gives a field, or ''.
function guessColumn(field, headers) {
  const names = [field, ...(SYNONYMS[field] || [])];
  return headers.find(hd => names.includes(hd.trim().toLowerCase())) || '';
}

export function mount({ api, messages }) {
  const dialog = $('#import-dialog');
  const filesInput = $('#import-files');
  const formatSel = $('#import-format');
  const preview = $('#import-preview');
  const mappingBox = $('#import-mapping');
  const result = $('#import-result');
  const runBtn = $('#import-run');
  let files = [];   // [{file, text, rows}]
  let checked = false;

  const format = () => formatSel.value || (files[0] ? formatOf(files[0].file.name) : '');
  const own = f => /^(nodes|edges|sources)/i.test(f.file.name);
  const mapped = () => format() === 'csv' && files.length > 0 && !files.every(own);

  function invalidate() {
    checked = false;
    runBtn.disabled = true;
    clear(result);
  }

  function renderPreview() {
    clear(preview);
    for (const f of files) {
      const box = h('div', { class: 'import-file', 'data-file': f.file.name }, h('h3', { text: f.file.name }));
      if (format() === 'csv') {
        const [head = [], ...body] = f.rows;
        box.append(h('table', { class: 'import-rows' },
          h('thead', {}, h('tr', {}, head.map(c => h('th', { text: c })))),
          h('tbody', {}, body.map(r => h('tr', {}, r.map(c => h('td', { text: c })))))));
      } else {
        box.append(h('pre', { class: 'import-text', text: f.text.split('\n').slice(0, 12).join('\n') }));
      }
      preview.append(box);
    }
  }

  // renderMapping draws, per CSV file, which rows it holds and which column
  // (or constant) gives each field.
  function renderMapping() {
    clear(mappingBox);
    mappingBox.hidden = !mapped();
    if (!mapped()) return;
    mappingBox.append(h('p', { class: 'muted', text: 'Map the columns of each file to fields; a constant fills a field no column gives.' }));
    for (const f of files) {
      const headers = f.rows[0] || [];
      const guessRows = headers.some(hd => ['from', 'to', 'source', 'target', 'who'].includes(hd.trim().toLowerCase())) ? 'relations' : 'entities';
      const rowsSel = h('select', { class: 'map-rows', 'aria-label': `${f.file.name}: rows` },
        ['entities', 'relations'].map(r => h('option', { value: r, text: r, selected: r === guessRows })));
      const grid = h('div', { class: 'map-grid' });
      const table = h('fieldset', { class: 'map-table', 'data-file': f.file.name },
        h('legend', { text: f.file.name }), h('label', {}, 'Rows are ', rowsSel), grid);
      const drawFields = () => {
        clear(grid);
        for (const field of FIELDS[rowsSel.value]) {
          const col = h('select', { class: 'map-col', 'data-field': field, 'aria-label': `${f.file.name}: ${field} column` },
            h('option', { value: '', text: '—' }),
            headers.map(hd => h('option', { value: hd, text: hd, selected: hd === guessColumn(field, headers) })));
          const constant = h('input', { class: 'map-const', 'data-field': field, 'aria-label': `${f.file.name}: ${field} constant`, placeholder: 'constant' });
          col.addEventListener('change', invalidate);
          constant.addEventListener('input', invalidate);
          grid.append(h('span', { class: 'map-field', text: field }), col, constant);
        }
      };
      rowsSel.addEventListener('change', () => { drawFields(); invalidate(); });
      drawFields();
      mappingBox.append(table);
    }
  }

  // mapping builds the mapping the server reads (JSON is YAML).
  function mapping() {
    const tables = [];
    for (const t of mappingBox.querySelectorAll('.map-table')) {
      const table = { file: t.dataset.file, rows: t.querySelector('.map-rows').value, columns: {}, constants: {} };
      for (const sel of t.querySelectorAll('.map-col')) if (sel.value) table.columns[sel.dataset.field] = sel.value;
      for (const inp of t.querySelectorAll('.map-const')) if (inp.value.trim()) table.constants[inp.dataset.field] = inp.value.trim();
      tables.push(table);
    }
    return { tables };
  }

  async function send(dryRun) {
    const fmt = format();
    if (!files.length) throw { title: 'Pick one or more files first' };
    if (!FORMATS.includes(fmt)) throw { title: 'Choose the format: it cannot be told from the file name' };
    const form = new FormData();
    for (const f of files) form.append('file', f.file, f.file.name);
    if (mapped()) form.append('map', new Blob([JSON.stringify(mapping(), null, 1)], { type: 'application/yaml' }), 'mapping.yaml');
    return api.request('POST', '/import', {
      form, query: { format: fmt, dry_run: dryRun ? 'true' : '', allow_unsourced: $('#import-unsourced').checked ? 'true' : '' },
    });
  }

  function showDryRun(ans) {
    clear(result);
    const problems = ans.problems || [];
    if (problems.length) {
      result.append(h('p', { class: 'import-verdict bad', text: `${problems.length} problem${problems.length === 1 ? '' : 's'}: nothing can be imported until they are fixed` }),
        h('ul', { class: 'import-problems' }, problems.map(p => h('li', {},
          h('code', { text: [p.file, p.line || ''].filter(Boolean).join(':') }), ' ',
          p.record ? h('span', { class: 'muted', text: `${p.record} ` }) : null,
          h('strong', { text: p.field || '' }), h('span', { text: ` ${p.message}` })))));
      return;
    }
    const w = ans.would_import || {};
    result.append(h('p', { class: 'import-verdict ok', text: `No problems: would import ${w.nodes} entities, ${w.edges} relations, ${w.sources} sources.` }));
    const dups = ans.duplicates || [];
    result.append(h('p', { text: dups.length ? `${dups.length} possible duplicate${dups.length === 1 ? '' : 's'} of entities already here:` : 'No duplicates of entities already here.' }));
    if (dups.length) {
      result.append(h('ul', { class: 'import-duplicates' }, dups.map(c => h('li', { 'data-a': c.a.id, 'data-b': c.b.id },
        h('strong', { text: `${c.b.name} (${c.b.id})` }), ' may be ', h('strong', { text: `${c.a.name} (${c.a.id})` }),
        h('span', { class: 'muted', text: ` ${c.score.toFixed(2)}: ${c.reason}` })))));
    }
    checked = true;
    runBtn.disabled = false;
  }

  $('#import-open').addEventListener('click', () => dialog.showModal());
  $('#import-close').addEventListener('click', () => dialog.close());
  formatSel.addEventListener('change', () => { renderPreview(); renderMapping(); invalidate(); });
  $('#import-unsourced').addEventListener('change', invalidate);
  filesInput.addEventListener('change', async () => {
    files = await Promise.all([...filesInput.files].map(async file => {
      const text = await file.slice(0, 64 * 1024).text();
      return { file, text, rows: parseCSV(text) };
    }));
    if (!formatSel.value && files[0] && !formatOf(files[0].file.name)) messages.error({ title: `Choose the format of ${files[0].file.name}` });
    renderPreview();
    renderMapping();
    invalidate();
  });
  $('#import-check').addEventListener('click', async () => {
    invalidate();
    try { showDryRun(await send(true)); } catch (err) { messages.error(err); }
  });
  runBtn.addEventListener('click', async () => {
    if (!checked) return;
    try {
      const ans = await send(false);
      const n = ans.imported || {};
      clear(result);
      result.append(h('p', { class: 'import-verdict ok', text: `Imported ${n.nodes} entities, ${n.edges} relations, ${n.sources} sources.` }));
      messages.info(`Imported ${n.nodes} entities, ${n.edges} relations, ${n.sources} sources`);
      runBtn.disabled = true;
    } catch (err) { messages.error(err); }
  });
}
