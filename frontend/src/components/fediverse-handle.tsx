import { fediverseHandle } from "@/lib/fediverse";
import { CopyButton } from "./copy-button";

/** An author's fediverse handle with a copy button (server-rendered; the button is the client part). */
export function FediverseHandle({ slug }: { slug: string }) {
  const handle = fediverseHandle(slug);
  return (
    <span className="fediverse-handle">
      <span className="meta">Follow on the fediverse:</span> <code>{handle}</code>{" "}
      <CopyButton text={handle} label={`Copy ${handle}`} />
    </span>
  );
}
