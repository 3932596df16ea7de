// The demo portal's glue: a persona switcher that signs the chat in with a portal token,
// and a few listeners showing how a host page uses the widget's events.
const PERSONA_KEY = 'northfield-demo:persona';
const chat = document.querySelector('mentor-chat');
const select = document.querySelector('#persona');
const unread = document.querySelector('#unread');
const lastMessage = document.querySelector('#last-message');

await customElements.whenDefined('mentor-chat');

const info = await fetch('/demo/info')
  .then((response) => (response.ok ? response.json() : null))
  .catch(() => null);

function option(value, label) {
  const element = document.createElement('option');
  element.value = value;
  element.textContent = label;
  return element;
}

select.append(option('', 'Nobody (the chat asks)'));
for (const persona of info?.personas ?? []) select.append(option(persona.id, `${persona.name} (${persona.role})`));
document.querySelector('#dev-note').hidden = !info;
if (chat.dataset.pin === 'help-desk' && info?.rooms?.helpDesk) chat.room = info.rooms.helpDesk;

async function become(personaId) {
  sessionStorage.setItem(PERSONA_KEY, personaId);
  if (!personaId) {
    chat.signOut();
    chat.portalToken = '';
    return;
  }
  const response = await fetch('/demo/token', {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ persona: personaId }),
  });
  if (!response.ok) return;
  const { token } = await response.json();
  chat.portalToken = token;
}

select.addEventListener('change', () => void become(select.value));
const initial = sessionStorage.getItem(PERSONA_KEY) ?? select.dataset.default ?? 'sam';
select.value = info ? initial : '';
if (info && initial) void become(initial);

document.querySelector('#ask')?.addEventListener('click', () => {
  chat.open = true;
});

// The widget's events, as a host page would use them.
chat.addEventListener('mc-unread-change', (event) => {
  const { total } = event.detail;
  unread.textContent = total ? `${total} unread message${total === 1 ? '' : 's'} in the chat.` : 'No unread messages.';
  const link = document.querySelector('#messages-link');
  if (link) link.textContent = total ? `Messages (${total})` : 'Messages';
});
chat.addEventListener('mc-message', (event) => {
  if (lastMessage) lastMessage.textContent = `Latest: ${event.detail.author.displayName} in ${event.detail.roomName}`;
});
chat.addEventListener('mc-signed-in', (event) => {
  unread.textContent = `Chat signed in as ${event.detail.user.displayName}.`;
});
chat.addEventListener('mc-signed-out', () => {
  unread.textContent = 'Chat signed out.';
  if (lastMessage) lastMessage.textContent = '';
});
