#!/usr/bin/env node
/**
 * Lighthouse budget for Folio's production build: prints performance,
 * accessibility, best-practices and SEO scores (and Core Web Vitals) for the
 * home page and a post page. A report, not a timed test.
 *
 *   BENCH_URL=http://127.0.0.1:3000 node bench/lighthouse.mjs [/extra/path/ ...]
 *
 * Needs the site running (`npm run build && npm start`, or scripts/run) and
 * Chromium at CHROME_PATH (default /usr/bin/chromium). JSON reports are written
 * to bench/results/. Set BENCH_STRICT=1 to exit 1 when a target is missed.
 */
import { mkdir, writeFile } from "node:fs/promises";
import path from "node:path";
import { fileURLToPath } from "node:url";
import * as chromeLauncher from "chrome-launcher";
import lighthouse from "lighthouse";

const BASE = (process.env.BENCH_URL ?? "http://127.0.0.1:3000").replace(/\/$/, "");
const CHROME_PATH = process.env.CHROME_PATH ?? "/usr/bin/chromium";
const RESULTS = path.join(path.dirname(fileURLToPath(import.meta.url)), "results");
const TARGETS = { performance: 95, accessibility: 100, "best-practices": 100, seo: 100 };
const RUNS = Number(process.env.BENCH_RUNS ?? 1);

/** The newest post, found through the site's own sitemap. */
async function firstPostPath() {
  const xml = await (await fetch(`${BASE}/sitemap.xml`)).text();
  const locs = [...xml.matchAll(/<loc>([^<]+)<\/loc>/g)].map((m) => new URL(m[1]).pathname);
  return locs.find((p) => /^\/blog\/[^/]+\/$/.test(p) && !p.startsWith("/blog/page/")) ?? "/blog/";
}

async function audit(chrome, url) {
  const result = await lighthouse(url, {
    port: chrome.port,
    output: "json",
    logLevel: "error",
    onlyCategories: Object.keys(TARGETS),
  });
  if (!result) throw new Error(`Lighthouse returned nothing for ${url}`);
  const { categories, audits } = result.lhr;
  return {
    scores: Object.fromEntries(
      Object.keys(TARGETS).map((key) => [key, Math.round((categories[key]?.score ?? 0) * 100)]),
    ),
    metrics: {
      FCP: audits["first-contentful-paint"]?.displayValue,
      LCP: audits["largest-contentful-paint"]?.displayValue,
      TBT: audits["total-blocking-time"]?.displayValue,
      CLS: audits["cumulative-layout-shift"]?.displayValue,
      SI: audits["speed-index"]?.displayValue,
    },
    failing: Object.values(audits)
      .filter((a) => a.score !== null && a.score < 1 && a.scoreDisplayMode === "binary")
      .map((a) => a.id),
    report: result.report,
  };
}

const paths = ["/", await firstPostPath(), ...process.argv.slice(2)];
// Warm up: the first request after a deploy or publish may regenerate the page.
for (const pagePath of paths) await fetch(`${BASE}${pagePath}`).catch(() => {});
const chrome = await chromeLauncher.launch({
  chromePath: CHROME_PATH,
  chromeFlags: [
    "--headless=new",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
  ],
});
await mkdir(RESULTS, { recursive: true });
let missed = false;
try {
  for (const pagePath of paths) {
    const url = `${BASE}${pagePath}`;
    for (let run = 1; run <= RUNS; run++) {
      const { scores, metrics, failing, report } = await audit(chrome, url);
      const name = pagePath === "/" ? "home" : pagePath.replace(/^\/|\/$/g, "").replace(/\//g, "_");
      await writeFile(path.join(RESULTS, `${name}-${run}.json`), report);
      const line = Object.entries(scores)
        .map(
          ([key, value]) =>
            `${key} ${value}${value < TARGETS[key] ? " (below " + TARGETS[key] + ")" : ""}`,
        )
        .join(" · ");
      if (Object.entries(scores).some(([key, value]) => value < TARGETS[key])) missed = true;
      console.log(`${url}${RUNS > 1 ? ` [run ${run}]` : ""}\n  ${line}`);
      console.log(
        `  ${Object.entries(metrics)
          .map(([k, v]) => `${k} ${v}`)
          .join(" · ")}`,
      );
      if (failing.length) console.log(`  failing audits: ${failing.join(", ")}`);
    }
  }
} finally {
  chrome.kill();
}
console.log(missed ? "Some targets were missed." : "All Lighthouse targets met.");
if (missed && process.env.BENCH_STRICT === "1") process.exit(1);
