"use client";

import Image, { type ImageLoaderProps } from "next/image";
import type { HeroImage as HeroImageData, Rendition } from "@/lib/types";

/**
 * Picks the API rendition for a requested srcset width: the smallest one at
 * least that wide, else the largest there is. Renditions are sorted by width.
 */
export function pickRendition(renditions: Rendition[], width: number): Rendition | undefined {
  return renditions.find((r) => r.width >= width) ?? renditions[renditions.length - 1];
}

/**
 * A hero image through `next/image`, served from the backend's own WebP
 * renditions (400/800/1200/1600 wide) instead of Next's image optimizer.
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
  return (
    <Image
      loader={loader}
      src={fallback.url}
      alt={image.alt}
      width={image.width || fallback.width}
      height={image.height || fallback.height}
      sizes={sizes}
      preload={preload}
      loading={preload ? "eager" : "lazy"}
      fetchPriority={preload ? "high" : undefined}
      className={className}
    />
  );
}
