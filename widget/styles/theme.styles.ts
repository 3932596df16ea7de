import { css } from 'lit';

// Internal tokens (--_x) read the public --mc-x custom properties with a fallback per theme.
// Every pair used for text meets WCAG AA (4.5:1) against the surfaces it appears on.
const light = css`
  --_bg: var(--mc-bg, #ffffff);
  --_surface: var(--mc-surface, #f3f5f8);
  --_fg: var(--mc-fg, #1b1f24);
  --_muted: var(--mc-muted, #57606a);
  --_border: var(--mc-border, #8c959f);
  --_accent: var(--mc-accent, #0b5cad);
  --_accent-fg: var(--mc-accent-fg, #ffffff);
  --_own-bg: var(--mc-own-bg, #0b5cad);
  --_own-fg: var(--mc-own-fg, #ffffff);
  --_other-bg: var(--mc-other-bg, #eef1f5);
  --_badge-bg: var(--mc-badge-bg, #e3eefb);
  --_badge-fg: var(--mc-badge-fg, #0a437f);
  --_danger: var(--mc-danger, #b42318);
  --_warning-bg: var(--mc-warning-bg, #fff4d6);
  --_warning-fg: var(--mc-warning-fg, #5c3c00);
  --_focus: var(--mc-focus, #0b5cad);
  color-scheme: light;
`;

const dark = css`
  --_bg: var(--mc-bg, #14181f);
  --_surface: var(--mc-surface, #1d232c);
  --_fg: var(--mc-fg, #e6edf3);
  --_muted: var(--mc-muted, #a4b0bd);
  --_border: var(--mc-border, #5d6876);
  --_accent: var(--mc-accent, #7cb7ff);
  --_accent-fg: var(--mc-accent-fg, #0b1320);
  --_own-bg: var(--mc-own-bg, #1f4d80);
  --_own-fg: var(--mc-own-fg, #ffffff);
  --_other-bg: var(--mc-other-bg, #262d37);
  --_badge-bg: var(--mc-badge-bg, #27415f);
  --_badge-fg: var(--mc-badge-fg, #d7e8ff);
  --_danger: var(--mc-danger, #ff9b8f);
  --_warning-bg: var(--mc-warning-bg, #3d3010);
  --_warning-fg: var(--mc-warning-fg, #ffe6a6);
  --_focus: var(--mc-focus, #7cb7ff);
  color-scheme: dark;
`;

export const themeStyles = css`
  :host {
    ${light}
    --_radius: var(--mc-radius, 12px);
    --_font: var(--mc-font-family, system-ui, -apple-system, 'Segoe UI', Roboto, sans-serif);
    --_size: var(--mc-font-size, 15px);
    font-family: var(--_font);
    font-size: var(--_size);
    line-height: 1.4;
    color: var(--_fg);
  }
  :host([theme='dark']) {
    ${dark}
  }
  @media (prefers-color-scheme: dark) {
    :host([theme='auto']) {
      ${dark}
    }
  }
  *,
  *::before,
  *::after {
    box-sizing: border-box;
  }
  :focus-visible {
    outline: 3px solid var(--_focus);
    outline-offset: 2px;
  }
  button,
  input,
  textarea {
    font: inherit;
    color: inherit;
  }
  button {
    cursor: pointer;
    border-radius: 8px;
    border: 1px solid var(--_border);
    background: var(--_bg);
    padding: 0.35em 0.8em;
    min-height: 2.25em;
  }
  button.primary {
    background: var(--_accent);
    color: var(--_accent-fg);
    border-color: var(--_accent);
    font-weight: 600;
  }
  button.link {
    border: none;
    background: none;
    color: var(--_accent);
    text-decoration: underline;
    padding: 0.2em 0.3em;
    min-height: auto;
  }
  button:disabled {
    cursor: not-allowed;
    opacity: 0.7;
  }
  input,
  textarea {
    width: 100%;
    background: var(--_bg);
    border: 1px solid var(--_border);
    border-radius: 8px;
    padding: 0.5em 0.65em;
  }
  label {
    display: block;
    font-weight: 600;
    margin: 0.6em 0 0.25em;
  }
  .sr-only {
    position: absolute;
    width: 1px;
    height: 1px;
    overflow: hidden;
    clip: rect(0 0 0 0);
    white-space: nowrap;
  }
  .error {
    color: var(--_danger);
    margin: 0.5em 0;
  }
  .muted {
    color: var(--_muted);
  }
  .badge {
    display: inline-block;
    font-size: 0.75em;
    font-weight: 600;
    padding: 0.05em 0.5em;
    border-radius: 999px;
    background: var(--_badge-bg);
    color: var(--_badge-fg);
  }
`;
