"use client";

import { lazy, Suspense, useEffect, useRef, useState, type ComponentType } from "react";

/** How far outside the viewport an island starts loading, so it is ready when scrolled to. */
const MARGIN = "300px 0px";

/**
 * What makes an island load: given the island's wrapper and `load`, it calls
 * `load` when the time comes and returns its cleanup.
 */
export type IslandTrigger = (node: HTMLElement, load: () => void) => (() => void) | void;

/** The default: the wrapper comes near the viewport, or the reader points at or focuses into it. */
export const nearOrTouched: IslandTrigger = (node, load) => {
  if (typeof IntersectionObserver === "undefined") return load();
  const observer = new IntersectionObserver(
    (entries) => {
      if (entries.some((entry) => entry.isIntersecting)) load();
    },
    { rootMargin: MARGIN },
  );
  observer.observe(node);
  node.addEventListener("pointerover", load, { once: true });
  node.addEventListener("focusin", load, { once: true });
  return () => {
    observer.disconnect();
    node.removeEventListener("pointerover", load);
    node.removeEventListener("focusin", load);
  };
};

export type IslandOptions = {
  /** Checked on mount: load straight away (a permalink into the island). */
  loadAtOnce?: () => boolean;
  /** When to load otherwise (default `nearOrTouched`). */
  trigger?: IslandTrigger;
};

/**
 * A client island loaded when needed: the page ships only this wrapper and the
 * placeholder; the component's own code (`load`, a dynamic `import()`, so the
 * bundler gives it a chunk of its own) is fetched once its trigger fires.
 * The placeholder is server-rendered HTML and stays until the chunk is in.
 *
 * `name` becomes `data-island` on the wrapper (tests scroll to it).
 */
export function island<P extends object>(
  name: string,
  load: () => Promise<ComponentType<P>>,
  Placeholder: ComponentType<P>,
  { loadAtOnce = () => false, trigger = nearOrTouched }: IslandOptions = {},
): ComponentType<P> {
  const Lazy = lazy(async () => ({ default: await load() }));
  function Island(props: P) {
    const ref = useRef<HTMLDivElement>(null);
    const [needed, setNeeded] = useState(false);

    useEffect(() => {
      const node = ref.current;
      if (!node || needed) return;
      const show = () => setNeeded(true);
      if (loadAtOnce()) return show();
      return trigger(node, show) ?? undefined;
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
