// DeferredOrleans approver inbox: progressive enhancement only. Without this file every page works; with it, the
// list and the request page follow the inbox live (Server-Sent Events from /inbox/events) and a header checkbox
// selects every shown request. Requests it makes by itself carry X-Inbox-Live, so they never keep a session alive.
(() => {
  'use strict';

  const page = document.body.dataset.page;
  const live = document.getElementById('live');
  const background = { 'X-Inbox-Live': '1' };

  function announce(text) {
    if (!live) { return; }
    live.textContent = '';
    window.setTimeout(() => { live.textContent = text; }, 50);
  }

  function note(text) {
    let box = document.getElementById('live-note');
    if (!box) {
      box = document.createElement('p');
      box.id = 'live-note';
      box.className = 'live-note';
      box.setAttribute('role', 'status');
      document.querySelector('main')?.prepend(box);
    }
    box.textContent = text;
  }

  // A page fragment rendered by the server (its values already encoded): the HTML, '' when gone, null on failure.
  async function fragment(url) {
    try {
      const response = await fetch(url, { headers: background, credentials: 'same-origin', cache: 'no-store' });
      if (response.status === 401) { sessionEnded(); return null; }
      if (response.status === 204 || response.status === 404) { return ''; }
      return response.ok ? await response.text() : null;
    } catch {
      return null;
    }
  }

  function element(html) {
    const template = document.createElement('template');
    template.innerHTML = html.trim();
    return template.content.firstElementChild;
  }

  let source = null;
  function sessionEnded() {
    source?.close();
    note('Your session has ended, so this page no longer updates. Reload it to sign in again.');
  }

  // ---- The list -------------------------------------------------------------------------------------------------
  function listPage() {
    const rows = document.querySelector('tbody[data-rows]');
    if (!rows) { return; }
    const query = rows.dataset.query ? rows.dataset.query.replace(/^\?/, '&') : '';
    const empty = document.getElementById('empty');
    const selectAll = document.querySelector('input[data-select-all]');

    function refreshEmpty() {
      if (empty) { empty.hidden = rows.querySelector('tr') !== null; }
    }

    function findRow(id) {
      return Array.from(rows.querySelectorAll('tr[data-id]')).find((tr) => tr.dataset.id === id) ?? null;
    }

    function place(row) {
      const key = Number(row.dataset.sortKey);
      const next = Array.from(rows.querySelectorAll('tr[data-id]')).find((tr) => Number(tr.dataset.sortKey) > key);
      rows.insertBefore(row, next ?? null);
    }

    function remove(id) {
      const row = findRow(id);
      if (!row) { return false; }
      if (row.contains(document.activeElement)) {
        const next = row.nextElementSibling ?? row.previousElementSibling;
        (next?.querySelector('input, a') ?? document.getElementById('list-heading'))?.focus();
      }
      row.remove();
      return true;
    }

    async function refresh(id) {
      const html = await fragment(`/inbox/${encodeURIComponent(id)}?handler=Row${query}`);
      if (html === null) { return 'failed'; }
      const existing = findRow(id);
      if (html === '') { return remove(id) ? 'removed' : 'none'; }
      const row = element(html);
      if (existing) {
        const wasChecked = existing.querySelector('input[type="checkbox"]')?.checked ?? false;
        const box = row.querySelector('input[type="checkbox"]');
        if (box) { box.checked = wasChecked; }
        existing.replaceWith(row);
        return 'updated';
      }
      place(row);
      return 'added';
    }

    let summaryTimer = 0;
    function refreshSummary() {
      window.clearTimeout(summaryTimer);
      summaryTimer = window.setTimeout(async () => {
        const html = await fragment(`/inbox?handler=Summary${query}`);
        const current = document.getElementById('summary');
        if (html && current) { current.replaceWith(element(html)); }
      }, 300);
    }

    if (selectAll) {
      selectAll.hidden = false;
      selectAll.addEventListener('change', () => {
        rows.querySelectorAll('input[name="ids"]').forEach((box) => { box.checked = selectAll.checked; });
      });
    }

    return async (change) => {
      let added = 0;
      let left = 0;
      for (const id of change.ids) {
        if (change.kind === 'removed') {
          if (remove(id)) { left++; }
        } else {
          const result = await refresh(id);
          if (result === 'added') { added++; }
          if (result === 'removed') { left++; }
        }
      }
      refreshEmpty();
      refreshSummary();
      if (added > 0) { announce(`${added} new ${added === 1 ? 'request' : 'requests'} in your inbox.`); }
      if (left > 0) { announce(`${left} ${left === 1 ? 'request' : 'requests'} left your inbox.`); }
    };
  }

  // ---- One request ----------------------------------------------------------------------------------------------
  function detailPage() {
    const id = document.body.dataset.id;
    if (!id) { return null; }
    return async (change) => {
      if (!change.ids.includes(id)) { return; }
      const html = await fragment(`/inbox/${encodeURIComponent(id)}?handler=Status`);
      const current = document.getElementById('status');
      if (!html || !current) { return; }
      const status = element(html);
      current.replaceWith(status);
      const form = document.getElementById('decide');
      if (form && status.dataset.canDecide === 'false') {
        form.querySelectorAll('button, input, select, textarea').forEach((control) => { control.disabled = true; });
        note('This request changed while you were looking at it; it no longer needs your decision.');
      }
      announce(`This request changed: ${status.querySelector('.progress')?.textContent?.trim().replace(/\s+/g, ' ') ?? ''}`);
    };
  }

  const handle = page === 'list' ? listPage() : page === 'detail' ? detailPage() : null;
  if (!handle || !('EventSource' in window)) { return; }

  let queue = Promise.resolve();
  source = new EventSource('/inbox/events');
  source.addEventListener('inbox', (event) => {
    let change;
    try { change = JSON.parse(event.data); } catch { return; }
    queue = queue.then(() => handle(change)).catch(() => undefined);
  });
  source.addEventListener('open', () => { document.body.dataset.live = 'on'; });
  source.addEventListener('error', async () => {
    document.body.dataset.live = 'off';
    if (source.readyState === EventSource.CLOSED) {
      // The server refused the stream: find out whether the session ended.
      const probe = await fragment('/inbox?handler=Summary');
      if (probe !== null) { note('Live updates stopped. Reload the page to see the latest requests.'); }
    }
  });
})();
