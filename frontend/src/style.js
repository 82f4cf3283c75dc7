// The Cytoscape stylesheet, styled by data: one shape and colour per kind,
// edges labelled by type, dashed when the grade is low, faded when they do
// not hold on the as-of date. KINDS also drives the legend.

export const KINDS = {
  Person:       { color: '#2f6db5', shape: 'ellipse',           label: 'Person' },
  Unit:         { color: '#3f8f3a', shape: 'rectangle',         label: 'Unit' },
  Organization: { color: '#e07b12', shape: 'round-rectangle',   label: 'Organization' },
  State:        { color: '#c8323b', shape: 'octagon',           label: 'State' },
  WeaponSystem: { color: '#8b55a8', shape: 'triangle',          label: 'Weapon system' },
  Place:        { color: '#1d9a9a', shape: 'diamond',           label: 'Place' },
  Event:        { color: '#c9a400', shape: 'star',              label: 'Event' },
};

// stylesheet: rules are the server's (config.js): oversight_types are drawn
// dark red and thicker.
export function stylesheet(rules) {
  const s = [
    {
      selector: 'core',
      style: { 'active-bg-color': '#2f6db5', 'active-bg-opacity': 0.15, 'selection-box-color': '#2f6db5' },
    },
    {
      selector: 'node',
      style: {
        // size by degree (data.deg, shaping.js): 30 px for a leaf to 60 for a hub
        width: 'mapData(deg, 1, 24, 30, 60)', height: 'mapData(deg, 1, 24, 30, 60)',
        'background-color': '#888',
        'border-width': 2, 'border-color': '#fff',
        // labels: level of detail (controller.relabel marks the major nodes
        // and sets data.fs so that the label is 12 rendered pixels)
        label: '',
        'font-size': 12,
        'min-zoomed-font-size': 0,
        'text-valign': 'bottom', 'text-halign': 'center', 'text-margin-y': 3,
        'text-wrap': 'ellipsis', 'text-max-width': 180,
        color: '#1b1f24',
        'text-outline-width': 2, 'text-outline-color': '#fff', 'text-outline-opacity': 0.85,
        'overlay-padding': 4,
      },
    },
    {
      selector: 'edge',
      style: {
        width: 1.6,
        'curve-style': 'bezier',
        'line-color': '#8e9aab',
        'target-arrow-color': '#8e9aab',
        'target-arrow-shape': 'triangle',
        'arrow-scale': 0.9,
        // edge labels on hover, selection, highlight, or from zoom
        // EDGE_LABEL_ZOOM on (class labelled, controller.relabel)
        label: '',
        'font-size': 12,

        'text-rotation': 'autorotate',
        color: '#4a5568',
        'text-background-color': '#fff', 'text-background-opacity': 0.8, 'text-background-padding': 1,
      },
    },
  ];
  for (const [kind, k] of Object.entries(KINDS)) {
    s.push({ selector: `node[kind = "${kind}"]`, style: { 'background-color': k.color, shape: k.shape } });
  }
  s.push(
    { selector: 'node.major', style: { label: 'data(name)', 'font-size': 'data(fs)', 'text-max-width': 'data(tmw)' } },
    { selector: 'node.major.label-above', style: { 'text-valign': 'top', 'text-margin-y': -3 } },
    { selector: 'edge.hover, edge.labelled, edge:selected, edge.hl', style: { label: 'data(type)' } },
    { selector: 'edge.hover', style: { 'z-index': 40 } },
    // shaping.js: "×N" parallel relations, "+N Kind" leaves, compound groups
    { selector: '.in-bundle, .collapsed', style: { display: 'none' } },
    { selector: 'edge.bundle', style: { label: 'data(label)', width: 'mapData(count, 2, 10, 2.6, 6)', 'target-arrow-shape': 'none', 'font-weight': 'bold', color: '#1b1f24', 'line-style': 'solid' } },
    { selector: 'node.leafgroup', style: { shape: 'round-rectangle', width: 130, height: 26, 'border-width': 2, 'border-style': 'dashed', 'border-color': '#1b1f24', 'text-valign': 'center', 'text-margin-y': 0, color: '#fff', 'text-outline-width': 0, 'font-weight': 'bold' } },
    { selector: 'edge.groupedge', style: { label: '', 'line-style': 'dashed', 'target-arrow-shape': 'none', width: 1.2 } },
    { selector: 'node.compound', style: { shape: 'round-rectangle', 'background-color': '#eef2f7', 'background-opacity': 0.6, 'border-width': 1, 'border-style': 'dashed', 'border-color': '#8b97a6', label: 'data(name)', 'text-valign': 'top', 'text-halign': 'center', 'font-size': 14, 'font-weight': 'bold', color: '#3a4656', padding: 16 } },
  );
  s.push(
    { selector: rules.oversight_types.map(t => `edge[type = "${t.replace(/[^A-Za-z0-9_]/g, '')}"]`).join(', ') || 'edge.oversight-none',
      style: { 'line-color': '#7a2d2d', 'target-arrow-color': '#7a2d2d', width: 2.4 } },
    { selector: 'edge[type = "PART_OF"]', style: { 'line-color': '#5b6b7f', 'target-arrow-color': '#5b6b7f' } },
    // Low grade: reliability D-F or credibility 4-6.
    { selector: 'edge[?low]', style: { 'line-style': 'dashed', 'line-dash-pattern': [6, 4] } },
    // Not holding on the as-of date.
    { selector: 'edge.outdated', style: { opacity: 0.15, 'text-opacity': 0.3 } },
    { selector: 'node.outdated', style: { opacity: 0.2 } },
    { selector: 'node.pinned', style: { 'border-color': '#111', 'border-width': 3, 'border-style': 'double' } },
    // Sources' authors and outlets (only citation-role relations): small, grey, italic.
    { selector: 'node.citation-role', style: { 'background-color': '#c9ccd1', 'border-style': 'dashed', 'border-width': 1.5, 'border-color': '#777', 'font-style': 'italic', color: '#666', width: 18, height: 18 } },
    // Annotations of a saved chart: a note node on the canvas.
    { selector: 'node.annotation', style: { shape: 'round-rectangle', 'background-color': '#fff8c4', 'border-color': '#c9a800', 'border-width': 1, label: 'data(name)', 'text-valign': 'center', 'text-halign': 'center', 'text-wrap': 'wrap', 'text-max-width': 160, width: 'label', height: 'label', padding: 6, 'font-size': 11, color: '#333' } },
    { selector: 'node:selected', style: { 'border-color': '#111', 'border-width': 4, 'min-zoomed-font-size': 0, 'z-index': 20 } },
    { selector: 'edge:selected', style: { 'line-color': '#111', 'target-arrow-color': '#111', width: 3.5, 'min-zoomed-font-size': 0 } },
    // Network analysis (panels/analysis.js): size by a centrality, colour by community.
    { selector: 'node[asize]', style: { width: 'data(asize)', height: 'data(asize)' } },
    { selector: 'node[acolour]', style: { 'background-color': 'data(acolour)' } },
    // Evidence path highlight (paths, oversight answers).
    { selector: '.dim', style: { opacity: 0.18 } },
    { selector: 'node.hl', style: { 'border-color': '#e8a700', 'border-width': 5, opacity: 1, 'min-zoomed-font-size': 0, 'z-index': 30 } },
    { selector: 'edge.hl', style: { 'line-color': '#e8a700', 'target-arrow-color': '#e8a700', width: 5, opacity: 1, 'min-zoomed-font-size': 0, 'z-index': 30 } },
    // Filtered out (kind, type, grade, as-of in hide mode) or hidden by the user.
    { selector: '.filtered, .user-hidden', style: { display: 'none' } },
  );
  return s;
}

// Large graphs draw haystack edges (the cheapest: no arrows, no labels)
// except for the selected and highlighted ones, and node labels only when
// zoomed in.
export function largeGraphOverrides() {
  return [
    { selector: 'edge', style: { 'curve-style': 'haystack', 'haystack-radius': 0, label: '', 'text-background-opacity': 0 } },
    { selector: 'node', style: { 'border-width': 0 } },
    { selector: 'edge:selected, edge.hl, edge.hover', style: { label: 'data(type)', 'curve-style': 'straight', 'arrow-scale': 0.8 } },
    { selector: 'edge.bundle', style: { label: 'data(label)', 'curve-style': 'straight' } },
    { selector: 'node:selected, node.hl', style: { 'border-width': 4 } },
    { selector: 'node.pinned', style: { 'border-width': 3 } },
  ];
}
