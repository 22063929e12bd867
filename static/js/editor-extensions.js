// The body editor's own extensions (articles/richtext.py lists every extension, and what
// each writes, for the sanitizer). Loaded by django-prose-editor's "configurable" preset;
// exports replace the library's extensions of the same name.
import {
  Extension,
  Link as LibraryLink,
  Mark,
  Node,
  Table as LibraryTable,
  TableHeader as LibraryTableHeader,
  updateAttrsDialog,
} from "django-prose-editor/editor"

// The editable area is named by its field's label, and described by its help text, as
// the textarea it stands in for was.
export const FieldLabel = Extension.create({
  name: "fieldLabel",
  onCreate() {
    const dom = this.editor.view.dom
    const textarea = dom.closest(".prose-editor")?.querySelector("textarea")
    if (!textarea) return
    const label = document.querySelector(`label[for="${textarea.id}"]`)
    if (label) dom.setAttribute("aria-label", label.textContent.replace(/:\s*$/, "").trim())
    const help = textarea.getAttribute("aria-describedby")
    if (help) dom.setAttribute("aria-describedby", help)
    dom.setAttribute("aria-multiline", "true")
  },
})

// Links as the sanitizer writes them: the address first, a title only when there is
// one, never a target, and rel="noopener noreferrer" always.
export const Link = LibraryLink.extend({
  renderHTML(props) {
    const [tag, { href, title, hreflang }, hole] = this.parent(props)
    const attributes = { href }
    if (title) attributes.title = title
    if (hreflang) attributes.hreflang = hreflang
    attributes.rel = "noopener noreferrer"
    return [tag, attributes, hole]
  },
})

// Tables as the sanitizer keeps them: no <colgroup>, no style attribute.
export const Table = LibraryTable.extend({
  renderHTML({ HTMLAttributes }) {
    return ["table", HTMLAttributes, ["tbody", 0]]
  },
})

export const TableHeader = LibraryTableHeader.extend({
  addAttributes() {
    return {
      ...this.parent?.(),
      scope: {
        default: null,
        parseHTML: (element) => element.getAttribute("scope"),
        renderHTML: (attributes) => (attributes.scope ? { scope: attributes.scope } : {}),
      },
    }
  },
})

// Inline marks imported copy carries; kept as they are (no toolbar button).
function simpleMark(name, tag, attribute) {
  return Mark.create({
    name,
    addAttributes() {
      if (!attribute) return {}
      return {
        [attribute]: {
          default: null,
          parseHTML: (element) => element.getAttribute(attribute),
          renderHTML: (attributes) =>
            attributes[attribute] ? { [attribute]: attributes[attribute] } : {},
        },
      }
    },
    parseHTML: () => [{ tag }],
    renderHTML: ({ HTMLAttributes }) => [tag, HTMLAttributes, 0],
  })
}

export const Abbreviation = simpleMark("abbreviation", "abbr", "title")
export const Quotation = simpleMark("quotation", "q", "cite")
export const Citation = simpleMark("citation", "cite")
export const SmallPrint = simpleMark("smallPrint", "small")
export const Time = simpleMark("time", "time", "datetime")

function element(tag, attributes = {}, children = []) {
  const node = document.createElement(tag)
  for (const [key, value] of Object.entries(attributes)) {
    if (key === "text") node.textContent = value
    else node.setAttribute(key, value)
  }
  for (const child of children) node.append(child)
  return node
}

function csrfToken() {
  const input = document.querySelector("input[name=csrfmiddlewaretoken]")
  return input ? input.value : ""
}

// --- photos from the library, placed anywhere in the body -------------------------------

function photoCard(photo) {
  const figure = element("figure", { class: "body-photo-preview" })
  if (photo && photo.thumbnail) {
    figure.append(element("img", { src: photo.thumbnail, alt: photo.alt, width: "160" }))
  }
  const words = photo
    ? [photo.caption, photo.credit ? `(PHOTO: ${photo.credit})` : ""].filter(Boolean).join(" ")
    : ""
  figure.append(element("figcaption", { text: words || (photo ? photo.alt : "Photo") }))
  return figure
}

