// Copy buttons: <button data-copy="ID"> copies the text of element ID (no inline script: the CSP forbids it).
document.addEventListener("click", (event) => {
  const button = event.target.closest("button[data-copy]");
  if (!button) return;
  const source = document.getElementById(button.dataset.copy);
  if (!source || !navigator.clipboard) return;
  navigator.clipboard.writeText(source.textContent.trim()).then(() => {
    button.dataset.copied = "true";
    setTimeout(() => delete button.dataset.copied, 1500);
  }, () => {});
});
