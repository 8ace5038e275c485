/** Opening a recording by dropping its file anywhere on the window. */
import type { DragEvent } from 'react';
import { openRecording } from './controller';
import { blobSource } from './source';

/** Handlers to spread on the window's root element. */
export interface DropHandlers {
  onDragOver: (e: DragEvent) => void;
  onDrop: (e: DragEvent) => void;
}

/** Drop handlers: a dropped file is opened as a recording (a file that is not one is refused in words). */
export function useRecordingDrop(): DropHandlers {
  return {
    onDragOver: (e) => {
      if (e.dataTransfer.types.includes('Files')) {
        e.preventDefault();
        e.dataTransfer.dropEffect = 'copy';
      }
    },
    onDrop: (e) => {
      const file = e.dataTransfer.files[0];
      if (!file) return;
      e.preventDefault();
      void openRecording(blobSource(file, file.name));
    },
  };
}
