document.querySelectorAll("table.sortable th").forEach((th, column) => th.addEventListener("click", () => {
  const body = th.closest("table").tBodies[0];
  const rows = Array.from(body.rows);
  const key = r => r.cells[column].textContent;
  const numeric = rows.every(r => key(r) === "" || !isNaN(parseFloat(key(r))));
  const sign = th.dataset.order === "asc" ? -1 : 1; th.dataset.order = sign === 1 ? "asc" : "desc";
  rows.sort((a, b) => sign * (numeric ? (parseFloat(key(a)) || 0) - (parseFloat(key(b)) || 0)
                                      : key(a).localeCompare(key(b))));
  rows.forEach(r => body.appendChild(r));
}));
