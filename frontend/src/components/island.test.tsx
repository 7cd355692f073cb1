import { act, fireEvent, render, screen } from "@testing-library/react";
import { afterEach, describe, expect, it, vi } from "vitest";
import { island } from "./island";

/** jsdom has no IntersectionObserver: a minimal one the test can trigger. */
class FakeObserver {
  static instances: FakeObserver[] = [];
  observed: Element[] = [];
  constructor(
    private callback: IntersectionObserverCallback,
    readonly options?: IntersectionObserverInit,
  ) {
    FakeObserver.instances.push(this);
  }
  observe(element: Element) {
    this.observed.push(element);
  }
  disconnect() {
    this.observed = [];
  }
  enter() {
    const entries = this.observed.map((target) => ({ target, isIntersecting: true }));
    this.callback(entries as IntersectionObserverEntry[], this as unknown as IntersectionObserver);
  }
}

afterEach(() => {
  FakeObserver.instances = [];
  vi.unstubAllGlobals();
});

function makeIsland() {
  const load = vi.fn(async () => {
    return function Loaded({ label }: { label: string }) {
      return <p>Loaded {label}</p>;
    };
  });
  const Island = island<{ label: string }>("demo", load, ({ label }) => <p>Waiting {label}</p>);
  return { load, Island };
}

describe("island", () => {
  it("renders the placeholder and loads the component only when it comes into view", async () => {
    vi.stubGlobal("IntersectionObserver", FakeObserver);
    const { load, Island } = makeIsland();
    const { container } = render(<Island label="thread" />);
    expect(screen.getByText("Waiting thread")).toBeInTheDocument();
    expect(container.querySelector('[data-island="demo"]')).not.toBeNull();
    expect(load).not.toHaveBeenCalled();
    expect(FakeObserver.instances[0]?.options?.rootMargin).toBeTruthy();

    act(() => FakeObserver.instances[0]!.enter());
    expect(await screen.findByText("Loaded thread")).toBeInTheDocument();
    expect(load).toHaveBeenCalledTimes(1);
    expect(FakeObserver.instances[0]!.observed).toEqual([]);
  });

  it("loads on the reader's first interaction with the placeholder", async () => {
    vi.stubGlobal("IntersectionObserver", FakeObserver);
    const { load, Island } = makeIsland();
    const { container } = render(<Island label="likes" />);
    expect(load).not.toHaveBeenCalled();
    fireEvent.focusIn(container.querySelector('[data-island="demo"]')!);
    expect(await screen.findByText("Loaded likes")).toBeInTheDocument();
  });

  it("loads at once when asked to on mount (a permalink into the island)", async () => {
    vi.stubGlobal("IntersectionObserver", FakeObserver);
    const load = vi.fn(async () => {
      return function Loaded() {
        return <p>Loaded now</p>;
      };
    });
    const Island = island("demo", load, () => <p>Waiting</p>, { loadAtOnce: () => true });
    render(<Island />);
    expect(await screen.findByText("Loaded now")).toBeInTheDocument();
    expect(load).toHaveBeenCalledTimes(1);
  });

  it("loads when its own trigger fires, and nearness alone does not load it", async () => {
    vi.stubGlobal("IntersectionObserver", FakeObserver);
    let fire = () => {};
    const cleanup = vi.fn();
    const load = vi.fn(async () => {
      return function Loaded() {
        return <p>Loaded by trigger</p>;
      };
    });
    const Island = island("demo", load, () => <p>Waiting</p>, {
      trigger: (_node, show) => {
        fire = show;
        return cleanup;
      },
    });
    const { container } = render(<Island />);
    expect(FakeObserver.instances).toEqual([]);
    fireEvent.focusIn(container.querySelector('[data-island="demo"]')!);
    expect(load).not.toHaveBeenCalled();
    act(() => fire());
    expect(await screen.findByText("Loaded by trigger")).toBeInTheDocument();
    expect(cleanup).toHaveBeenCalled();
  });
});
