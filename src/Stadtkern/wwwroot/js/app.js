// Stadtkern city app: registers the tenant's service worker (every page of a tenant with the app switched on) and, on the
// app page, runs the "Benachrichtigungen aktivieren" flow: permission, PushManager.subscribe with the tenant's VAPID key,
// districts and topics sent to /api/push/subscriptions.
'use strict';

(function () {
  const root = (document.currentScript && document.currentScript.dataset.root) || '/';

  if ('serviceWorker' in navigator) {
    navigator.serviceWorker.register(root + 'sw.js', { scope: root }).catch(() => { /* the site works without it */ });
  }

  const form = document.getElementById('push-form');
  if (!form) return;
  const status = document.getElementById('push-status');
  const submit = form.querySelector('button[type=submit]');
  const off = document.getElementById('push-off');

  const say = (text) => { status.textContent = text; };

  if (!('serviceWorker' in navigator) || !('PushManager' in window) || !('Notification' in window)) {
    say('Dieser Browser unterstützt keine Push-Benachrichtigungen. Warnungen finden Sie jederzeit auf der Seite „Warnungen“.');
    submit.disabled = true;
    return;
  }

  const toKey = (base64url) => {
    const padded = (base64url + '==='.slice((base64url.length + 3) % 4)).replace(/-/g, '+').replace(/_/g, '/');
    return Uint8Array.from(atob(padded), (c) => c.charCodeAt(0));
  };

  async function current() {
    const registration = await navigator.serviceWorker.ready;
    return registration.pushManager.getSubscription();
  }

  current().then((subscription) => {
    if (subscription) {
      say('Benachrichtigungen sind auf diesem Gerät aktiv. Sie können Ihre Auswahl ändern und erneut speichern.');
      off.hidden = false;
    }
  });

  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    submit.disabled = true;
    try {
      const permission = await Notification.requestPermission();
      if (permission !== 'granted') {
        say('Sie haben Benachrichtigungen nicht erlaubt. Sie können das in den Einstellungen Ihres Browsers ändern.');
        return;
      }

      const keyResponse = await fetch(root + 'api/push/vapid-public-key', { headers: { Accept: 'application/json' } });
      const { publicKey } = await keyResponse.json();
      const registration = await navigator.serviceWorker.ready;
      let subscription = await registration.pushManager.getSubscription();
      if (!subscription) {
        subscription = await registration.pushManager.subscribe({ userVisibleOnly: true, applicationServerKey: toKey(publicKey) });
      }

      const data = new FormData(form);
      const body = Object.assign(subscription.toJSON(), {
        districts: data.getAll('districts'),
        topics: data.getAll('topics'),
      });
      const response = await fetch(root + 'api/push/subscriptions', {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', Accept: 'application/json' },
        body: JSON.stringify(body),
      });
      if (!response.ok) {
        const problem = await response.json().catch(() => ({}));
        say('Die Anmeldung ist fehlgeschlagen: ' + (problem.title || response.status));
        return;
      }

      say('Benachrichtigungen sind aktiv. Sie erhalten Warnungen für Ihre Auswahl auf diesem Gerät.');
      off.hidden = false;
    } catch (error) {
      say('Die Anmeldung ist fehlgeschlagen: ' + error.message);
    } finally {
      submit.disabled = false;
    }
  });

  off.addEventListener('click', async () => {
    const subscription = await current();
    if (subscription) {
      await fetch(root + 'api/push/subscriptions?endpoint=' + encodeURIComponent(subscription.endpoint), { method: 'DELETE' });
      await subscription.unsubscribe();
    }
    say('Benachrichtigungen sind auf diesem Gerät ausgeschaltet.');
    off.hidden = true;
  });
})();
