// The page's panels and tools, mounted in this order by main.js. Each module
// exports mount(app) (app = { bus, store, api, ctl, actions, messages }),
// finds its DOM by id in index.html, and talks to the rest only through the
// store, the bus, the actions and the controller. See frontend/README.md.
import * as progress from './progress.js';
import * as searchBox from './search-box.js';
import * as paths from './paths.js';
import * as oversight from './oversight.js';
import * as answers from './answers.js';
import * as details from './details.js';
import * as actionbar from './actionbar.js';
import * as layouts from './layouts.js';
import * as filters from './filters.js';
import * as legend from './legend.js';
import * as exportDialog from './export-dialog.js';
import * as keyboard from './keyboard.js';
import * as token from './token.js';
import * as importDialog from './import.js';
import * as status from './status.js';
import * as analysisPanel from './analysis.js';
import * as timebar from './timebar.js';
import * as map from './map.js';
import * as hovercard from './hovercard.js';
import * as grouping from './grouping.js';
import * as undo from './undo.js';
import * as hidden from './hidden.js';
import * as contextMenu from './contextmenu.js';
import * as overview from './overview.js';
import * as notes from './notes.js';
import * as charts from './charts.js';
import * as editor from './editor.js';
import * as duplicates from './duplicates.js';
import * as draw from './draw.js';
import * as recordHistory from './record-history.js';

export const PANELS = [
  progress,
  searchBox,
  paths,
  oversight,
  answers,
  details,
  actionbar,
  layouts,
  filters,
  legend,
  exportDialog,
  keyboard,
  token,
  importDialog,
  status,
  analysisPanel,
  timebar,
  map,
  hovercard,
  grouping,
  undo,
  hidden,
  contextMenu,
  overview,
  notes,
  charts,
  editor,
  duplicates,
  draw,
  recordHistory,
];
