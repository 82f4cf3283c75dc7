// The export tool: the format picker and "Export view".
import { $ } from '../dom.js';
import { exportViewAs } from '../exporter.js';
import { captureView } from '../view.js';

export function mount({ store, ctl, api, messages }) {
  $('#export').addEventListener('click', async () => {
    if (ctl.visibleIds().length === 0) { messages.error({ title: 'Nothing to export: the view is empty' }); return; }
    try {
      await exportViewAs($('#export-format').value, { ctl, api, title: store.get().title, view: captureView(ctl, store) });
    } catch (err) { messages.error(err); }
  });
}
