import { css } from 'lit';

/** The key backup screen and the offer to restore past sessions. */
export const keyBackupStyles = css`
  .key-offer {
    margin: 0.5em 0.75em 0;
  }
  .key-offer p {
    margin: 0;
  }
  .key-offer .actions {
    flex-wrap: wrap;
  }
  .key-backup p {
    margin: 0.5em 0;
  }
`;
