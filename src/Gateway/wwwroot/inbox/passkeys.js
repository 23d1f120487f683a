// DeferredOrleans approver inbox: passkeys (WebAuthn). Registers a passkey from the profile page and signs in with one
// (or signs in again for a rule's step-up) from the sign-in page. The server's options and the authenticator's answer
// travel as WebAuthn's JSON forms (parseCreationOptionsFromJSON / toJSON); every POST carries the page's
// anti-forgery token in X-CSRF-Token. Served from the assembly, so the Content-Security-Policy needs no inline script.
(() => {
  'use strict';

  const supported = typeof window.PublicKeyCredential === 'function' &&
    typeof PublicKeyCredential.parseCreationOptionsFromJSON === 'function' &&
    typeof PublicKeyCredential.parseRequestOptionsFromJSON === 'function';

  function token(scope) {
    return scope.querySelector('input[name="__RequestVerificationToken"]')?.value ?? '';
  }

  async function post(url, scope, body) {
    const response = await fetch(url, {
      method: 'POST',
      credentials: 'same-origin',
      cache: 'no-store',
      headers: { 'Content-Type': 'application/json', 'X-CSRF-Token': token(scope) },
      body: JSON.stringify(body ?? {}),
    });
    const json = await response.json().catch(() => ({}));
    if (!response.ok) {
      throw new Error(json.error_description ?? `the server answered ${response.status}`);
    }
    return json;
  }

  function say(element, text) {
    if (element) { element.textContent = text; }
  }

  // A cancelled or timed-out browser prompt is the person's choice, not a failure to explain at length.
  function reason(error) {
    return error?.name === 'NotAllowedError' ? 'The passkey prompt was closed or timed out. Nothing was changed.' : `${error?.message ?? error}`;
  }

  function register(form) {
    const button = form.querySelector('#passkey-register-button');
    const status = form.querySelector('#passkey-register-status');
    if (!supported) { say(status, 'This browser does not support passkeys.'); return; }
    button.disabled = false;
    say(status, '');
    form.addEventListener('submit', async (event) => {
      event.preventDefault();
      const name = form.querySelector('#passkey-name').value.trim();
      if (!name) { say(status, 'Give the passkey a name first.'); return; }
      button.disabled = true;
      say(status, 'Follow your browser\'s prompt to create the passkey…');
      try {
        const options = await post('/inbox/passkeys/register/options', form);
        const credential = await navigator.credentials.create({ publicKey: PublicKeyCredential.parseCreationOptionsFromJSON(options) });
        await post('/inbox/passkeys/register', form, { name, credential: credential.toJSON() });
        window.location.assign('/inbox/profile?registered=1');
      } catch (error) {
        say(status, `Not registered: ${reason(error)}`);
        button.disabled = false;
      }
    });
  }

  function signIn(section) {
    const button = section.querySelector('#passkey-signin');
    const status = section.querySelector('#passkey-status');
    if (!supported) { say(status, 'This browser does not support passkeys; use your password.'); return; }
    button.disabled = false;
    say(status, '');
    button.addEventListener('click', async () => {
      button.disabled = true;
      say(status, 'Follow your browser\'s prompt to use your passkey…');
      try {
        const options = await post('/inbox/passkeys/signin/options', section);
        const credential = await navigator.credentials.get({ publicKey: PublicKeyCredential.parseRequestOptionsFromJSON(options) });
        const result = await post('/inbox/passkeys/signin', section, { credential: credential.toJSON(), returnUrl: section.dataset.returnUrl });
        window.location.assign(result.location ?? '/inbox');
      } catch (error) {
        say(status, `Not signed in: ${reason(error)}`);
        button.disabled = false;
      }
    });
  }

  const form = document.querySelector('[data-passkey-register]');
  if (form) { register(form); }
  const section = document.querySelector('[data-passkey-signin]');
  if (section) { signIn(section); }
})();
