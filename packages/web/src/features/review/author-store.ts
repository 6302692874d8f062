import { create } from 'zustand';

const KEY = 'assay.reviewer';

function stored(): string {
  try {
    return window.localStorage.getItem(KEY) ?? '';
  } catch {
    return '';
  }
}

/** The reviewer's name (every edit from the app carries it), kept in this browser's localStorage. */
export const useAuthor = create<{ author: string; setAuthor: (name: string) => void }>((set) => ({
  author: stored(),
  setAuthor: (author) => {
    try {
      window.localStorage.setItem(KEY, author);
    } catch {
      // private mode: keep it for this page only
    }
    set({ author });
  },
}));
