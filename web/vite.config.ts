import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { defineConfig, type Plugin } from 'vite';

const webRoot = dirname(fileURLToPath(import.meta.url));

/**
 * nhsuk-frontend's compiled CSS loads Frutiger from assets.nhs.uk and points its icons at
 * `/assets/images/...` (where its own build copies them). The service must fetch nothing from
 * outside its origin and must not depend on files copied by hand, so the stylesheet is adapted
 * as it is bundled: the external @font-face rules are dropped (the font stack falls back to
 * Arial, see src/styles/app.css) and the icon URLs are made relative to the package, so Vite
 * bundles the package's own SVGs with hashed names. Old Internet Explorer hacks
 * (`@media screen\0`), which the CSS minifier cannot parse, are dropped with them.
 */
/** Removes every at-rule starting with `prefix`, with its (nested) block. */
function dropAtRuleBlocks(css: string, prefix: string): string {
  let out = '';
  let from = 0;
  for (let at = css.indexOf(prefix, from); at !== -1; at = css.indexOf(prefix, from)) {
    const open = css.indexOf('{', at);
    if (open === -1) break;
    let depth = 0;
    let end = open;
    for (; end < css.length; end++) {
      if (css[end] === '{') depth++;
      else if (css[end] === '}' && --depth === 0) break;
    }
    out += css.slice(from, at);
    from = end + 1;
  }
  return out + css.slice(from);
}

function nhsukSelfContained(): Plugin {
  return {
    name: 'cct:nhsuk-self-contained',
    enforce: 'pre',
    transform(code, id) {
      if (!/nhsuk-frontend[\\/]dist[\\/]nhsuk[\\/].*\.css(\?|$)/.test(id)) return null;
      const withoutExternalFonts = code.replace(/@font-face\s*{[^}]*url\(\s*['"]?https?:[^}]*}/g, '');
      const withoutIeHacks = dropAtRuleBlocks(withoutExternalFonts, '@media screen\\0');
      const localIcons = withoutIeHacks.replace(/url\(\s*(['"]?)\/assets\//g, 'url($1./assets/');
      if (/url\(\s*['"]?https?:/.test(localIcons)) {
        this.error(
          'nhsuk-frontend CSS still references an external URL; update the cct:nhsuk-self-contained plugin',
        );
      }
      return { code: localIcons, map: null };
    },
  };
}

export default defineConfig({
  root: webRoot,
  base: '/',
  publicDir: resolve(webRoot, 'public'),
  plugins: [nhsukSelfContained()],
  oxc: { jsx: { runtime: 'automatic', importSource: 'react' } },
  build: {
    outDir: resolve(webRoot, 'dist'),
    emptyOutDir: true,
    // Keep every asset a file: a strict Content-Security-Policy (img-src/font-src 'self') then holds.
    assetsInlineLimit: 0,
    sourcemap: true,
    target: 'es2022',
  },
  server: { fs: { allow: [resolve(webRoot, '..')] } },
});
