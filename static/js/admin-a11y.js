// Names for the Django admin's controls that have none of their own, so a screen reader
// (and axe) can tell what each is: select2's comboboxes and search boxes, the date and
// time halves of a date-time field, and the fields of tabular inlines (whose only label
// is their column's heading). Nothing is added where a control is named already.
"use strict"
{
  const text = (element) => (element ? element.textContent.replace(/[:*\s]+$/, "").trim() : "")

  function labelFor(id) {
    if (!id) return ""
    const label = document.querySelector(`label[for="${CSS.escape(id)}"]`)
    if (label) return text(label)
    const half = id.match(/^(.*)_([01])$/) // a date-time field's date (_0) or time (_1)
    if (half) {
      const control = document.getElementById(id)
      const row = control && control.closest("fieldset, .form-row")
      const base = labelFor(half[1]) || text(row && row.querySelector("legend, label"))
      return base ? `${base} (${half[2] === "0" ? "date" : "time"})` : ""
    }
    return ""
  }

  function columnHeading(control) {
    const cell = control.closest("td")
    const table = cell && cell.closest("table")
    if (!table) return ""
    const field = [...cell.classList].find((name) => name.startsWith("field-"))
    const heading = field && table.querySelector(`thead th.column-${field.slice(6)}`)
    return text(heading)
  }

  function named(control) {
    return (
      control.getAttribute("aria-label") ||
      (control.id && document.querySelector(`label[for="${CSS.escape(control.id)}"]`)) ||
      control.closest("label")
    )
  }

  function nameOf(control) {
    return labelFor(control.id) || columnHeading(control)
  }

  function nameAll(root) {
    for (const control of root.querySelectorAll("input:not([type=hidden]), select, textarea")) {
      if (named(control)) continue
      const name = nameOf(control)
      if (name) control.setAttribute("aria-label", name)
    }
    // select2 draws its own combobox beside the <select> it stands for.
    for (const box of root.querySelectorAll(".select2-container")) {
      const select = box.previousElementSibling
      if (!select || select.tagName !== "SELECT") continue
      const name = nameOf(select)
      if (!name) continue
      const parts = "[role=combobox], [role=textbox], .select2-search__field"
      for (const part of box.querySelectorAll(parts)) {
        if (!part.getAttribute("aria-label")) part.setAttribute("aria-label", name)
      }
      const rendered = box.querySelector(".select2-selection__rendered[id]")
      const combobox = box.querySelector(".select2-selection[role=combobox]")
      if (rendered && combobox) combobox.removeAttribute("aria-labelledby")
    }
  }

  let pending = false
  const observer = new MutationObserver(() => {
    if (pending) return
    pending = true
    requestAnimationFrame(() => {
      pending = false
      nameAll(document)
    })
  })
  window.addEventListener("load", () => {
    nameAll(document)
    observer.observe(document.body, { childList: true, subtree: true })
  })
}