async function fetchJSON(url, options = {}) {
  const response = await fetch(url, { credentials: "same-origin", ...options })
  const data = await response.json().catch(() => ({}))
  if (!response.ok) {
    const error = new Error("request failed")
    error.data = data
    throw error
  }
  return data
}

function photoDialog(options) {
  // Resolves with a photo ({id, thumbnail, alt, caption, credit}) or null.
  return new Promise((resolve) => {
    const dialog = element("dialog", {
      class: "prose-editor-dialog body-photo-dialog",
      "aria-labelledby": "body-photo-title",
    })
    const search = element("input", { type: "search", id: "body-photo-q", name: "q" })
    const results = element("ul", { class: "body-photo-results", "aria-live": "polite" })
    const status = element("p", { class: "body-photo-status", role: "status" })
    const file = element("input", { type: "file", id: "body-photo-file", accept: "image/*" })
    const alt = element("input", { type: "text", id: "body-photo-alt", maxlength: "300" })
    const caption = element("textarea", { id: "body-photo-caption", rows: "2" })
    const credit = element("input", { type: "text", id: "body-photo-credit", maxlength: "200" })
    const upload = element("button", { type: "button", text: "Upload and insert" })
    const cancel = element("button", { type: "button", text: "Cancel" })
    const field = (label, input) =>
      element("p", {}, [element("label", { for: input.id, text: label }), " ", input])

    const done = (photo) => {
      dialog.close()
      dialog.remove()
      resolve(photo)
    }
    const show = (photos) => {
      results.replaceChildren()
      for (const photo of photos) {
        const choose = element("button", { type: "button", class: "body-photo-choice" }, [
          photoCard(photo),
        ])
        choose.setAttribute("aria-label", `Insert: ${photo.caption || photo.alt}`)
        choose.addEventListener("click", () => done(photo))
        results.append(element("li", {}, [choose]))
      }
      status.textContent = photos.length ? `${photos.length} photos` : "No photo matches."
    }
    const find = async () => {
      const url = `${options.libraryUrl}?q=${encodeURIComponent(search.value)}`
      try {
        show((await fetchJSON(url)).results)
      } catch {
        status.textContent = "The photo library could not be searched."
      }
    }
    let timer = null
    search.addEventListener("input", () => {
      clearTimeout(timer)
      timer = setTimeout(find, 250)
    })
    upload.addEventListener("click", async () => {
      const body = new FormData()
      if (file.files[0]) body.append("image", file.files[0])
      body.append("alt_text", alt.value)
      body.append("caption", caption.value)
      body.append("credit", credit.value)
      status.textContent = "Uploading…"
      try {
        const data = await fetchJSON(options.uploadUrl, {
          method: "POST",
          body,
          headers: { "X-CSRFToken": csrfToken() },
        })
        done(data.photo)
      } catch (error) {
        const errors = (error.data && error.data.errors) || {}
        status.textContent =
          Object.entries(errors)
            .map(([name, messages]) => `${name}: ${messages.join(" ")}`)
            .join(" ") || "The upload failed."
      }
    })
    cancel.addEventListener("click", () => done(null))
    dialog.addEventListener("cancel", (event) => {
      event.preventDefault()
      done(null)
    })

    dialog.append(
      element("h3", { id: "body-photo-title", text: "Insert a photo" }),
      field("Search captions, credits and alt text", search),
      results,
      element("h4", { text: "Or upload a new photo" }),
      field("Image file", file),
      field("Alt text (required)", alt),
      field("Caption", caption),
      field("Credit", credit),
      element("p", {}, [upload, " ", cancel]),
      status,
    )
    document.body.append(dialog)
    dialog.showModal()
    search.focus()
    find()
  })
}

