import { chatStyles, toolStyles } from './styles/chat.styles.js';
import { keyBackupStyles } from './styles/key-backup.styles.js';
import { layoutStyles } from './styles/layout.styles.js';
import { reviewStyles } from './styles/review.styles.js';
import { themeStyles } from './styles/theme.styles.js';

/** All of the element's styles; theming goes through the --mc-* custom properties and ::part(). */
export const mentorChatStyles = [themeStyles, layoutStyles, chatStyles, toolStyles, reviewStyles, keyBackupStyles];
