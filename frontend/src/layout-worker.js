// The layout worker: runs the force layout of large views and the
// hierarchical layout off the main thread. Receives {id, kind: 'force' |
// 'hierarchy', nodes, edges, options}; answers {id, progress: true,
// positions} while a force layout settles, then {id, positions, ms}, or
// {id, error}.
import { forceLayout } from './layouts/force.js';
import { hierarchyLayout } from './layouts/hierarchy.js';

self.onmessage = ({ data }) => {
  const { id, kind, nodes, edges, options = {} } = data;
  try {
    const t0 = performance.now();
    const positions = kind === 'hierarchy'
      ? hierarchyLayout({ nodes, edges, ...options })
      : forceLayout({ nodes, edges, ...options, onProgress: p => self.postMessage({ id, progress: true, positions: p }) });
    self.postMessage({ id, positions, ms: performance.now() - t0 });
  } catch (err) {
    self.postMessage({ id, error: String((err && err.stack) || err) });
  }
};
