"use client";

import { lazy, Suspense, useEffect, useRef, useState, type ComponentType } from "react";

/** How far outside the viewport an island starts loading, so it is ready when scrolled to. */
const MARGIN = "300px 0px";

/**
 * A client island loaded when needed: the page ships only this wrapper and the
 * placeholder; the component's own code (`load`, a dynamic `import()`, so the
 * bundler gives it a chunk of its own) is fetched once the placeholder comes
 * near the viewport, or the reader points at or focuses into it.
 * The placeholder is server-rendered HTML and stays until the chunk is in.
 *
 * `name` becomes `data-island` on the wrapper (tests scroll to it). `loadAtOnce`,
 * checked on mount, loads it straight away (a permalink into the island).
 */
export function island<P extends object>(
  name: string,
  load: () => Promise<ComponentType<P>>,
  Placeholder: ComponentType<P>,
  loadAtOnce: () => boolean = () => false,
): ComponentType<P> {
  const Lazy = lazy(async () => ({ default: await load() }));
  function Island(props: P) {
    const ref = useRef<HTMLDivElement>(null);
    const [needed, setNeeded] = useState(false);

    useEffect(() => {
      const node = ref.current;
      if (!node || needed) return;
      const show = () => setNeeded(true);
      if (typeof IntersectionObserver === "undefined" || loadAtOnce()) return show();
      const observer = new IntersectionObserver(
        (entries) => {
          if (entries.some((entry) => entry.isIntersecting)) show();
        },
        { rootMargin: MARGIN },
      );
      observer.observe(node);
      node.addEventListener("pointerover", show, { once: true });
      node.addEventListener("focusin", show, { once: true });
      return () => {
        observer.disconnect();
        node.removeEventListener("pointerover", show);
        node.removeEventListener("focusin", show);
      };
    }, [needed]);

    const placeholder = <Placeholder {...props} />;
    return (
      <div ref={ref} className="island" data-island={name}>
        {needed ? (
          <Suspense fallback={placeholder}>
            <Lazy {...props} />
          </Suspense>
        ) : (
          placeholder
        )}
      </div>
    );
  }
  Island.displayName = `Island(${name})`;
  return Island;
}
