import { NextResponse } from "next/server";
import { applySignal, hasValidSecret, parseSignal } from "@/lib/revalidate";

/** Called by Django on publish, unpublish, move and delete. */
export async function POST(request: Request) {
  if (!hasValidSecret(request.headers.get("authorization"), process.env.REVALIDATE_SECRET)) {
    return NextResponse.json({ detail: "Invalid revalidation secret." }, { status: 401 });
  }
  const signal = parseSignal(await request.json().catch(() => null));
  if (!signal) return NextResponse.json({ detail: "Expected {tags, paths}." }, { status: 400 });
  applySignal(signal);
  return NextResponse.json({ revalidated: true, ...signal, now: Date.now() });
}
