// Small browser helpers the app calls through JS interop. Feature scripts register here.
window.secureAiChat = window.secureAiChat || {};

// Chat: Enter/IME handling, scroll-follow, copy buttons, code highlighting, downloads.
window.secureAiChat.chat = (() => {
  const inputs = new WeakMap();
  const scrolls = new WeakMap();
  // Up to this many UTF-16 units the text goes in the call itself: even escaped at 6 bytes a unit in JSON it stays
  // below the circuit's 32 KB message limit, and it saves the stream's round trip (ChatInput.SubmitTextFromKeyboard).
  const directLimit = 4000;

  const resize = (ta) => {
    ta.style.height = 'auto';
    ta.style.height = Math.min(ta.scrollHeight, 240) + 'px';
  };

  // Enter sends, Shift+Enter breaks the line. While an IME conversion runs (Japanese input), the Enter
  // that confirms a candidate must never send: compositionstart..end, isComposing and keyCode 229
  // (Chrome/Edge report 229 for keys the IME handles; Safari fires compositionend before that keydown).
  function attachInput(ta, dotnet) {
    if (!ta || inputs.has(ta)) return;
    const state = { composing: false };
    const onStart = () => { state.composing = true; };
    const onEnd = () => { state.composing = false; };
    const onKey = (e) => {
      if (e.key !== 'Enter' || e.shiftKey || e.altKey || e.ctrlKey || e.metaKey) return;
      if (e.isComposing || e.keyCode === 229 || state.composing) return;
      e.preventDefault();
      const text = ta.value;
      // A lone surrogate would not survive JSON; the stream turns it into U+FFFD, as before.
      if (text.length <= directLimit && typeof text.isWellFormed === 'function' && text.isWellFormed()) {
        dotnet.invokeMethodAsync('SubmitTextFromKeyboard', text);
      } else {
        dotnet.invokeMethodAsync('SubmitFromKeyboard', DotNet.createJSStreamReference(readInput(ta)));
      }
    };
    // Only the length goes to the server while typing (the counter); the text goes once, on send (in the call or as a stream).
    const onInput = () => {
      resize(ta);
      dotnet.invokeMethodAsync('InputChanged', ta.value.length, /\S/.test(ta.value));
    };
    ta.addEventListener('compositionstart', onStart);
    ta.addEventListener('compositionend', onEnd);
    ta.addEventListener('keydown', onKey);
    ta.addEventListener('input', onInput);
    inputs.set(ta, () => {
      ta.removeEventListener('compositionstart', onStart);
      ta.removeEventListener('compositionend', onEnd);
      ta.removeEventListener('keydown', onKey);
      ta.removeEventListener('input', onInput);
    });
    resize(ta);
    ta.dataset.ready = '1';
  }

  function detachInput(ta) {
    const off = ta && inputs.get(ta);
    if (off) { off(); inputs.delete(ta); }
  }

  // The message as a stream: Blazor sends it in chunks below SignalR's 32 KB message limit, so a long
  // Japanese message (3 bytes a character) does not drop the circuit. Lone surrogates become U+FFFD.
  // The text as UTF-8 bytes. Returned to .NET as IJSStreamReference, Blazor wraps the typed array itself;
  // passed from JS to .NET (Enter), the caller wraps it with DotNet.createJSStreamReference.
  function readInput(ta) {
    return new TextEncoder().encode(ta ? ta.value : '');
  }

  function setInput(ta, value) {
    if (!ta) return;
    ta.value = value;
    resize(ta);
    ta.focus();
    ta.setSelectionRange(value.length, value.length);
  }

  // Follows the stream while the reader is at the bottom; once they scroll up, it leaves them there.
  function attachScroll(el) {
    if (!el || scrolls.has(el)) return;
    const state = { pinned: true };
    const onScroll = () => { state.pinned = el.scrollHeight - el.scrollTop - el.clientHeight < 80; };
    const observer = new MutationObserver(() => {
      highlightAll(el);
      if (state.pinned) el.scrollTop = el.scrollHeight;
    });
    el.addEventListener('scroll', onScroll, { passive: true });
    observer.observe(el, { childList: true, subtree: true, characterData: true });
    scrolls.set(el, () => { observer.disconnect(); el.removeEventListener('scroll', onScroll); });
    highlightAll(el);
    el.scrollTop = el.scrollHeight;
  }

  function detachScroll(el) {
    const off = el && scrolls.get(el);
    if (off) { off(); scrolls.delete(el); }
  }

  async function copyText(text) {
    try {
      await navigator.clipboard.writeText(text);
    } catch {
      const ta = document.createElement('textarea');
      ta.value = text;
      ta.style.position = 'fixed';
      ta.style.opacity = '0';
      document.body.appendChild(ta);
      ta.select();
      document.execCommand('copy');
      ta.remove();
    }
  }

  function download(name, text) {
    const url = URL.createObjectURL(new Blob([text], { type: 'text/markdown;charset=utf-8' }));
    const a = document.createElement('a');
    a.href = url;
    a.download = name;
    document.body.appendChild(a);
    a.click();
    a.remove();
    setTimeout(() => URL.revokeObjectURL(url), 1000);
  }

  // A small highlighter served by the app (no CDN): comments, strings, numbers and keywords of the
  // common languages. It builds text nodes and spans, never HTML strings, so code cannot inject markup.
  const keywords = new Set(('abstract as async await break case catch class const continue def default del do elif else enum export extends ' +
    'false final finally fn for foreach from func function go if impl import in interface is lambda let match module namespace new nil none ' +
    'not null of or override package pass private protected public raise readonly return self select static struct super switch ' +
    'this throw true try type typeof using val var void where while with yield True False None and end then local begin ' +
    'SELECT FROM WHERE INSERT INTO UPDATE DELETE JOIN LEFT RIGHT INNER ON GROUP BY ORDER HAVING LIMIT AS AND OR NOT NULL CREATE TABLE VALUES SET').split(' '));
  const tokenPattern = /(\/\/[^\n]*|#[^\n]*|--[^\n]*|\/\*[\s\S]*?\*\/)|("(?:[^"\\\n]|\\.)*"|'(?:[^'\\\n]|\\.)*'|`(?:[^`\\]|\\.)*`)|(\b\d[\d_]*(?:\.\d+)?\b)|([A-Za-z_][A-Za-z0-9_]*)/g;
  const hashComments = new Set(['python', 'py', 'bash', 'sh', 'shell', 'ruby', 'rb', 'yaml', 'yml', 'toml', 'powershell', 'ps1', 'r', 'perl', 'dockerfile', 'makefile']);
  const dashComments = new Set(['sql', 'lua', 'haskell']);

  function highlight(code) {
    if (code.dataset.hl) return;
    code.dataset.hl = '1';
    const lang = ((code.className.match(/language-([a-z0-9+#-]+)/) || [])[1] || '');
    if (!lang || lang === 'text' || lang === 'plaintext') return;
    const text = code.textContent;
    if (text.length > 20000) return;
    const frag = document.createDocumentFragment();
    let last = 0;
    for (const m of text.matchAll(tokenPattern)) {
      let cls = null;
      if (m[1]) {
        const c = m[1];
        if (c.startsWith('#') && !hashComments.has(lang)) { continue; }
        if (c.startsWith('--') && !dashComments.has(lang)) { continue; }
        cls = 'hl-comment';
      } else if (m[2]) cls = 'hl-string';
      else if (m[3]) cls = 'hl-number';
      else if (m[4] && keywords.has(m[4])) cls = 'hl-keyword';
      if (!cls) continue;
      if (m.index > last) frag.appendChild(document.createTextNode(text.slice(last, m.index)));
      const span = document.createElement('span');
      span.className = cls;
      span.textContent = m[0];
      frag.appendChild(span);
      last = m.index + m[0].length;
    }
    if (last < text.length) frag.appendChild(document.createTextNode(text.slice(last)));
    code.replaceChildren(frag);
  }

  function highlightAll(root) {
    root.querySelectorAll('.message-body:not(.streaming-body) pre code').forEach(highlight);
  }

  // Code block copy buttons are plain markup from the server; clicks are handled here by delegation.
  document.addEventListener('click', (e) => {
    const button = e.target instanceof Element ? e.target.closest('.code-copy') : null;
    if (!button) return;
    const code = button.closest('.code-block')?.querySelector('pre code');
    if (!code) return;
    copyText(code.textContent);
    button.classList.add('copied');
    setTimeout(() => button.classList.remove('copied'), 1500);
  });

  return { attachInput, detachInput, readInput, setInput, attachScroll, detachScroll, copyText, download };
})();

// The workspace drawer (WorkspaceLayout, app.css ".app-drawer"): opened and closed here, without the circuit, so the
// layout needs no MudDrawer and no viewport service per circuit. A wide screen shows it unless closed (drawer-closed), a
// narrow one hides it unless opened (drawer-open), which a followed link or the backdrop closes again.
(() => {
  const narrow = window.matchMedia('(max-width: 959.98px)');
  document.addEventListener('click', e => {
    if (!(e.target instanceof Element)) return;
    const root = document.documentElement;
    if (e.target.closest('[data-drawer-toggle]')) {
      root.classList.toggle(narrow.matches ? 'drawer-open' : 'drawer-closed');
    } else if (e.target.closest('[data-drawer-close]') || (narrow.matches && e.target.closest('.app-drawer a[href]'))) {
      root.classList.remove('drawer-open');
    }
  });
})();

// The app bar's menus (LanguageMenu, UserMenu; app.css ".app-menu"): a button opens its menu; a click anywhere else, an
// item included, or Escape closes it. No MudMenu, popover or overlay component per circuit.
(() => {
  const closeAll = except => document.querySelectorAll('.app-menu-open').forEach(menu => {
    if (menu !== except) {
      menu.classList.remove('app-menu-open');
      menu.querySelector('[data-menu-toggle]')?.setAttribute('aria-expanded', 'false');
    }
  });
  document.addEventListener('click', e => {
    const toggle = e.target instanceof Element ? e.target.closest('[data-menu-toggle]') : null;
    const menu = toggle?.closest('.app-menu');
    closeAll(menu);
    if (menu) toggle.setAttribute('aria-expanded', String(menu.classList.toggle('app-menu-open')));
  });
  document.addEventListener('keydown', e => { if (e.key === 'Escape') closeAll(null); });
})();

// Theme: the light/dark choice is read by the server from this cookie on the next page load.
window.secureAiChat.theme = {
  save(dark) {
    document.cookie = `sac-theme=${dark ? 'dark' : 'light'}; path=/; max-age=31536000; samesite=lax`;
  },
};

// Saves bytes the server streamed (a quote PDF made on a button press) as a file download.
window.secureAiChat.download = async (fileName, contentType, streamRef) => {
  const buffer = await streamRef.arrayBuffer();
  const url = URL.createObjectURL(new Blob([buffer], { type: contentType }));
  const link = document.createElement('a');
  link.href = url;
  link.download = fileName;
  document.body.appendChild(link);
  link.click();
  link.remove();
  URL.revokeObjectURL(url);
};