export const BodyPhoto = Node.create({
  name: "bodyPhoto",
  group: "block",
  atom: true,
  draggable: true,
  addOptions: () => ({ libraryUrl: "", uploadUrl: "" }),
  addAttributes() {
    return {
      photo: {
        default: null,
        parseHTML: (element) => element.getAttribute("data-photo"),
        renderHTML: (attributes) => ({ "data-photo": attributes.photo }),
      },
    }
  },
  parseHTML: () => [{ tag: "figure[data-photo]" }],
  renderHTML: ({ HTMLAttributes }) => ["figure", HTMLAttributes],
  addNodeView() {
    const libraryUrl = this.options.libraryUrl
    return ({ node }) => {
      const dom = element("div", { class: "body-photo", "data-photo": node.attrs.photo })
      dom.append(photoCard(null))
      fetchJSON(`${libraryUrl}?id=${encodeURIComponent(node.attrs.photo)}`)
        .then((data) => {
          if (data.results.length) dom.replaceChildren(photoCard(data.results[0]))
        })
        .catch(() => {})
      return { dom }
    }
  },
  addCommands() {
    return {
      // The photo, then a paragraph to go on typing in (not the photo left selected,
      // which the next keystroke or paste would replace).
      insertBodyPhoto:
        (photo) =>
        ({ commands }) =>
          commands.insertContent([
            { type: this.name, attrs: { photo: String(photo) } },
            { type: "paragraph" },
          ]),
    }
  },
  addMenuItems({ menu, buttons }) {
    const options = this.options
    menu.defineItem({
      name: "bodyPhoto",
      groups: "nodes",
      button: buttons.material("add_photo_alternate", "Insert a photo"),
      async command(editor) {
        const photo = await photoDialog(options)
        if (photo) editor.chain().focus().insertBodyPhoto(photo.id).run()
        else editor.commands.focus()
      },
    })
  },
})

// --- videos: a link to YouTube or Vimeo, shown to readers as a click-to-load facade ----

const VIDEO_URL =
  /^https?:\/\/(?:(?:www\.|m\.)?youtube(?:-nocookie)?\.com\/(?:watch\?(?:.*&)?v=|embed\/|shorts\/|live\/)|youtu\.be\/|(?:www\.)?vimeo\.com\/(?:video\/)?|player\.vimeo\.com\/video\/)[\w-]+/

export const BodyVideo = Node.create({
  name: "bodyVideo",
  group: "block",
  atom: true,
  draggable: true,
  addAttributes() {
    return {
      url: {
        default: null,
        parseHTML: (element) => element.getAttribute("data-video"),
        renderHTML: (attributes) => ({ "data-video": attributes.url }),
      },
    }
  },
  parseHTML: () => [{ tag: "figure[data-video]" }],
  renderHTML: ({ HTMLAttributes }) => ["figure", HTMLAttributes],
  addNodeView() {
    return ({ node }) => ({
      dom: element("div", { class: "body-video" }, [
        element("span", { class: "material-icons", "aria-hidden": "true", text: "smart_display" }),
        ` Video: ${node.attrs.url}`,
      ]),
    })
  },
  addCommands() {
    return {
      insertBodyVideo:
        (url) =>
        ({ commands }) =>
          commands.insertContent([{ type: this.name, attrs: { url } }, { type: "paragraph" }]),
    }
  },
  addMenuItems({ menu, buttons }) {
    menu.defineItem({
      name: "bodyVideo",
      groups: "nodes",
      button: buttons.material("smart_display", "Embed a YouTube or Vimeo video"),
      async command(editor) {
        const attrs = await updateAttrsDialog(
          {
            url: {
              type: "string",
              title: "Video address",
              description: "A YouTube or Vimeo address, as copied from the browser.",
              required: true,
            },
          },
          { title: "Embed a video", submitText: "Embed" },
        )(editor, { url: "" })
        const url = attrs && attrs.url ? attrs.url.trim() : ""
        if (!url) return
        if (!VIDEO_URL.test(url)) {
          window.alert("That is not a YouTube or Vimeo video address.")
          return
        }
        editor.chain().focus().insertBodyVideo(url).run()
      },
    })
  },
})
