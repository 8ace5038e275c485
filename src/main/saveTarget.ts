/** Where exports go in the desktop app: the user picks a file in a native save dialog. */
import { app, dialog } from 'electron';
import type { BrowserWindow } from 'electron';
import { join } from 'node:path';
import type { SaveTarget } from '../host/exportDegrees';

/**
 * A {@link SaveTarget} that asks with a save dialog, attached to the window `win()` returns.
 * The dialog starts in the user's Documents folder with the suggested name.
 */
export function saveDialogTarget(win: () => BrowserWindow | null): SaveTarget {
  return {
    async choosePath(suggestedName, kind) {
      const options = {
        title: dialogTitle(suggestedName, kind),
        defaultPath: join(app.getPath('documents'), suggestedName),
        filters: kind === 'png' ? [{ name: 'PNG image', extensions: ['png'] }] : [{ name: 'CSV table', extensions: ['csv'] }],
      };
      const parent = win();
      const r = parent ? await dialog.showSaveDialog(parent, options) : await dialog.showSaveDialog(options);
      return r.canceled || !r.filePath ? null : r.filePath;
    },
  };
}

/** The save dialog's title for an export's suggested file name: what it saves, in words. */
export function dialogTitle(suggestedName: string, kind: 'png' | 'csv'): string {
  if (suggestedName.startsWith('plot-')) return kind === 'png' ? 'Save plot' : 'Save plot data';
  if (suggestedName.startsWith('degree-ccdf')) return kind === 'png' ? 'Save degree CCDF' : 'Save degree CCDF data';
  return kind === 'png' ? 'Save degree histogram' : 'Save degree sequence';
}
