import { useEffect } from 'react';

/** Sets the window title, so screen-reader users and browser tabs know which page is open. */
export function usePageTitle(title: string) {
  useEffect(() => {
    document.title = title ? `${title} · Tandem` : 'Tandem';
  }, [title]);
}
