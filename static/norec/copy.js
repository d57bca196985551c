// A "Copy" button beside a read-only field (data-copy-from="<field id>"): puts the field's value on
// the clipboard and says so in the button's live status. Without JavaScript or a clipboard the
// button stays hidden and the field can still be selected and copied by hand.
document.addEventListener("DOMContentLoaded", () => {
  for (const button of document.querySelectorAll("[data-copy-from]")) {
    const field = document.getElementById(button.dataset.copyFrom);
    const status = document.getElementById(button.dataset.copyStatus);
    if (!field || !navigator.clipboard) continue;
    button.hidden = false;
    button.addEventListener("click", async () => {
      try {
        await navigator.clipboard.writeText(field.value);
        if (status) status.textContent = button.dataset.copied;
      } catch {
        field.select();
      }
    });
  }
});
