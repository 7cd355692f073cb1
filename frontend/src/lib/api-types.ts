/**
 * The backend's JSON as it arrives (Wagtail API v2, Folio's API fields), before
 * `reshape.ts` turns it into the app's own types (`types.ts`). Field names are
 * the API's; identifiers (slugs, ids, paths) are the backend's and are used
 * as they come, never recomputed here.
 */

/** `{"name": "Café", "slug": "café"}`; `post_count` on `/api/v2/tags/` only. */
export type ApiTag = { name: string; slug: string; post_count?: number };

export type ApiSimpleImage = { url: string; width: number; height: number };

export type ApiRendition = ApiSimpleImage & { format: string };

/** `hero_image` (`blog.serializers.HeroImageField`). */
export type ApiHeroImage = {
  id: number;
  title: string;
  alt: string;
  width: number;
  height: number;
  renditions: ApiRendition[];
  thumbnail: ApiSimpleImage | null;
};

/** A post's author (`AuthorsField`) or an `/api/v2/authors/` item (`post_count`). */
export type ApiAuthor = {
  id: number;
  name: string;
  slug: string;
  bio?: string;
  avatar?: ApiSimpleImage | null;
  post_count?: number;
};

/** `meta` of an API v2 page. */
export type ApiPageMeta = {
  type: string;
  detail_url?: string;
  html_url: string | null;
  slug: string;
  first_published_at: string | null;
  last_published_at?: string | null;
  seo_title?: string;
  search_description?: string;
};

/** A post in a listing (`?type=blog.BlogPage`, `POST_SUMMARY_FIELDS` in blog/api/serializers.py) or a featured post. */
export type ApiPostSummary = {
  id: number;
  title: string;
  meta: ApiPageMeta;
  excerpt?: string;
  date?: string;
  last_published_at?: string | null;
  reading_time?: number;
  hero_image?: ApiHeroImage | null;
  social_image?: ApiSimpleImage | null;
  tags?: ApiTag[];
  authors?: ApiAuthor[];
  canonical_url?: string;
};

/** A post's detail. */
/** A listing item asked for with `fields=body_html` (feeds). */
export type ApiFeedPost = ApiPostSummary & { body_html?: string };
export type ApiPost = ApiFeedPost & { comments_enabled?: boolean };

/** Any page's detail: a post, the home page, the blog index or another type. */
export type ApiPage = ApiPost & { intro?: string; featured_posts?: ApiPostSummary[] };

/** `{"meta": {"total_count"}, "items": [...]}`, every API v2 listing. */
export type ApiListing<T> = { meta: { total_count: number }; items: T[] };

/** `GET /api/uploads/limits/`: what the server accepts. */
export type ApiUploadLimits = { max_size: number; content_types: string[] };
