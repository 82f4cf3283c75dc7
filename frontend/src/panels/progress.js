// The progress bar: shown while a request takes longer than 150 ms (api.js).
import { $ } from '../dom.js';

export function mount({ bus }) {
  bus.on('busy', on => { $('#progress').hidden = !on; document.body.classList.toggle('busy', on); });
}
