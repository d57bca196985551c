// The partner picker of a new case, as progressive enhancement (the form works without it):
//  - a filter above a long list of checkboxes ([data-checkbox-filter="<list id>"], hidden until this
//    script shows it) hides the organisations whose name does not contain what is typed; ticked
//    ones stay in view, so the choice so far is always seen;
//  - a select marked data-choose-among="<checkbox name>" (the coordinating partner) offers only
//    the ticked organisations, in the list's order; the server refuses any other all the same.
(() => {
  // "Tromsø" is found by "tromso", "Hà Nội" by "ha noi": compare without case and accents.
  const plain = (text) => text.normalize("NFD").replace(/[\u0300-\u036f]/g, "").toLowerCase().trim();

  function setUpFilter(box) {
    const list = document.getElementById(box.dataset.checkboxFilter);
    const input = box.querySelector("input[type=search]");
    const status = box.querySelector("[aria-live]");
    if (!list || !input) {
      return;
    }
    const rows = Array.from(list.children).map((row) => ({
      row,
      box: row.querySelector("input[type=checkbox]"),
      name: plain(row.textContent),
    }));
    const apply = () => {
      const wanted = plain(input.value);
      let shown = 0;
      for (const { row, box: checkbox, name } of rows) {
        const visible = !wanted || checkbox.checked || name.includes(wanted);
        row.hidden = !visible;
        shown += visible ? 1 : 0;
      }
      status.textContent = wanted
        ? box.dataset.status.replace("%(shown)s", shown).replace("%(total)s", rows.length)
        : "";
    };
    input.addEventListener("input", apply);
    // Enter in the filter must not send the form half-filled.
    input.addEventListener("keydown", (event) => {
      if (event.key === "Enter") {
        event.preventDefault();
      }
    });
    box.hidden = false;
  }

  function setUpNarrowing(select) {
    const form = select.form;
    const name = select.dataset.chooseAmong;
    const empty = Array.from(select.options).filter((option) => !option.value);
    const byValue = new Map(
      Array.from(select.options)
        .filter((option) => option.value)
        .map((option) => [option.value, option]),
    );
    const narrow = () => {
      const kept = select.value;
      const ticked = Array.from(form.querySelectorAll(`input[type=checkbox][name="${name}"]:checked`));
      const offered = ticked.map((checkbox) => byValue.get(checkbox.value)).filter(Boolean);
      select.replaceChildren(...empty, ...offered);
      select.value = offered.some((option) => option.value === kept) ? kept : "";
    };
    form.addEventListener("change", (event) => {
      if (event.target.name === name) {
        narrow();
      }
    });
    narrow();
  }

  document.addEventListener("DOMContentLoaded", () => {
    document.querySelectorAll("[data-checkbox-filter]").forEach(setUpFilter);
    document.querySelectorAll("select[data-choose-among]").forEach(setUpNarrowing);
  });
})();
