/**
 * A media URL as this page can reach it. The server builds `playUrl`, `replayUrl` and `roomUrl` from its
 * configured public URL; a viewer who reached the page another way (a LAN address, 127.0.0.1, a second
 * domain) would otherwise fetch the stream cross-origin or from an address it cannot reach. A URL on the
 * same origin as `roomUrl` is this server's own, so it is taken relative to the page instead; a URL on
 * another origin (an external media server or CDN) is used as it is.
 */
export function onThisServer(url: string, roomUrl: string, pageOrigin: string): string {
  try {
    const media = new URL(url, pageOrigin);
    if (media.origin !== new URL(roomUrl, pageOrigin).origin) return media.href;
    return `${pageOrigin}${media.pathname}${media.search}`;
  } catch {
    return url;
  }
}
