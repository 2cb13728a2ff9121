// Sav's backoffice service worker: caches only the application shell (styles, scripts, fonts, icons, the offline page)
// and never a ticket, a document, a page or anything behind sign-in. Pages always come from the network; when it is
// away, the offline page « Hors connexion » answers instead.
const CACHE = "sav-shell-v1";
const PRECACHE = ["/offline.html", "/offline.js", "/favicon.ico", "/icons/icon-192.png", "/icons/icon-512.png", "/icons/icon-maskable-512.png", "/manifest.webmanifest"];

self.addEventListener("install", event => {
    event.waitUntil(caches.open(CACHE).then(cache => cache.addAll(PRECACHE)).then(() => self.skipWaiting()));
});

self.addEventListener("activate", event => {
    event.waitUntil(caches.keys()
        .then(keys => Promise.all(keys.filter(key => key !== CACHE).map(key => caches.delete(key))))
        .then(() => self.clients.claim()));
});

// The shell: files that are the same for every analyst and say nothing about a ticket.
function isShell(url) {
    if (url.origin !== self.location.origin) return false;
    const path = url.pathname;
    return path.startsWith("/_content/") || path.startsWith("/_framework/") || path.startsWith("/icons/")
        || /^\/(app|Sav\.Backoffice\.styles)(\.[a-z0-9]+)?\.css$/.test(path) || path === "/favicon.ico"
        || path === "/offline.html" || path === "/offline.js" || path === "/manifest.webmanifest";
}

self.addEventListener("fetch", event => {
    const request = event.request;
    if (request.method !== "GET") return;
    const url = new URL(request.url);
    if (request.mode === "navigate") {
        // A page: from the network only; the offline page when it cannot be reached.
        event.respondWith(fetch(request).catch(() => caches.match("/offline.html")));
        return;
    }
    if (!isShell(url) || url.pathname.startsWith("/_blazor")) return;
    // The shell: the cached copy at once, refreshed from the network behind it.
    event.respondWith(caches.open(CACHE).then(async cache => {
        const cached = await cache.match(request);
        const fresh = fetch(request).then(response => {
            if (response.ok && response.type === "basic") cache.put(request, response.clone());
            return response;
        }).catch(() => cached);
        return cached || fresh;
    }));
});
