// No lost work (articles/autosave.py): while someone types in the article form, a copy
// of its words is sent every few seconds (30 by default) to be kept for them alone. The
// article itself is only ever changed by its Save buttons.
"use strict"
document.addEventListener("DOMContentLoaded", () => {
  const status = document.querySelector(".autosave-status[data-url]")
  const form = status && status.closest("form")
  if (form) {
    const fields = ["title", "slug", "summary", "byline", "dateline", "body"]
    const seconds = Number(status.dataset.seconds) || 30
    let dirty = false
    let busy = false

    // Typing in the body's editor fires "input" on its editing area, which bubbles here.
    form.addEventListener("input", () => {
      dirty = true
    })
    form.addEventListener("submit", () => {
      dirty = false
    })

    const keep = async () => {
      if (!dirty || busy) return
      dirty = false
      busy = true
      const body = new FormData()
      body.append("article", status.dataset.article)
      body.append("base_version", form.elements.base_version ? form.elements.base_version.value : "")
      for (const name of fields) {
        if (form.elements[name]) body.append(name, form.elements[name].value)
      }
      try {
        const response = await fetch(status.dataset.url, {
          method: "POST",
          body,
          credentials: "same-origin",
          headers: { "X-CSRFToken": form.elements.csrfmiddlewaretoken.value },
        })
        if (!response.ok) throw new Error(`HTTP ${response.status}`)
        status.textContent = (await response.json()).message
      } catch {
        dirty = true
        status.textContent = "No copy could be kept just now: save before you leave."
      } finally {
        busy = false
      }
    }
    setInterval(keep, seconds * 1000)
  }
})
