import { useEffect, useState } from "react";

/** The app's screens, from the URL path. */
export type Route = { screen: "gallery" } | { screen: "image"; imageId: string };

const IMAGE_PATH = /^\/images\/([A-Za-z0-9_-]{1,128})\/?$/;

export function routeOf(path: string): Route {
  const match = IMAGE_PATH.exec(path);
  return match?.[1] ? { screen: "image", imageId: match[1] } : { screen: "gallery" };
}

export function imagePath(imageId: string): string {
  return `/images/${encodeURIComponent(imageId)}`;
}

/** Moves to a path without reloading; the back button returns. */
export function navigate(path: string, options: { replace?: boolean } = {}): void {
  if (options.replace) window.history.replaceState(null, "", path);
  else window.history.pushState(null, "", path);
  window.dispatchEvent(new PopStateEvent("popstate"));
}

/** The current route; follows the back and forward buttons and {@link navigate}. */
export function useRoute(): Route {
  const [path, setPath] = useState(() => window.location.pathname);
  useEffect(() => {
    const update = () => setPath(window.location.pathname);
    window.addEventListener("popstate", update);
    return () => window.removeEventListener("popstate", update);
  }, []);
  return routeOf(path);
}
