import { type RefObject, useEffect, useState } from 'react';

/** The width of an element, kept current as the window (or a phone's orientation) changes. */
export function useWidth(ref: RefObject<HTMLElement | null>): number {
  const [width, setWidth] = useState(0);
  useEffect(() => {
    const element = ref.current;
    if (!element) return;
    setWidth(Math.floor(element.getBoundingClientRect().width));
    const observer = new ResizeObserver(([entry]) => {
      if (!entry) return;
      // Charts are drawn again only for a change a reader can see.
      const next = Math.floor(entry.contentRect.width);
      setWidth((previous) => (Math.abs(previous - next) >= 8 ? next : previous));
    });
    observer.observe(element);
    return () => observer.disconnect();
  }, [ref]);
  return width;
}
