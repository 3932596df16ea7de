import { css } from 'lit';

export const chatStyles = css`
  .room-list {
    list-style: none;
    margin: 0;
    padding: 0.25em;
  }
  .room-list button.room {
    width: 100%;
    display: flex;
    align-items: center;
    gap: 0.5em;
    text-align: start;
    border: none;
    border-radius: 8px;
    background: none;
    padding: 0.6em 0.65em;
  }
  .room-list button.room:hover,
  .room-list button.room[aria-current='true'] {
    background: var(--_surface);
  }
  .room .name {
    flex: 1;
    min-width: 0;
    overflow: hidden;
  }
  .room .name strong,
  .room .preview {
    display: block;
    overflow: hidden;
    text-overflow: ellipsis;
    white-space: nowrap;
  }
  .room .preview {
    color: var(--_muted);
    font-size: 0.85em;
  }
  .unread {
    background: var(--_accent);
    color: var(--_accent-fg);
    border-radius: 999px;
    padding: 0 0.5em;
    font-size: 0.8em;
    font-weight: 700;
  }
  .section-title {
    font-size: 0.8em;
    text-transform: uppercase;
    letter-spacing: 0.04em;
    color: var(--_muted);
    margin: 0.8em 0.75em 0.25em;
  }
  .conversation-head {
    display: flex;
    align-items: center;
    gap: 0.5em;
    padding: 0.4em 0.75em;
    border-bottom: 1px solid var(--_border);
  }
  .conversation-head svg,
  .room .name svg {
    margin-right: 0.3em;
    vertical-align: -1px;
  }
  .conversation-head h3 {
    flex: 1;
    margin: 0;
    font-size: 1em;
    overflow: hidden;
    text-overflow: ellipsis;
    white-space: nowrap;
  }
  .log {
    flex: 1;
    overflow-y: auto;
    padding: 1.2em 0.75em 0.5em;
    overscroll-behavior: contain;
  }
  .day {
    text-align: center;
    color: var(--_muted);
    font-size: 0.8em;
    margin: 0.9em 0 0.3em;
  }
  .group {
    margin: 0.6em 0;
    display: flex;
    flex-direction: column;
    align-items: flex-start;
  }
  .group.own {
    align-items: flex-end;
  }
  .meta {
    font-size: 0.8em;
    color: var(--_muted);
    margin: 0 0 0.2em;
    display: flex;
    gap: 0.4em;
    align-items: center;
  }
  .meta .author {
    color: var(--_fg);
    font-weight: 600;
  }
  .msg {
    max-width: min(85%, 34em);
    margin: 0.12em 0;
    padding: 0.45em 0.7em;
    border-radius: var(--_radius);
    background: var(--_other-bg);
    overflow-wrap: anywhere;
    word-break: break-word;
    position: relative;
  }
  .own .msg {
    background: var(--_own-bg);
    color: var(--_own-fg);
  }
  .msg .text {
    margin: 0;
    white-space: pre-wrap;
    unicode-bidi: plaintext;
  }
  .msg .note {
    font-style: italic;
    margin: 0;
  }
  .review-notice {
    margin: 0 0 8px;
    padding: 6px 10px;
    border-radius: 6px;
    background: var(--mc-warning-bg, #fff4d6);
    color: var(--mc-warning-fg, #4a3800);
    font-size: 0.9em;
  }
  .msg.deleted {
    background: none;
    border: 1px dashed var(--_border);
    color: var(--_muted);
  }
  .msg .edited {
    font-size: 0.8em;
    opacity: 0.9;
  }
  /* Message actions float over the bubble's corner, shown on hover or keyboard focus. */
  .msg .actions {
    position: absolute;
    top: -1.1em;
    right: 0.4em;
    display: flex;
    gap: 0.25em;
    padding: 0.15em;
    border-radius: 8px;
    background: var(--_bg);
    box-shadow: 0 1px 4px rgb(0 0 0 / 25%);
    opacity: 0;
    z-index: 1;
  }
  .msg:hover .actions,
  .msg:focus-within .actions,
  .msg .actions.confirm {
    opacity: 1;
  }
  .msg .actions.confirm {
    position: static;
    margin-top: 0.4em;
    align-items: center;
    color: var(--_fg);
    flex-wrap: wrap;
  }
  .msg .actions button {
    font-size: 0.8em;
    min-height: 1.9em;
    padding: 0.1em 0.6em;
    color: var(--_fg);
    background: var(--_bg);
  }
  .msg.pending {
    opacity: 0.85;
  }
  .receipt,
  .pending-state {
    font-size: 0.78em;
    color: var(--_muted);
    margin: 0.1em 0 0;
  }
  .typing {
    min-height: 1.4em;
    margin: 0;
    padding: 0 0.9em;
    font-size: 0.85em;
    color: var(--_muted);
  }
  .composer {
    border-top: 1px solid var(--_border);
    padding: 0.5em 0.75em 0.6em;
  }
  .composer .row {
    display: flex;
    gap: 0.5em;
    align-items: flex-end;
  }
  .composer textarea {
    resize: none;
    min-height: 2.6em;
    max-height: 9em;
  }
  .composer .hint {
    display: flex;
    justify-content: space-between;
    font-size: 0.78em;
    color: var(--_muted);
    margin-top: 0.2em;
  }
  .composer .hint .over {
    color: var(--_danger);
    font-weight: 600;
  }
  .notice {
    background: var(--_warning-bg);
    color: var(--_warning-fg);
    border-radius: 8px;
    padding: 0.5em 0.65em;
    margin: 0 0 0.5em;
  }
  .notice .actions {
    display: flex;
    gap: 0.5em;
    margin-top: 0.4em;
  }
  .form {
    padding: 1em;
    overflow-y: auto;
    flex: 1;
  }
  .form h3 {
    margin: 0 0 0.5em;
  }
  .form .submit {
    margin-top: 0.9em;
    width: 100%;
  }
  .tabs {
    display: flex;
    gap: 0.25em;
    margin-bottom: 0.5em;
  }
  .tabs button[aria-pressed='true'] {
    background: var(--_surface);
    font-weight: 600;
    border-color: var(--_accent);
  }
  .choices {
    list-style: none;
    padding: 0;
    margin: 0.3em 0;
    max-height: 12em;
    overflow-y: auto;
  }
  .choices label {
    display: flex;
    gap: 0.5em;
    align-items: center;
    font-weight: normal;
    margin: 0.2em 0;
  }
  .choices input {
    width: auto;
  }
`;

export const toolStyles = css`
  .new-conversation {
    padding: 0.5em 0.75em 0;
  }
  .new-conversation button {
    width: 100%;
  }
`;
