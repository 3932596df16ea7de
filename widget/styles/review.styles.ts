import { css } from 'lit';

/** The safeguarding lead's review tools (finder, reason form, read-only reader). */
export const reviewStyles = css`
  .review-head {
    display: flex;
    align-items: center;
    justify-content: space-between;
    gap: 0.5em;
  }
  .review-head h3 {
    margin: 0;
  }
  .review-sessions {
    list-style: none;
    padding: 0;
    margin: 0.3em 0;
  }
  .review-session {
    display: flex;
    align-items: center;
    gap: 0.5em;
    padding: 0.5em 0;
    border-bottom: 1px solid var(--_border);
  }
  .review-session .name {
    flex: 1;
    min-width: 0;
  }
  .review-session .name strong,
  .review-session .name .muted {
    display: block;
    overflow-wrap: anywhere;
  }
  .review-session .muted {
    font-size: 0.85em;
  }
  .review-reason {
    margin-top: 0.8em;
    padding-top: 0.5em;
    border-top: 1px solid var(--_border);
  }
  .review-reason h4 {
    margin: 0 0 0.5em;
  }
  .review-reason .row {
    display: flex;
    gap: 0.5em;
    margin-top: 0.6em;
  }
  .review-readonly {
    margin: 0;
    padding: 0.5em 0.9em;
    border-top: 1px solid var(--_border);
    font-size: 0.85em;
  }
  .review-tools {
    padding: 0.5em 0.75em 0;
  }
  .review-tools button {
    width: 100%;
  }
`;
