import { render, screen } from "@testing-library/react";
import { describe, expect, it } from "vitest";
import { HeroImage, pickRendition } from "./hero-image";

const renditions = [400, 800, 1200, 1600].map((width) => ({
  url: `http://b/${width}.webp`,
  width,
  height: (width * 9) / 16,
  format: "webp",
}));

describe("pickRendition", () => {
  it("chooses the smallest rendition at least as wide as asked", () => {
    expect(pickRendition(renditions, 400)?.width).toBe(400);
    expect(pickRendition(renditions, 640)?.width).toBe(800);
    expect(pickRendition(renditions, 3840)?.width).toBe(1600);
    expect(pickRendition([], 400)).toBeUndefined();
  });
});

describe("HeroImage", () => {
  it("builds its srcset from the API's renditions with the alt text", () => {
    render(
      <HeroImage
        image={{ id: 1, alt: "A hero", width: 1600, height: 900, renditions, thumbnail: null }}
        sizes="100vw"
      />,
    );
    const img = screen.getByRole("img", { name: "A hero" });
    // Every srcset candidate is one of the API's renditions (never Next's optimizer).
    const urls = (img.getAttribute("srcset") ?? "").split(", ").map((entry) => entry.split(" ")[0]);
    expect(urls.length).toBeGreaterThan(0);
    for (const url of urls) expect(renditions.map((r) => r.url)).toContain(url);
    expect(urls).toContain("http://b/1600.webp");
    expect(img).toHaveAttribute("loading", "lazy");
  });
});
