/**
 * The entry the bundle is built from: `<script type="module" src=".../widget/mentor-chat.js">`
 * defines `<mentor-chat>` once, even when the script is included twice.
 */
import { MentorChat } from './mentor-chat.js';

export * from './events.js';
export { MentorChat };

if (!customElements.get('mentor-chat')) customElements.define('mentor-chat', MentorChat);

declare global {
  interface HTMLElementTagNameMap {
    'mentor-chat': MentorChat;
  }
}
