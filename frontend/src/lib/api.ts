/**
 * The one fetch function for the backend. Pages and components never build
 * backend URLs; they call the typed getters in `cms.ts` and `community.ts`.
 */
import { API_URL, FALLBACK_REVALIDATE_SECONDS } from "./config";

export class ApiError extends Error {
  constructor(
    public readonly status: number,
    public readonly url: string,
    public readonly body: unknown = null,
  ) {
    super(`Backend answered ${status} for ${url}`);
    this.name = "ApiError";
  }
}

type Query = Record<string, string | number | undefined | null>;

export function apiUrl(path: string, query: Query = {}): string {
  const url = new URL(`${API_URL}${path.startsWith("/") ? path : `/${path}`}`);
  for (const [key, value] of Object.entries(query)) {
    if (value !== undefined && value !== null && value !== "") {
      url.searchParams.set(key, String(value));
    }
  }
  return url.toString();
}

export type CacheOptions =
  /** Shared, tagged cache: revalidated on publish, or after the fallback period. */
  | { tags: string[]; revalidate?: number }
  /** Per request (search, preview, per-user data). */
  | { noStore: true };

function nextInit(cache: CacheOptions): RequestInit {
  if ("noStore" in cache) return { cache: "no-store" };
  return {
    cache: "force-cache",
    next: { tags: cache.tags, revalidate: cache.revalidate ?? FALLBACK_REVALIDATE_SECONDS },
  };
}

async function readBody(response: Response): Promise<unknown> {
  const text = await response.text();
  if (!text) return null;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return text;
  }
}

/**
 * GET JSON from the backend. Answers `null` for a 404 (a page that does not
 * exist) and throws `ApiError` for anything else that is not 2xx, so that a
 * backend outage never turns into a cached "not found": Next keeps serving the
 * last good page instead.
 */
export async function apiGet(
  path: string,
  { query = {}, cache }: { query?: Query; cache: CacheOptions },
): Promise<unknown> {
  const url = apiUrl(path, query);
  const response = await fetch(url, {
    ...nextInit(cache),
    headers: { Accept: "application/json" },
    signal: AbortSignal.timeout(15_000),
  });
  if (response.status === 404) return null;
  if (!response.ok) throw new ApiError(response.status, url, await readBody(response));
  return readBody(response);
}

/**
 * GET that does not follow a redirect; answers the Location header, or null
 * for a 404. Used for `/api/v2/pages/find/`, whose redirect may name the
 * backend by a host this server cannot reach. (Next's data cache keeps only
 * 200 answers, so this runs whenever the page itself is regenerated.)
 */
export async function apiFindRedirect(
  path: string,
  { query, cache }: { query: Query; cache: CacheOptions },
): Promise<string | null> {
  const url = apiUrl(path, query);
  const response = await fetch(url, {
    ...nextInit(cache),
    redirect: "manual",
    headers: { Accept: "application/json" },
    signal: AbortSignal.timeout(15_000),
  });
  if (response.status === 404) return null;
  const location = response.headers.get("location");
  if (response.status >= 300 && response.status < 400 && location) return location;
  throw new ApiError(response.status, url);
}
