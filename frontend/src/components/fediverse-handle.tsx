import { fediverseHandle } from "@/lib/fediverse";
import { CopyButton } from "./copy-button";

/** An author's fediverse handle with a copy button (server-rendered; the button is the client
 * part). ``name`` says whose it is, where several authors' handles stand together. */
export function FediverseHandle({ slug, name }: { slug: string; name?: string }) {
  const handle = fediverseHandle(slug);
  return (
    <span className="fediverse-handle">
      <span className="meta">
        {name ? `Follow ${name} on the fediverse:` : "Follow on the fediverse:"}
      </span>{" "}
      <code>{handle}</code> <CopyButton text={handle} label={`Copy ${handle}`} />
    </span>
  );
}

/** Every author's handle, in byline order (one author: as ``FediverseHandle`` alone). */
export function FediverseHandles({ authors }: { authors: { slug: string; name: string }[] }) {
  const [only, ...others] = authors;
  if (only === undefined) return null;
  if (others.length === 0) return <FediverseHandle slug={only.slug} />;
  return (
    <ul className="fediverse-handles">
      {authors.map((author) => (
        <li key={author.slug}>
          <FediverseHandle slug={author.slug} name={author.name} />
        </li>
      ))}
    </ul>
  );
}
