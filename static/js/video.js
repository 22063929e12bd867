// Click-to-load videos (articles/embeds.py): until the reader chooses to play, the page
// shows our own poster and title, and the browser asks nothing of the video site.
document.addEventListener("click", (event) => {
  const link = event.target.closest("a.video-facade[data-embed]")
  if (!link || event.button !== 0 || event.ctrlKey || event.metaKey || event.shiftKey) return
  event.preventDefault()
  const frame = document.createElement("iframe")
  frame.src = link.dataset.embed
  frame.title = link.dataset.title
  frame.className = "video-frame"
  frame.allow = "autoplay; encrypted-media; picture-in-picture; fullscreen"
  frame.allowFullscreen = true
  link.replaceWith(frame)
  frame.focus()
})
