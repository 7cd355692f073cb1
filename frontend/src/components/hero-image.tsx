import { getImageProps, type ImageLoaderProps } from "next/image";
import { preload as preloadImage } from "react-dom";
import type { HeroImage as HeroImageData, Rendition } from "@/lib/types";

/**
 * Picks the API rendition for a requested srcset width: the smallest one at
 * least that wide, else the largest there is. Renditions are sorted by width.
 */
export function pickRendition(renditions: Rendition[], width: number): Rendition | undefined {
  return renditions.find((r) => r.width >= width) ?? renditions[renditions.length - 1];
}

/**
 * A hero image from the backend's own WebP renditions (400/800/1200/1600 wide)
 * instead of Next's image optimizer. `getImageProps` computes what `next/image`
 * would render, as a plain server-rendered `<img>`: the picture needs no
 * JavaScript in the browser. `preload` (the page's LCP image) adds a
 * high-priority `<link rel="preload">` with the same srcset.
 */
export function HeroImage({
  image,
  sizes,
  preload = false,
  className,
}: {
  image: HeroImageData;
  sizes: string;
  preload?: boolean;
  className?: string;
}) {
  const loader = ({ width }: ImageLoaderProps) => pickRendition(image.renditions, width)?.url ?? "";
  const fallback = pickRendition(image.renditions, 800);
  if (!fallback) return null;
  const { props } = getImageProps({
    loader,
    src: fallback.url,
    alt: image.alt,
    width: image.width || fallback.width,
    height: image.height || fallback.height,
    sizes,
    loading: preload ? "eager" : "lazy",
    fetchPriority: preload ? "high" : undefined,
    className,
  });
  if (preload) {
    preloadImage(props.src, {
      as: "image",
      imageSrcSet: props.srcSet,
      imageSizes: props.sizes,
      fetchPriority: "high",
    });
  }
  // eslint-disable-next-line @next/next/no-img-element -- next/image's own props, without its client code
  return <img {...props} alt={image.alt} />;
}
