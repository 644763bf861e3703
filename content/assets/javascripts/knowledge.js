// Filter and sort a knowledge-base listing in place (overrides/collections/article-group.html).
// Without JavaScript the controls stay hidden and the full list (newest first) is shown.
(function () {
  for (const form of document.querySelectorAll("form[data-kb-filter]")) {
    const list = document.getElementById(form.dataset.kbFilter);
    const status = document.querySelector(`[data-kb-status="${form.dataset.kbFilter}"]`);
    if (!list) continue;
    const items = [...list.children];
    const topic = form.querySelector("[data-kb-topic]");
    const year = form.querySelector("[data-kb-year]");
    const sort = form.querySelector("[data-kb-sort]");
    // Noun forms come from the template (engagiert/base/german_words.py): "1 von 4 Beiträgen".
    const one = form.dataset.nounOne || "Beitrag";
    const many = form.dataset.nounMany || "Beiträge";
    const manyDative = form.dataset.nounManyDative || "Beiträgen";
    const collator = new Intl.Collator("de");

    function apply() {
      const t = topic ? topic.value : "";
      const y = year ? year.value : "";
      let shown = 0;
      for (const li of items) {
        const ok = (!t || li.dataset.topics.split(" ").includes(t)) && (!y || li.dataset.year === y);
        li.hidden = !ok;
        if (ok) shown++;
      }
      const order = sort ? sort.value : "neu";
      const sorted = [...items].sort((a, b) => {
        if (order === "titel") return collator.compare(a.dataset.title, b.dataset.title);
        const cmp = a.dataset.date < b.dataset.date ? -1 : a.dataset.date > b.dataset.date ? 1 : 0;
        return order === "alt" ? cmp : -cmp;
      });
      list.append(...sorted);
      if (status) {
        status.textContent = t || y
          ? `${shown} von ${items.length} ${items.length === 1 ? one : manyDative} angezeigt.`
          : `${items.length} ${items.length === 1 ? one : many} angezeigt.`;
      }
    }

    form.hidden = false;
    form.addEventListener("change", apply);
    form.addEventListener("submit", (event) => event.preventDefault());
  }
})();
