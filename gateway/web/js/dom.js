// Small DOM helpers: elements are built with textContent only, so nothing the gateway
// sends is ever parsed as HTML.

/** A `tag` element with `props` (className, scope, ...) and children (nodes or text). */
export function el(tag, props = {}, ...children) {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(props)) {
    if (name === 'className') node.className = value;
    else node.setAttribute(name, value);
  }
  for (const child of children) {
    node.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return node;
}

/** Says `text` in the page's live status line; `error` marks it as a failure. */
export function say(text, error = false) {
  const status = document.getElementById('status');
  status.textContent = text;
  status.classList.toggle('error', error);
}

/** Shows or hides the element of id `id`. */
export function show(id, visible = true) {
  document.getElementById(id).hidden = !visible;
}

/** Disables the form's buttons while `work` runs. */
export async function busy(form, work) {
  const buttons = form.querySelectorAll('button');
  buttons.forEach((b) => { b.disabled = true; });
  try {
    return await work();
  } finally {
    buttons.forEach((b) => { b.disabled = false; });
  }
}
