// Photo admin: click the picture to set the social card's focal point (in percent).
// Without JavaScript the two number fields below the picture do the same job.
"use strict";
document.addEventListener("DOMContentLoaded", () => {
  const picker = document.querySelector(".focal-point-picker");
  const inputX = document.getElementById("id_focal_x");
  const inputY = document.getElementById("id_focal_y");
  if (!picker || !inputX || !inputY) return;
  const image = picker.querySelector("img");
  const marker = picker.querySelector(".focal-point-marker");
  const place = () => {
    marker.style.left = `${inputX.value}%`;
    marker.style.top = `${inputY.value}%`;
  };
  image.addEventListener("click", (event) => {
    const box = image.getBoundingClientRect();
    const clamp = (value) => Math.min(100, Math.max(0, Math.round(value)));
    inputX.value = clamp(((event.clientX - box.left) / box.width) * 100);
    inputY.value = clamp(((event.clientY - box.top) / box.height) * 100);
    place();
  });
  inputX.addEventListener("input", place);
  inputY.addEventListener("input", place);
});
