import { render, screen } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { afterEach, describe, expect, it, vi } from "vitest";
import { NewsletterSettings } from "./newsletter-settings";

afterEach(() => {
  vi.unstubAllGlobals();
});

describe("NewsletterSettings", () => {
  it("shows the reader's topics and saves a change through the BFF", async () => {
    const puts: unknown[] = [];
    vi.stubGlobal(
      "fetch",
      vi.fn(async (url: string, init?: RequestInit) => {
        expect(url).toBe("/api/newsletter/me/");
        if (init?.method === "PUT") {
          const body = JSON.parse(String(init.body)) as { topics: string[] };
          puts.push(body);
          return Response.json({
            email: "jane@example.com",
            state: "confirmed",
            topics: body.topics,
          });
        }
        return Response.json({
          email: "jane@example.com",
          state: "confirmed",
          topics: ["blog", "tag:python"],
        });
      }),
    );
    const user = userEvent.setup();
    render(<NewsletterSettings />);
    expect(await screen.findByText("New posts go to jane@example.com.")).toBeInTheDocument();
    const blog = screen.getByRole("checkbox", { name: "Every new post" });
    expect(blog).toBeChecked();
    expect(screen.getByRole("checkbox", { name: "Posts tagged “python”" })).toBeChecked();
    await user.click(blog);
    await user.click(screen.getByRole("button", { name: "Save subscriptions" }));
    expect(await screen.findByText("Subscriptions saved.")).toBeInTheDocument();
    expect(puts).toEqual([{ topics: ["tag:python"] }]);
    expect(screen.getByRole("checkbox", { name: "Every new post" })).not.toBeChecked();
  });

  it("asks a new subscriber to confirm, and names the backend's error", async () => {
    let put = 0;
    vi.stubGlobal(
      "fetch",
      vi.fn(async (_url: string, init?: RequestInit) => {
        if (init?.method !== "PUT")
          return Response.json({ email: "a@b.co", state: "none", topics: [] });
        put += 1;
        return put === 1
          ? Response.json(
              { email: ["Add an email address to your account first."] },
              { status: 400 },
            )
          : Response.json({ email: "a@b.co", state: "pending", topics: ["blog"] });
      }),
    );
    const user = userEvent.setup();
    render(<NewsletterSettings />);
    expect(await screen.findByText("You are not subscribed.")).toBeInTheDocument();
    const save = screen.getByRole("button", { name: "Save subscriptions" });
    expect(save).toBeDisabled();
    await user.click(screen.getByRole("checkbox", { name: "Every new post" }));
    await user.click(save);
    expect(await screen.findByRole("alert")).toHaveTextContent("Add an email address");
    await user.click(save);
    expect(await screen.findByText("Check your inbox to confirm.")).toBeInTheDocument();
    expect(screen.getByTestId("newsletter-state")).toHaveTextContent("confirmation link to a@b.co");
  });
});
