// Blazor Server's reconnection, for phones: a phone that slept has lost its circuit; it comes back by itself,
// retrying while the page is visible and reloading once the server says the circuit is gone.
const reconnectModal = document.getElementById("components-reconnect-modal");
reconnectModal.addEventListener("components-reconnect-state-changed", handleReconnectStateChanged);
document.getElementById("components-reconnect-button").addEventListener("click", retry);
document.getElementById("components-resume-button").addEventListener("click", resume);

const retryEvery = 5000;
let retryTimer = null;

function handleReconnectStateChanged(event) {
    const state = event.detail.state;
    if (state === "show") {
        if (!reconnectModal.open) reconnectModal.showModal();
    } else if (state === "hide") {
        stopRetrying();
        reconnectModal.close();
    } else if (state === "failed") {
        keepRetrying();
    } else if (state === "paused") {
        // The server paused the circuit (it was idle): resume at once rather than wait for a tap.
        resume();
    } else if (state === "rejected") {
        location.reload();
    }
}

function keepRetrying() {
    document.addEventListener("visibilitychange", retryWhenDocumentBecomesVisible);
    window.addEventListener("online", retry);
    if (retryTimer === null) retryTimer = setInterval(() => { if (document.visibilityState === "visible") retry(); }, retryEvery);
}

function stopRetrying() {
    document.removeEventListener("visibilitychange", retryWhenDocumentBecomesVisible);
    window.removeEventListener("online", retry);
    if (retryTimer !== null) clearInterval(retryTimer);
    retryTimer = null;
}

let retrying = false;

async function retry() {
    if (retrying) return;
    retrying = true;
    try {
        // true: reconnected; false: the server answered but no longer has the circuit; throws: no server yet.
        const successful = await Blazor.reconnect();
        if (successful) {
            stopRetrying();
            reconnectModal.close();
        } else if (await Blazor.resumeCircuit()) {
            stopRetrying();
            reconnectModal.close();
        } else {
            location.reload();
        }
    } catch {
        keepRetrying();
    } finally {
        retrying = false;
    }
}

async function resume() {
    try {
        if (!await Blazor.resumeCircuit()) location.reload();
    } catch {
        reconnectModal.classList.replace("components-reconnect-paused", "components-reconnect-resume-failed");
    }
}

async function retryWhenDocumentBecomesVisible() {
    if (document.visibilityState === "visible") await retry();
}
