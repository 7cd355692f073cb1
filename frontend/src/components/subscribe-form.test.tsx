import { render, screen } from "@testing-library/react";
import { describe, expect, it } from "vitest";
import { SubscribeForm } from "./subscribe-form";

describe("SubscribeForm", () => {
  it("is a plain POST form to the BFF, one preset topic as a hidden field", () => {
    const { container } = render(
      <SubscribeForm
        id="s"
        topics={[{ key: "tag:python", label: "Posts tagged “Python”", checked: true }]}
        returnPath="/tags/python/"
      />,
    );
    const form = container.querySelector("form")!;
    expect(form.getAttribute("method")).toBe("post");
    expect(form.getAttribute("action")).toBe("/api/newsletter/subscribe/");
    const data = new FormData(form);
    expect(data.getAll("topic")).toEqual(["tag:python"]);
    expect(data.get("next")).toBe("/tags/python/");
    expect(screen.getByLabelText("Email address")).toHaveAttribute("type", "email");
    expect(screen.queryByRole("checkbox")).toBeNull();
    expect(screen.getByRole("heading", { name: "Get new posts by email" })).toBeInTheDocument();
  });

  it("offers several topics as checkboxes, ticked as given", () => {
    render(
      <SubscribeForm
        id="s"
        topics={[
          { key: "blog", label: "Every new post", checked: true },
          { key: "author:jane", label: "Only posts by Jane", checked: false },
        ]}
      />,
    );
    expect(screen.getByRole("checkbox", { name: "Every new post" })).toBeChecked();
    expect(screen.getByRole("checkbox", { name: "Only posts by Jane" })).not.toBeChecked();
  });

  it("names the field in error and refills the address", () => {
    render(
      <SubscribeForm
        id="s"
        topics={[{ key: "blog", label: "Every new post", checked: true }]}
        error="email"
        email="reader@example"
      />,
    );
    const input = screen.getByLabelText("Email address");
    expect(input).toHaveValue("reader@example");
    expect(input).toHaveAttribute("aria-invalid", "true");
    expect(input).toHaveAccessibleDescription(
      "Enter a valid email address, like name@example.com.",
    );
    expect(screen.getByRole("alert")).toHaveTextContent("valid email address");
  });

  it("says so when the one hidden topic was refused, with a way on", () => {
    render(
      <SubscribeForm
        id="s"
        topics={[{ key: "tag:gone", label: "Posts tagged “Gone”", checked: true }]}
        error="topics"
      />,
    );
    expect(screen.getByRole("alert")).toHaveTextContent("topic is no longer offered");
    expect(screen.getByRole("link", { name: "newsletter page" })).toHaveAttribute(
      "href",
      "/newsletter/",
    );
  });

  it("shows a form-wide error apart from the fields", () => {
    render(
      <SubscribeForm
        id="s"
        topics={[{ key: "blog", label: "Every new post", checked: true }]}
        error="throttled"
      />,
    );
    expect(screen.getByLabelText("Email address")).not.toHaveAttribute("aria-invalid");
    expect(screen.getByRole("alert")).toHaveTextContent("Too many attempts");
  });
});
